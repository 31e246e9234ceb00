import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { isLocale, locales, type Locale } from '$lib/paraglide/runtime';
import { followView } from '$lib/server/asks/asks.service';
import { ServiceError } from '$lib/server/errors';
import { queryParam } from '$lib/server/forms';
import { ctxOf } from '$lib/server/http';
import { qrPath } from '$lib/server/qr';

/**
 * The printable slip of a status code: the code, the address it opens, a QR code drawn here as
 * SVG, and where to type the code, in the family's language (the first language of their ask,
 * or the one chosen with ?lang=). Like the status page it needs only the code, and is never
 * cached or indexed.
 */
export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	const view = await followView(await ctxOf(), event.params.token).catch((e: unknown) => {
		if (e instanceof ServiceError && e.code === 'not_found') error(404, m.follow_not_found());
		throw e;
	});
	// An older link has no code to print: its status page is all there is.
	if (view.code === null) error(404, m.follow_not_found());
	const asked = queryParam(event.url, 'lang');
	const theirs = view.languages.find((l) => isLocale(l));
	const locale: Locale = asked !== null && isLocale(asked) ? asked : theirs !== undefined && isLocale(theirs) ? theirs : event.locals.locale;
	const link = `${event.url.origin}/follow/${view.code}`;
	return {
		locale,
		others: locales.filter((l) => l !== locale),
		networkName: view.networkName,
		code: view.code,
		link,
		lookup: `${event.url.origin}/n/${view.networkSlug}/follow`,
		qr: qrPath(link)
	};
};

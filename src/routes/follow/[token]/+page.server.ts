import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { categoryLabel, hasMessage, translate } from '$lib/i18n/translate';
import { getAidSettings } from '$lib/server/asks/aid-settings';
import { endFollowCode, followStep, followView } from '$lib/server/asks/asks.service';
import { ServiceError } from '$lib/server/errors';
import { failFromService, translateErrors, readForm } from '$lib/server/forms';
import { ctxOf } from '$lib/server/http';
import { loadNetworkAccess } from '$lib/server/networks/networks.service';
import { noticeFrom } from '../../n/[slug]/notices';

/**
 * The status page of someone who asked without an account, reached only through the link they
 * were given. The link is the key, so there is no guard: an unknown, mistyped or erased link is
 * the same 404 (nothing says whether it ever worked), and the page is never cached or indexed.
 */

function notFound(): never {
	error(404, m.follow_not_found());
}

/** The service's "no such link" as the 404 page; every other failure goes on as it was. */
function orNotFound(e: unknown): never {
	if (e instanceof ServiceError && e.code === 'not_found') notFound();
	throw e;
}

function formatDateTime(date: Date, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	const ctx = await ctxOf();
	const view = await followView(ctx, event.params.token).catch(orNotFound);
	const locale = event.locals.locale;
	const network = await loadNetworkAccess(ctx, { userId: null, isInstanceAdmin: false }, view.networkSlug).catch(orNotFound);
	const settings = await getAidSettings(ctx.db, network.network.id);
	return {
		networkName: view.networkName,
		category: categoryLabel(view.category, view.categories),
		areaName: view.areaName,
		status: view.status,
		askedAt: { text: formatDateTime(view.createdAt, locale), iso: view.createdAt.toISOString() },
		deliveredAt: view.deliveredAt === null ? null : { text: formatDateTime(view.deliveredAt, locale), iso: view.deliveredAt.toISOString() },
		canConfirm: view.canConfirm,
		canCancel: view.canCancel,
		// A code (not an older link) is shown again here, with its slip, so it can be copied or printed.
		code: view.code === null ? null : { code: view.code, link: `${event.url.origin}/follow/${view.code}`, slipHref: `/follow/${view.code}/slip` },
		retentionDays: settings.retentionDays,
		views: view.accessLog.map((entry) => {
			const why = `follow_purpose_${entry.purpose}`;
			return {
				id: entry.id,
				at: formatDateTime(entry.at, locale),
				iso: entry.at.toISOString(),
				who: entry.viewerName,
				why: hasMessage(why) ? translate(why) : entry.purpose
			};
		}),
		notice: noticeFrom(event.url, ['confirmed', 'cancelled'] as const)
	};
};

async function step(event: RequestEvent, action: 'confirm' | 'cancel') {
	try {
		await followStep(await ctxOf(), event.params.token ?? '', action);
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') notFound();
		return failFromService(e, {});
	}
	redirect(303, `${event.url.pathname}?notice=${action === 'confirm' ? 'confirmed' : 'cancelled'}`);
}

export const actions: Actions = {
	/** "It arrived": closes a delivered ask. */
	confirm: async (event) => step(event, 'confirm'),

	/** Ends the code for good (someone else saw it), once the person ticked that they mean it. */
	end: async (event) => {
		const input = await readForm(event.request);
		if (input.confirmEnd !== 'on') return fail(400, { errors: translateErrors({ confirmEnd: 'confirm_required' }), values: {} });
		let ended;
		try {
			ended = await endFollowCode(await ctxOf(), event.params.token ?? '');
		} catch (e) {
			if (e instanceof ServiceError && e.code === 'not_found') notFound();
			return failFromService(e, {});
		}
		redirect(303, `/n/${ended.networkSlug}/follow?notice=ended`);
	},

	/** Withdraws an ask nobody has taken yet, once the person ticked that they mean it. */
	cancel: async (event) => {
		const input = await readForm(event.request);
		if (input.confirm !== 'on') return fail(400, { errors: translateErrors({ confirm: 'confirm_required' }), values: {} });
		return step(event, 'cancel');
	}
};

import type { PageServerLoad } from './$types';
import { hasMessage, translate } from '$lib/i18n/translate';
import { listWhoViewedMyDetails } from '$lib/server/accounts/accounts.service';
import { ctxOf, requireUser } from '$lib/server/http';
import { formatDateTime } from '../dates';

export const load: PageServerLoad = async (event) => {
	const userId = requireUser(event);
	const locale = event.locals.locale;
	const entries = await listWhoViewedMyDetails(await ctxOf(), userId);
	return {
		entries: entries.map((e) => {
			// Fields get a name in the person's language when one exists; new kinds show their raw name.
			const key = `acct_field_${e.resource}_${e.field}`;
			return {
				at: formatDateTime(e.at, locale),
				iso: e.at.toISOString(),
				who: e.actorName,
				what: hasMessage(key) ? translate(key) : `${e.resource}.${e.field}`,
				why: e.purpose
			};
		})
	};
};

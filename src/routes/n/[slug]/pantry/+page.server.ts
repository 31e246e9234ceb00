import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { STARTER_CATALOGUE } from '$lib/domain/pantry-catalogue';
import { getLocale } from '$lib/paraglide/runtime';
import { failFromService, queryParam } from '$lib/server/forms';
import { adoptStarterCatalogue } from '$lib/server/pantry/catalogue.service';
import { stockOverview, storedName } from '$lib/server/pantry/stock.service';
import { noticeFrom } from '../notices';
import { pantryFromParams, pantryHeader } from './pantry-route';

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.view');
	const overview = await stockOverview(r.ctx, r.actor, r.access);
	const locale = getLocale();
	const notice = noticeFrom(event.url, ['adopted'] as const);
	return {
		...pantryHeader(r),
		places: overview.places,
		low: overview.low.map((l) => ({
			itemId: l.itemId,
			name: storedName(l.namesJson, l.name, locale),
			size: l.size,
			unit: l.unit,
			minLevel: l.minLevel,
			quantity: l.quantity
		})),
		itemCount: overview.itemCount,
		starterCount: STARTER_CATALOGUE.length,
		notice,
		added: notice === 'adopted' ? addedFrom(event.url) : 0
	};
};

/** The number in `?added=` after adopting the starter list (only ever a count shown in words). */
function addedFrom(url: URL): number {
	const n = Number.parseInt(queryParam(url, 'added') ?? '0', 10);
	return Number.isFinite(n) && n >= 0 && n <= STARTER_CATALOGUE.length ? n : 0;
}

export const actions: Actions = {
	/** Adds every starter item the network does not have yet, in one step. */
	adopt: async (event) => {
		const r = await pantryFromParams(event, 'pantry.manage');
		let added: number;
		try {
			({ added } = await adoptStarterCatalogue(r.ctx, r.actor, r.access));
		} catch (e) {
			return failFromService(e, { form: 'adopt' });
		}
		redirect(303, `${r.base}?notice=adopted&added=${added}`);
	}
};

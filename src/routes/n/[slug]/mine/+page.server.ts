import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromService, failForm, readForm } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { getAidSettings } from '$lib/server/asks/aid-settings';
import { listMatchesForMe, listMine } from '$lib/server/asks/asks.service';
import { closeOffer, listMyOffers } from '$lib/server/offers/offers.service';
import { noticeFrom } from '../notices';

/** One member's side of the board: what they asked, recorded, claimed and offered, and asks that suit their offers. */
export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	const actor = guard(event, 'network.member', access.resource);
	const ctx = await ctxOf();
	const [mine, offers, matches, settings] = await Promise.all([
		listMine(ctx, actor, access),
		listMyOffers(ctx, actor, access),
		listMatchesForMe(ctx, actor, access),
		getAidSettings(ctx.db, access.network.id)
	]);
	return {
		network: { slug: access.network.slug, name: access.network.name },
		areas: access.areas,
		categories: settings.categories,
		mine,
		offers,
		matches,
		notice: noticeFrom(event.url, ['offer_created', 'offer_closed'] as const)
	};
};

export const actions: Actions = {
	closeOffer: async (event) => {
		const access = await networkFromParams(event);
		const actor = guard(event, 'network.member', access.resource);
		const input = await readForm(event.request);
		const offerId = typeof input.offerId === 'string' ? input.offerId : '';
		if (offerId === '') return failForm(400, { _form: 'not_found' }, {});
		try {
			await closeOffer(await ctxOf(), actor, access, offerId);
		} catch (e) {
			return failFromService(e, {});
		}
		redirect(303, `/n/${access.network.slug}/mine?notice=offer_closed`);
	}
};

import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint } from '$lib/server/api/respond';
import { listMyOffers } from '$lib/server/offers/offers.service';
import { offerCardJson } from '../../asks/json';

/** Members: the caller's own offers, active and closed (the ones they can close). */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	return json({ items: (await listMyOffers(api.ctx, api.actor, access)).map(offerCardJson) });
});

import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint } from '$lib/server/api/respond';
import { closeOffer } from '$lib/server/offers/offers.service';

/** The offerer withdraws an offer; someone else's offer (or none) is 404. */
export const POST: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	await closeOffer(api.ctx, api.actor, access, api.event.params.id ?? '');
	return new Response(null, { status: 204 });
});

import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint } from '$lib/server/api/respond';
import { suggestForAsk } from '$lib/server/asks/asks.service';
import { suggestionJson } from '../../json';

/** Stewards: the volunteers best placed to help with this ask, best first, with a score and the reasons. */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.steward', access.resource);
	const items = await suggestForAsk(api.ctx, api.actor, access, api.event.params.id ?? '');
	return json({ items: items.map(suggestionJson) });
});

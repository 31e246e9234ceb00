import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint } from '$lib/server/api/respond';
import { getAskDetail } from '$lib/server/asks/asks.service';
import { askDetailJson } from '../json';

/**
 * One ask as the caller may see it: the card and the steps they may take; the history for the
 * people involved and stewards; who viewed the private part for the person who asked and
 * stewards. The private part itself is only ever in POST …/reveal.
 */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	return json(askDetailJson(await getAskDetail(api.ctx, api.actor, access, api.event.params.id ?? '')));
});

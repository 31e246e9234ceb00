import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint } from '$lib/server/api/respond';
import { takeStep } from '$lib/server/asks/asks.service';

/** Members: claim an open ask. One claim wins; the others get 409 already_claimed. */
export const POST: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const id = api.event.params.id ?? '';
	const result = await takeStep(api.ctx, api.actor, access, id, { action: 'claim', note: null, targetUserId: null });
	return json({ id, status: result.status });
});

import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { ApiError, apiGuard, apiNetwork, endpoint, readBody } from '$lib/server/api/respond';
import { transitionSchema } from '$lib/server/asks/asks.schema';
import { takeStep } from '$lib/server/asks/asks.service';

/**
 * Every step but the claim (which has its own endpoint): {"action": "pick_up"}, "deliver",
 * "confirm", "release", "cancel", "approve"; "could_not_deliver" with a note; "hand_over" and
 * "reassign" with a targetUserId. A step the ask has moved past is 409 ask_status_changed.
 */
export const POST: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const body = await readBody(api.event.request, transitionSchema);
	if (body.action === 'claim') throw new ApiError(400, 'invalid', { action: 'invalid_choice' });
	const id = api.event.params.id ?? '';
	const result = await takeStep(api.ctx, api.actor, access, id, body);
	return json({ id, status: result.status });
});

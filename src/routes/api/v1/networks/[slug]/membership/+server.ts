import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint, readBody } from '$lib/server/api/respond';
import { joinNetwork, leaveNetwork } from '$lib/server/members/members.service';

const joinSchema = z.object({ invite: z.string().trim().max(200, 'too_long').optional() });

/** Join by the network's policy (or with an invite token): 201 with "active" or "pending". */
export const POST: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.join', access.resource);
	const body = await readBody(api.event.request, joinSchema);
	const result = await joinNetwork(api.ctx, api.actor, access, body.invite || undefined);
	return json(result, { status: 201 });
});

/** Leave, or withdraw a pending request. The last admin is refused (409 last_admin). */
export const DELETE: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.leave', access.resource);
	await leaveNetwork(api.ctx, api.actor, access);
	return new Response(null, { status: 204 });
});

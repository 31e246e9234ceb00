import { z } from 'zod';
import type { RequestHandler } from './$types';
import { ApiError, apiGuard, apiNetwork, endpoint, readBody } from '$lib/server/api/respond';
import { approveMember, changeRole, declineMember, findMembershipStatus, removeMember } from '$lib/server/members/members.service';
import { ROLES } from '$lib/server/policy/policy';

const patchSchema = z
	.object({
		role: z.enum(ROLES, 'invalid_choice').optional(),
		status: z.literal('active', 'invalid_choice').optional()
	})
	.refine((v) => v.role !== undefined || v.status !== undefined, 'required');

/** Admins: approve a pending request ({"status":"active"}) and/or change a role ({"role":"steward"}). */
export const PATCH: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.manage', access.resource);
	const body = await readBody(api.event.request, patchSchema);
	const userId = api.event.params.userId ?? '';
	if (body.status === 'active') await approveMember(api.ctx, access, userId);
	if (body.role !== undefined) await changeRole(api.ctx, access, userId, body.role);
	return new Response(null, { status: 204 });
});

/** Admins: remove a member, or decline a pending request. */
export const DELETE: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.manage', access.resource);
	const userId = api.event.params.userId ?? '';
	const status = await findMembershipStatus(api.ctx, access, userId);
	if (status === null) throw new ApiError(404, 'not_member');
	if (status === 'pending') await declineMember(api.ctx, access, userId);
	else await removeMember(api.ctx, access, userId);
	return new Response(null, { status: 204 });
});

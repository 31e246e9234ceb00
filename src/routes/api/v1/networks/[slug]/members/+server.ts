import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { ApiError, apiGuard, apiNetwork, endpoint, pageParam, apiQueryParam } from '$lib/server/api/respond';
import { listMembersPage } from '$lib/server/members/members.service';

/** Stewards and admins: members (or pending requests with ?status=pending), 20 a page, ?q= to search names. */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.members.list', access.resource);
	const status = apiQueryParam(api.event.url, 'status') ?? 'active';
	if (status !== 'active' && status !== 'pending') throw new ApiError(400, 'invalid', { status: 'invalid_choice' });
	const q = apiQueryParam(api.event.url, 'q') ?? undefined;
	const page = await listMembersPage(api.ctx, access, status, pageParam(api.event.url), q);
	return json({
		items: page.items.map((m) => ({
			userId: m.userId,
			displayName: m.displayName,
			role: m.role,
			status: m.status,
			joinedAt: m.joinedAt.toISOString()
		})),
		page: page.page,
		pageCount: page.pageCount,
		total: page.total
	});
});

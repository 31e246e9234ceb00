import type { PageServerLoad } from './$types';
import { REQUEST_STATUSES, type RequestStatus } from '$lib/domain/fund-requests';
import { listRequests, pageFrom } from '$lib/server/funds/funds.service';
import { fundFromParams, fundHeader } from '../../fund-route';
import { queryParam } from '$lib/server/forms';

const FILTERS = ['open', 'all', ...REQUEST_STATUSES] as const;
type Filter = RequestStatus | 'open' | 'all';

export const load: PageServerLoad = async (event) => {
	const r = await fundFromParams(event, 'network.member');
	const actor = r.actor;
	const raw = queryParam(event.url, 'status');
	const status: Filter = FILTERS.find((f) => f === raw) ?? 'open';
	const mine = queryParam(event.url, 'mine') === '1';
	const page = pageFrom(queryParam(event.url, 'page'));
	const list = await listRequests(r.ctx, actor, r.access, r.fc, { status, mine }, page);
	return {
		...fundHeader(r),
		approvalsRequired: r.fc.fund.approvalsRequired,
		filters: [...FILTERS],
		status,
		mine,
		list
	};
};

import type { PageServerLoad } from './$types';
import { fundBalances, listFundApprovers, publicReport } from '$lib/server/funds/funds.service';
import { noticeFrom } from '../../notices';
import { fundFromParams, fundHeader } from '../fund-route';

export const load: PageServerLoad = async (event) => {
	const r = await fundFromParams(event, 'network.view');
	const actor = r.actor;
	const f = r.fc.fund;
	const [report, balances, approvers] = await Promise.all([
		publicReport(r.ctx, r.fc),
		r.fc.roles.isMember ? fundBalances(r.ctx, actor, r.access, r.fc) : Promise.resolve(null),
		r.fc.roles.isMember ? listFundApprovers(r.ctx, r.fc) : Promise.resolve([])
	]);
	return {
		...fundHeader(r),
		rules: r.fc.roles.isMember
			? {
					approvalsRequired: f.approvalsRequired,
					approverMode: f.approverMode,
					approvers: approvers.map((a) => a.name),
					maxPerRequestMinor: f.maxPerRequestMinor,
					maxPerHouseholdMinor: f.maxPerHouseholdMinor,
					allowWaitlist: f.allowWaitlist
				}
			: null,
		publicPage: f.publicPage,
		report,
		balances,
		notice: noticeFrom(event.url, ['created'] as const)
	};
};

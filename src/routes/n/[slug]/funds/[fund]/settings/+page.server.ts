import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { fundFormValues } from '$lib/server/funds/fund-form';
import { listApproverIds, countTxns } from '$lib/server/funds/funds.repository';
import { fundSchema } from '$lib/server/funds/funds.schema';
import { updateFund } from '$lib/server/funds/funds.service';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { listMembers } from '$lib/server/members/members.repository';
import { noticeFrom } from '../../../notices';
import { fundFromParams, fundHeader } from '../../fund-route';

export const load: PageServerLoad = async (event) => {
	const r = await fundFromParams(event, 'fund.manage');
	const [members, approverIds, txns] = await Promise.all([
		listMembers(r.ctx.db, r.access.network.id, 'active', { limit: 500, offset: 0 }),
		listApproverIds(r.ctx.db, r.fc.fund.id),
		countTxns(r.ctx.db, r.fc.fund.id)
	]);
	return {
		...fundHeader(r),
		members: members.map((p) => ({ id: p.userId, name: p.displayName })),
		current: fundFormValues(r.fc.fund, approverIds, getLocale()),
		currencyLocked: txns > 0,
		notice: noticeFrom(event.url, ['saved'] as const)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const r = await fundFromParams(event, 'fund.manage');
		const actor = r.actor;
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(fundSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await updateFund(r.ctx, actor, r.access, r.fc.fund.id, parsed.data, getLocale());
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/settings?notice=saved`);
	}
};

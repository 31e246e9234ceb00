import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { listFunds as listFundRows } from '$lib/server/funds/funds.repository';
import { transferSchema } from '$lib/server/funds/funds.schema';
import { checkFundLedger, listLedger, pageFrom, transferBetweenFunds, yearlySummary } from '$lib/server/funds/funds.service';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { noticeFrom } from '../../../notices';
import { fundFromParams, fundHeader } from '../../fund-route';

export const load: PageServerLoad = async (event) => {
	const r = await fundFromParams(event, 'fund.record');
	const actor = r.actor;
	const year = r.ctx.now().getUTCFullYear();
	const [ledger, summary, funds] = await Promise.all([
		listLedger(r.ctx, actor, r.access, r.fc, pageFrom(queryParam(event.url, 'page'))),
		yearlySummary(r.ctx, actor, r.access, r.fc, year),
		r.fc.roles.isAdmin ? listFundRows(r.ctx.db, r.access.network.id) : Promise.resolve([])
	]);
	const firstYear = r.fc.fund.createdAt.getUTCFullYear();
	return {
		...fundHeader(r),
		ledger,
		summary,
		years: Array.from({ length: year - firstYear + 1 }, (_, i) => year - i),
		otherFunds: funds
			.filter((x) => x.id !== r.fc.fund.id && x.currency === r.fc.fund.currency && x.status === 'active')
			.map((x) => ({ id: x.id, name: x.name })),
		notice: noticeFrom(event.url, ['transferred'] as const)
	};
};

export const actions: Actions = {
	/** Recomputes every balance of the network from its lines (it reads every line, so it runs when asked). */
	check: async (event) => {
		const r = await fundFromParams(event, 'fund.record');
		const check = await checkFundLedger(r.ctx, r.actor, r.access);
		return {
			check: {
				accounts: check.accounts,
				transactions: check.transactions,
				drift: check.drift.filter((x) => x.fundId === r.fc.fund.id),
				unbalanced: check.unbalanced.length
			}
		};
	},

	transfer: async (event) => {
		const r = await fundFromParams(event, 'fund.manage');
		const actor = r.actor;
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(transferSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await transferBetweenFunds(r.ctx, actor, r.access, r.fc, parsed.data, getLocale());
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/ledger?notice=transferred`);
	}
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localDay } from '$lib/domain/days';
import { getLocale } from '$lib/paraglide/runtime';
import { donationSchema, PAYMENT_METHODS, reverseSchema } from '$lib/server/funds/funds.schema';
import { listDonations, pageFrom, recordDonation, reverseDonation } from '$lib/server/funds/funds.service';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { noticeFrom } from '../../../notices';
import { fundFromParams, fundHeader } from '../../fund-route';

export const load: PageServerLoad = async (event) => {
	const r = await fundFromParams(event, 'fund.record');
	const actor = r.actor;
	const list = await listDonations(r.ctx, actor, r.access, r.fc, pageFrom(queryParam(event.url, 'page')));
	const current: Record<string, string> = { receivedOn: localDay(r.ctx.now()), method: 'cash' };
	return {
		...fundHeader(r),
		methods: [...PAYMENT_METHODS],
		list: {
			...list,
			items: list.items.map((d) => ({
				id: d.id,
				amountMinor: d.amountMinor,
				feeMinor: d.feeMinor,
				receivedOn: d.receivedOn,
				method: d.method,
				donorName: d.donorName,
				recurring: d.recurring,
				providerRef: d.providerRef,
				source: d.source,
				reversed: d.reversedAt !== null
			}))
		},
		current,
		notice: noticeFrom(event.url, ['recorded', 'reversed'] as const)
	};
};

export const actions: Actions = {
	record: async (event) => {
		const r = await fundFromParams(event, 'fund.record');
		const actor = r.actor;
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(donationSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await recordDonation(r.ctx, actor, r.access, r.fc, parsed.data, getLocale());
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/donations?notice=recorded`);
	},

	/** Undo a donation recorded by mistake: new entries of the opposite sign; the original stays. */
	reverse: async (event) => {
		const r = await fundFromParams(event, 'fund.record');
		const actor = r.actor;
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'reverse' };
		const parsed = parseWith(reverseSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await reverseDonation(r.ctx, actor, r.access, r.fc, parsed.data.donationId);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${r.base}/donations?notice=reversed`);
	}
};

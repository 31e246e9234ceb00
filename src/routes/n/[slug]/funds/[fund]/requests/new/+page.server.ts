import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { FUND_PURPOSES } from '$lib/domain/ledger';
import { getLocale } from '$lib/paraglide/runtime';
import { failAsk, failAskFields } from '$lib/server/asks/ask-form';
import { fundRequestSchema } from '$lib/server/funds/funds.schema';
import { createRequest } from '$lib/server/funds/funds.service';
import { keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { fundFromParams, fundHeader } from '../../../fund-route';

function modeOf(url: URL): 'self' | 'on_behalf' {
	return queryParam(url, 'for') === 'neighbour' ? 'on_behalf' : 'self';
}

export const load: PageServerLoad = async (event) => {
	const mode = modeOf(event.url);
	const r = await fundFromParams(event, mode === 'self' ? 'network.member' : 'fund.record');
	const askId = queryParam(event.url, 'ask') ?? '';
	const current: Record<string, string> = { purpose: askId ? 'rent' : '', askId };
	return {
		...fundHeader(r),
		mode,
		purposes: [...FUND_PURPOSES],
		maxPerRequestMinor: r.fc.fund.maxPerRequestMinor,
		current
	};
};

export const actions: Actions = {
	default: async (event) => {
		const mode = modeOf(event.url);
		const r = await fundFromParams(event, mode === 'self' ? 'network.member' : 'fund.record');
		const actor = r.actor;
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(fundRequestSchema, input);
		if (!parsed.ok) return failAskFields(parsed.errors, values);
		let id: string;
		try {
			({ id } = await createRequest(r.ctx, actor, r.access, r.fc, parsed.data, mode, getLocale()));
		} catch (e) {
			return failAsk(e, values);
		}
		redirect(303, `${r.base}/requests/${id}?notice=created`);
	}
};

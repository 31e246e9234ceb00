import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localDay } from '$lib/domain/days';
import { DECLINE_REASONS, REQUEST_ACTIONS } from '$lib/domain/fund-requests';
import { errorMessage } from '$lib/i18n/translate';
import { getLocale } from '$lib/paraglide/runtime';
import { failAsk, failAskFields } from '$lib/server/asks/ask-form';
import { ServiceError } from '$lib/server/errors';
import { decisionSchema, PAYMENT_METHODS } from '$lib/server/funds/funds.schema';
import { actOnRequest, getRequest, requestAccessLog, revealRequest } from '$lib/server/funds/funds.service';
import { failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { noticeFrom } from '../../../../notices';
import { fundFromParams, fundHeader } from '../../../fund-route';

const NOTICES = ['created', ...REQUEST_ACTIONS] as const;

export const load: PageServerLoad = async (event) => {
	const r = await fundFromParams(event, 'network.member');
	const actor = r.actor;
	let detail;
	try {
		detail = await getRequest(r.ctx, actor, r.access, r.fc, event.params.id);
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') error(404, errorMessage('not_found'));
		throw e;
	}
	const accessLog = detail.roles.isRequester ? await requestAccessLog(r.ctx, actor, r.access, r.fc, event.params.id) : [];
	return {
		...fundHeader(r),
		detail,
		accessLog,
		reasons: [...DECLINE_REASONS],
		methods: [...PAYMENT_METHODS],
		today: localDay(r.ctx.now()),
		notice: noticeFrom(event.url, NOTICES)
	};
};

export const actions: Actions = {
	act: async (event) => {
		const r = await fundFromParams(event, 'network.member');
		const actor = r.actor;
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(decisionSchema, input);
		if (!parsed.ok) return failAskFields(parsed.errors, values);
		// Withdrawing is final: the box must be ticked, with or without JavaScript.
		if (parsed.data.action === 'cancel' && input.confirm !== 'on') return failAskFields({ confirm: 'confirm_required' }, values);
		try {
			await actOnRequest(r.ctx, actor, r.access, r.fc, event.params.id, parsed.data, getLocale());
		} catch (e) {
			return failAsk(e, values);
		}
		redirect(303, `${r.base}/requests/${event.params.id}?notice=${parsed.data.action}`);
	},

	/** Shows the private parts in this response only; every value read is one access-log row. */
	reveal: async (event) => {
		const r = await fundFromParams(event, 'network.member');
		const actor = r.actor;
		try {
			return { revealed: await revealRequest(r.ctx, actor, r.access, r.fc, event.params.id) };
		} catch (e) {
			return failFromService(e, { action: 'reveal' });
		}
	}
};

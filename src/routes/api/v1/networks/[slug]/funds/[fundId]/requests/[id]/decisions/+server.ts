import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint, readBody } from '$lib/server/api/respond';
import { decisionSchema } from '$lib/server/funds/funds.schema';
import { actOnRequest } from '$lib/server/funds/funds.service';
import { answeringSensitive } from '../../../../../asks/json';
import { apiFund, optionalMinor } from '../../../../json';

const stepSchema = decisionSchema.extend({ amount: optionalMinor });

/**
 * One step on a request: {"action": "approve"} (perhaps with a smaller amount), "decline" with a
 * reason, "ask_info" or "comment" with a note, "cancel", or "pay" with a method. Nobody decides a
 * request they made or recorded (403 own_request); approving twice is 409 already_approved; a
 * step the request has moved past is 409 request_status_changed.
 */
export const POST: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const body = await readBody(api.event.request, stepSchema);
	const fc = await apiFund(api, access);
	const id = api.event.params.id ?? '';
	return answeringSensitive(async () => {
		const result = await actOnRequest(api.ctx, api.actor, access, fc, id, body, api.event.locals.locale);
		return json({ id, status: result.status });
	});
});

import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint } from '$lib/server/api/respond';
import { getRequest, requestAccessLog } from '$lib/server/funds/funds.service';
import { apiFund, requestDetailJson } from '../../../json';

/**
 * One request, to the person it is for, the steward who recorded it, approvers and stewards;
 * 404 to anyone else, as if it did not exist. The person it is for also gets their own note
 * and payee details and who has read them; everyone else gets those only from POST …/reveal.
 */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const fc = await apiFund(api, access);
	const id = api.event.params.id ?? '';
	const detail = await getRequest(api.ctx, api.actor, access, fc, id);
	const log = detail.roles.isRequester ? await requestAccessLog(api.ctx, api.actor, access, fc, id) : null;
	return json(requestDetailJson(detail, log), { headers: { 'cache-control': 'private, no-store' } });
});

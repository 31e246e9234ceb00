import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint } from '$lib/server/api/respond';
import { revealRequest } from '$lib/server/funds/funds.service';
import { apiFund, revealJson } from '../../../../json';

/**
 * The sealed part of a request (note, payee name and reference, and the decisions' notes), to
 * the person it is for and the fund's approvers; 403 private_not_visible to anyone else who may
 * open the request. A POST because it has an effect: every value read is logged, and the person
 * the request is for can see who looked.
 */
export const POST: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const fc = await apiFund(api, access);
	const shown = await revealRequest(api.ctx, api.actor, access, fc, api.event.params.id ?? '');
	return json(revealJson(shown), { headers: { 'cache-control': 'private, no-store' } });
});

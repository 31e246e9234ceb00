import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint } from '$lib/server/api/respond';
import { revealPrivate } from '$lib/server/asks/asks.service';
import { privateJson } from '../../json';

/**
 * The private part (contact name, address, phone, access notes), to the person who asked,
 * stewards, and the claimant from the claim until the grace period after delivery; anyone else
 * gets 403 private_not_visible. A POST because it has an effect: every call by someone other
 * than the person who asked writes an access-log row they can read.
 */
export const POST: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const shown = await revealPrivate(api.ctx, api.actor, access, api.event.params.id ?? '');
	return json(privateJson(shown), { headers: { 'cache-control': 'private, no-store' } });
});

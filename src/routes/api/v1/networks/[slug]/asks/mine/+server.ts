import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint } from '$lib/server/api/respond';
import { listMine } from '$lib/server/asks/asks.service';
import { askCardJson } from '../json';

/** Members: the caller's own asks, the asks they recorded for others, and their claims (cards). */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const mine = await listMine(api.ctx, api.actor, access);
	return json({ asked: mine.asked.map(askCardJson), recorded: mine.recorded.map(askCardJson), claimed: mine.claimed.map(askCardJson) });
});

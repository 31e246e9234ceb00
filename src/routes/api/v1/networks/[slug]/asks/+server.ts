import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { ApiError, apiGuard, apiNetwork, endpoint, pageParam, readBody, apiQueryParam } from '$lib/server/api/respond';
import { askSchema } from '$lib/server/asks/asks.schema';
import { createAsk, listBoard } from '$lib/server/asks/asks.service';
import { answeringSensitive, askCardJson, boardFilterFrom } from './json';

/**
 * Members: the board of open asks, 20 a page, filtered by category, area (id), urgency, language
 * and q. Stewards can list the asks waiting for review with ?status=review. Cards only: never
 * who asked, recorded or claimed, never the private part.
 */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const url = api.event.url;
	const status = apiQueryParam(url, 'status') ?? 'open';
	if (status !== 'open' && status !== 'review') throw new ApiError(400, 'invalid', { status: 'invalid_choice' });
	if (status === 'review') apiGuard(api.actor, 'network.steward', access.resource);
	const board = await listBoard(api.ctx, api.actor, access, boardFilterFrom(url), pageParam(url), status);
	return json({ items: board.items.map(askCardJson), page: board.page, pageCount: board.pageCount, total: board.total, more: board.more });
});

const createSchema = askSchema.extend({
	/** Stewards: record the ask for a neighbour without an account (answers with their status-link token, once). */
	onBehalf: z.boolean('invalid').default(false)
});

/** Members ask for themselves; stewards record an ask for someone else with {"onBehalf": true}. */
export const POST: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const body = await readBody(api.event.request, createSchema);
	if (body.onBehalf) apiGuard(api.actor, 'network.steward', access.resource);
	return answeringSensitive(async () => {
		const created = await createAsk(api.ctx, api.actor, access, body, body.onBehalf ? 'on_behalf' : 'self');
		return json(
			{ id: created.id, status: 'open', followToken: created.followCode },
			{ status: 201, headers: { location: `/api/v1/networks/${access.network.slug}/asks/${created.id}` } }
		);
	});
});

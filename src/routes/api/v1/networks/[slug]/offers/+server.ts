import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint, pageParam, readBody } from '$lib/server/api/respond';
import { offerSchema } from '$lib/server/offers/offers.schema';
import { createOffer, listOffersBoard } from '$lib/server/offers/offers.service';
import { boardFilterFrom, offerCardJson } from '../asks/json';

/** Members: active offers of help, 20 a page, filtered by category, area (id) and language. Never who offers. */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const url = api.event.url;
	const board = await listOffersBoard(api.ctx, api.actor, access, boardFilterFrom(url), pageParam(url));
	return json({ items: board.items.map(offerCardJson), page: board.page, pageCount: board.pageCount, total: board.total });
});

/** Members offer help: a category, areas (ids; none means all), days '0'–'6' (Sunday first), from/to 'HH:MM'. */
export const POST: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const body = await readBody(api.event.request, offerSchema);
	const { id } = await createOffer(api.ctx, api.actor, access, body);
	return json({ id, status: 'active' }, { status: 201 });
});

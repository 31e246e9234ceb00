import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint, readBody } from '$lib/server/api/respond';
import { fundSchema } from '$lib/server/funds/funds.schema';
import { createFund, listFunds, loadFund } from '$lib/server/funds/funds.service';
import { balancesJson, fundJson, optionalMinor, requireToken, rolesJson } from './json';

/**
 * Any signed-in person: the network's funds. Members get every fund with its balances; anyone
 * else only the funds with a public page, without balances (their public figures are on each
 * fund's own endpoint).
 */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	requireToken(api);
	apiGuard(api.actor, 'network.view', access.resource);
	const items = await listFunds(api.ctx, api.actor, access);
	return json({ items: items.map((i) => ({ ...fundJson(i.fund), balances: i.summary === null ? null : balancesJson(i.summary) })) });
});

const createSchema = fundSchema.extend({
	maxPerRequest: optionalMinor,
	maxPerHousehold: optionalMinor,
	// A fund is for the neighbourhood to see unless an admin decides otherwise: its k-anonymous figures are the point.
	publicPage: z.boolean('invalid').default(true)
});

/** Admins create a fund: amounts are integers of minor units; at least two approvals are always needed. */
export const POST: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'fund.manage', access.resource);
	const body = await readBody(api.event.request, createSchema);
	const { id } = await createFund(api.ctx, api.actor, access, body, api.event.locals.locale);
	const fc = await loadFund(api.ctx, api.actor, access, id);
	return json({ ...fundJson(fc.fund), roles: rolesJson(fc) }, { status: 201, headers: { location: `/api/v1/networks/${access.network.slug}/funds/${id}` } });
});

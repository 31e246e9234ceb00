import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint, pageParam, readBody } from '$lib/server/api/respond';
import { fundRequestSchema } from '$lib/server/funds/funds.schema';
import { createRequest, listRequests } from '$lib/server/funds/funds.service';
import { answeringSensitive } from '../../../asks/json';
import { apiFund, requestFilterFrom, requestItemJson, requiredMinor } from '../../json';

/**
 * Members: the fund's requests, anonymised (what for, how much, where it stands, the day it
 * came in). `id` is set only on those the caller may open: their own, or all of them for
 * stewards and approvers. ?status=open (default), all, or one status; ?mine=1 for one's own.
 */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const url = api.event.url;
	const filter = requestFilterFrom(url);
	const page = pageParam(url);
	const fc = await apiFund(api, access);
	const list = await listRequests(api.ctx, api.actor, access, fc, filter, page);
	return json({ items: list.items.map(requestItemJson), page: list.page, pageCount: list.pages, total: list.total });
});

const createSchema = fundRequestSchema.extend({
	amount: requiredMinor,
	/** Stewards: record the request for a neighbour, who is named by `household` for the per-household limit. */
	onBehalf: z.boolean('invalid').default(false)
});

/**
 * Members ask a fund for money for themselves; stewards record a request for a neighbour with
 * {"onBehalf": true}. The note and payee details are sealed at once and shown only to the
 * person it is for and, on request and logged, to the fund's approvers.
 */
export const POST: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.member', access.resource);
	const body = await readBody(api.event.request, createSchema);
	if (body.onBehalf) apiGuard(api.actor, 'fund.record', access.resource);
	const fc = await apiFund(api, access);
	return answeringSensitive(async () => {
		const { id } = await createRequest(api.ctx, api.actor, access, fc, body, body.onBehalf ? 'on_behalf' : 'self', api.event.locals.locale);
		return json(
			{ id, status: 'pending' },
			{ status: 201, headers: { location: `/api/v1/networks/${access.network.slug}/funds/${fc.fund.id}/requests/${id}` } }
		);
	});
});

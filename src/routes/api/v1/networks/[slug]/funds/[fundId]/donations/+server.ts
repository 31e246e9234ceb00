import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint, pageParam, readBody } from '$lib/server/api/respond';
import { donationSchema } from '$lib/server/funds/funds.schema';
import { listDonations, recordDonation } from '$lib/server/funds/funds.service';
import { apiFund, donationJson, optionalMinor, requiredMinor } from '../../json';

/** Stewards: the fund's donations, newest first, 25 a page, with donor names and references. */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'fund.record', access.resource);
	const page = pageParam(api.event.url);
	const fc = await apiFund(api, access);
	const list = await listDonations(api.ctx, api.actor, access, fc, page);
	return json({ items: list.items.map(donationJson), page: list.page, pageCount: list.pages, total: list.total });
});

const createSchema = donationSchema.extend({ amount: requiredMinor, fee: optionalMinor });

/**
 * Stewards record money given to the fund (amount and processor fee in minor units). Requests
 * on the waiting list are funded in order as it arrives. A provider reference already recorded
 * for this fund is 409 duplicate_reference, so the same gift is never counted twice.
 */
export const POST: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'fund.record', access.resource);
	const body = await readBody(api.event.request, createSchema);
	const fc = await apiFund(api, access);
	const { id } = await recordDonation(api.ctx, api.actor, access, fc, body, api.event.locals.locale);
	return json({ id }, { status: 201 });
});

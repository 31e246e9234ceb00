import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { localDay } from '$lib/domain/days';
import { DONATION_SOURCES } from '$lib/domain/stock';
import { getLocale } from '$lib/paraglide/runtime';
import { failForm, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { pageFrom } from '$lib/server/networks/networks.service';
import { allItems, listDrives, listLocations } from '$lib/server/pantry/catalogue.service';
import { donationSchema } from '$lib/server/pantry/pantry.schema';
import { listDonations, recordDonation } from '$lib/server/pantry/stock.service';
import { noticeFrom } from '../../notices';
import { failStock, pantryFromParams, pantryHeader } from '../pantry-route';
import { itemGroups } from '../tally/item-groups';

/** Rows of items on the record form; blank rows are ignored by the schema. */
const ROWS = 6;

export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.view');
	const header = pantryHeader(r);
	const list = await listDonations(r.ctx, r.actor, r.access, pageFrom(queryParam(event.url, 'page')));
	const [places, drives, items] = header.canRecord
		? await Promise.all([listLocations(r.ctx, r.actor, r.access), listDrives(r.ctx, r.actor, r.access), allItems(r.ctx, r.actor, r.access)])
		: [[], [], []];
	const onlyPlace = places.length === 1 ? places[0] : undefined;
	const current: Record<string, string> = { receivedOn: localDay(r.ctx.now()), source: 'individual', locationId: onlyPlace?.id ?? '' };
	return {
		...header,
		list: {
			total: list.total,
			page: list.page,
			pages: list.pages,
			items: list.items.map((d) => ({
				id: d.id,
				receivedOn: d.receivedOn,
				locationName: d.locationName,
				source: d.source,
				driveName: d.driveName,
				donorName: d.donorName,
				units: d.units,
				mode: d.mode,
				open: d.status === 'open'
			}))
		},
		rows: ROWS,
		places: places.map((p) => ({ id: p.id, name: p.name })),
		drives: drives.map((d) => ({ id: d.id, name: d.name, kind: d.kind })),
		groups: itemGroups(items),
		sources: [...DONATION_SOURCES],
		current,
		notice: noticeFrom(event.url, ['recorded'] as const)
	};
};

export const actions: Actions = {
	record: async (event) => {
		const r = await pantryFromParams(event, 'pantry.record');
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(donationSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await recordDonation(r.ctx, r.actor, r.access, parsed.data, getLocale());
		} catch (e) {
			return failStock(e, values);
		}
		redirect(303, `${r.base}/donations?notice=recorded`);
	}
};

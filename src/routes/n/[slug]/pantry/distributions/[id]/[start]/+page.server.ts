import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { localDay } from '$lib/domain/days';
import { getLocale } from '$lib/paraglide/runtime';
import { ServiceError } from '$lib/server/errors';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { allItems, listKits, listLocations } from '$lib/server/pantry/catalogue.service';
import {
	bookingsFor,
	getOccurrence,
	giveOut,
	moveOccurrence,
	setCounts,
	setSkipped,
	slotsFor,
	type DistributionRow
} from '$lib/server/pantry/distributions.service';
import { giveSchema, moveSchema, occurrenceCountsSchema, occurrenceRefSchema } from '$lib/server/pantry/pantry.schema';
import { storedName } from '$lib/server/pantry/stock.service';
import type { SlotRow } from '$lib/server/pantry/distributions.repository';
import { noticeFrom } from '../../../../notices';
import { failStock, pantryFromParams, pantryHeader, type PantryRoute } from '../../../pantry-route';
import { itemGroups } from '../../../tally/item-groups';
import { currentSlots, distributionFacts, distributionOr404, or404 } from '../../distribution-route';

/** Rows of extra items on the give-out form. */
const EXTRA_ROWS = 3;
const NOTICES = ['given', 'counted', 'skipped', 'restored', 'moved'] as const;

function itemText(name: string, size: string | null): string {
	return size === null ? name : `${name} · ${size}`;
}

/** The slots of an occurrence, made on first look while it can still be booked (as the public page does). */
async function slotsOf(r: PantryRoute, d: DistributionRow, start: string, known: SlotRow[]): Promise<{ slots: SlotRow[]; bookable: boolean }> {
	if (d.slotMinutes === null || d.slotCapacity === null) return { slots: [], bookable: false };
	try {
		return { slots: (await slotsFor(r.ctx, r.actor, r.access, d, start)).slots, bookable: true };
	} catch (e) {
		if (e instanceof ServiceError && (e.code === 'bookings_closed' || e.code === 'occurrence_skipped')) return { slots: known, bookable: false };
		throw e;
	}
}

/**
 * One occurrence of a distribution: the forecast (what the bags still to give need against what
 * the place holds), giving bags out, the counts of households, skipping or moving the day, and the
 * pick-up slots.
 */
export const load: PageServerLoad = async (event) => {
	const r = await pantryFromParams(event, 'pantry.view');
	const header = pantryHeader(r);
	const locale = getLocale();
	const d = await distributionOr404(r.ctx, r.actor, r.access, event.params.id);
	const start = event.params.start;
	const detail = await or404(() => getOccurrence(r.ctx, r.actor, r.access, d, start, locale));
	const view = detail.view;
	const [{ slots, bookable }, kits, places, items] = await Promise.all([
		slotsOf(r, d, start, detail.slots),
		listKits(r.ctx, r.actor, r.access, { includeArchived: true }),
		listLocations(r.ctx, r.actor, r.access, { includeArchived: true }),
		header.canRecord ? allItems(r.ctx, r.actor, r.access) : Promise.resolve([])
	]);
	const f = detail.forecast;
	return {
		...header,
		distribution: {
			...distributionFacts(d),
			locationName: places.find((p) => p.id === d.locationId)?.name ?? '',
			kitName: kits.find((k) => k.id === d.kitId)?.name ?? null
		},
		occurrence: {
			start,
			day: view.day,
			startTime: view.startTime,
			endTime: view.endTime,
			skipped: view.skipped,
			moved: view.moved,
			plannedBags: view.plannedBags,
			households: view.row?.households ?? null,
			walkIns: view.row?.walkIns ?? null,
			originalDay: start.slice(0, 10),
			originalTime: start.slice(11),
			past: view.day < localDay(r.ctx.now())
		},
		forecast: {
			bagsPlanned: f.bagsPlanned,
			bagsGiven: f.bagsGiven,
			bagsToGo: f.bagsToGo,
			hasKit: f.kitId !== null,
			lines: f.lines.map((l) => ({ itemId: l.itemId, label: itemText(l.name, l.size), unit: l.unit, need: l.need, have: l.have, short: l.short }))
		},
		batches: detail.batches.map((b) => ({
			id: b.id,
			kind: b.kind,
			kitName: b.kitName,
			bags: b.bags,
			override: b.override,
			corrected: b.correctedBy !== null,
			actorName: b.actorName,
			createdAt: b.createdAt.toISOString(),
			lines: b.lines.map((l) => ({ label: itemText(storedName(l.names, l.name, locale), l.size), quantity: Math.abs(l.quantity) }))
		})),
		slotsEnabled: d.slotMinutes !== null && d.slotCapacity !== null,
		bookable,
		slots: currentSlots(d, view, slots, true).map((s) => ({
			id: s.id,
			startTime: s.startTime,
			endTime: s.endTime,
			capacity: s.capacity,
			booked: s.booked,
			left: Math.max(0, s.capacity - s.booked)
		})),
		bookingLink: `/n/${r.access.network.slug}/pickup/${encodeURIComponent(d.id)}/${encodeURIComponent(start)}`,
		kits: kits.filter((k) => !k.archived || k.id === d.kitId).map((k) => ({ id: k.id, name: k.name })),
		groups: itemGroups(items),
		rows: EXTRA_ROWS,
		current: {
			give: { kitId: d.kitId ?? '' },
			counts: {
				households: view.row?.households === null || view.row?.households === undefined ? '' : String(view.row.households),
				walkIns: view.row?.walkIns === null || view.row?.walkIns === undefined ? '' : String(view.row.walkIns)
			},
			move: {
				day: view.day,
				startTime: view.startTime,
				endTime: view.endTime,
				plannedBags: view.row?.plannedBags === null || view.row?.plannedBags === undefined ? '' : String(view.row.plannedBags)
			}
		},
		notice: noticeFrom(event.url, NOTICES)
	};
};

async function occurrenceFrom(event: RequestEvent, action: 'pantry.record' | 'pantry.manage') {
	const r = await pantryFromParams(event, action);
	const d = await distributionOr404(r.ctx, r.actor, r.access, event.params.id);
	const back = `${r.base}/distributions/${encodeURIComponent(d.id)}/${encodeURIComponent(event.params.start)}`;
	return { r, d, start: event.params.start, back };
}

export const actions: Actions = {
	/** N standard bags (and any extras) out of the distribution's place, in one batch. */
	give: async (event) => {
		const { r, d, start, back } = await occurrenceFrom(event, 'pantry.record');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'give' };
		const parsed = parseWith(giveSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await giveOut(r.ctx, r.actor, r.access, d, start, parsed.data, getLocale());
		} catch (e) {
			return failStock(e, values);
		}
		redirect(303, `${back}?notice=given`);
	},

	counts: async (event) => {
		const { r, d, start, back } = await occurrenceFrom(event, 'pantry.record');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'counts' };
		const parsed = parseWith(occurrenceCountsSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await setCounts(r.ctx, r.actor, r.access, d, start, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${back}?notice=counted`);
	},

	/** Skips the day (nobody comes) or puts it back; either way the box must be ticked. */
	skip: async (event) => {
		const { r, d, start, back } = await occurrenceFrom(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'skip' };
		const parsed = parseWith(occurrenceRefSchema, { ...input, start });
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		if (!parsed.data.confirm) return failForm(400, { confirm: 'confirm_required' }, values);
		const skipped = input.skipped === 'yes';
		try {
			await setSkipped(r.ctx, r.actor, r.access, d, start, skipped);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${back}?notice=${skipped ? 'skipped' : 'restored'}`);
	},

	move: async (event) => {
		const { r, d, start, back } = await occurrenceFrom(event, 'pantry.manage');
		const input = await readForm(event.request);
		const values = { ...keepValues(input), form: 'move' };
		const parsed = parseWith(moveSchema, { ...input, start });
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		const { day, startTime, endTime, plannedBags } = parsed.data;
		if (day === null) return failForm(400, { day: 'required' }, values);
		try {
			await moveOccurrence(r.ctx, r.actor, r.access, d, start, { day, startTime, endTime, plannedBags });
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `${back}?notice=moved`);
	},

	/** The booked first names, in this answer only: each name read is a row in the access log. */
	names: async (event) => {
		const { r, d, start } = await occurrenceFrom(event, 'pantry.record');
		try {
			return { names: await bookingsFor(r.ctx, r.actor, r.access, d, start) };
		} catch (e) {
			return failFromService(e, { form: 'names' });
		}
	}
};

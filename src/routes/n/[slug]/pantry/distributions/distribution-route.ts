import { error } from '@sveltejs/kit';
import { errorMessage } from '$lib/i18n/translate';
import type { Ctx } from '$lib/server/context';
import { ServiceError } from '$lib/server/errors';
import type { NetworkAccess } from '$lib/server/networks/networks.service';
import { pickupSlots } from '$lib/domain/recurrence';
import { formOf, getDistribution, type DistributionRow, type OccurrenceView } from '$lib/server/pantry/distributions.service';
import type { SlotRow } from '$lib/server/pantry/distributions.repository';
import type { Actor } from '$lib/server/policy/policy';

/** The distribution named in the URL, or the 404 page in the person's language. */
export async function distributionOr404(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string): Promise<DistributionRow> {
	try {
		return await getDistribution(ctx, actor, access, id);
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') error(404, errorMessage('not_found'));
		throw e;
	}
}

/** A lookup the service answers with `not_found` (an occurrence the schedule never makes) becomes the 404 page. */
export async function or404<T>(run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') error(404, errorMessage('not_found'));
		throw e;
	}
}

/** The plain facts of a distribution a page shows, with its schedule in form terms (for words and editing). */
export function distributionFacts(d: DistributionRow) {
	return {
		id: d.id,
		name: d.name,
		place: d.place,
		locationId: d.locationId,
		kitId: d.kitId,
		plannedBags: d.plannedBags,
		slotMinutes: d.slotMinutes,
		slotCapacity: d.slotCapacity,
		ended: d.status === 'ended',
		schedule: formOf(d)
	};
}

/** The edit form's values for a distribution, as the form sends them. */
export function distributionFormValues(d: DistributionRow): Record<string, string> {
	const f = formOf(d);
	return {
		name: d.name,
		locationId: d.locationId,
		place: d.place,
		frequency: f?.frequency ?? 'weekly',
		interval: String(f?.interval ?? 1),
		weekdays: (f?.weekdays ?? []).join('\n'),
		monthWeek: f?.monthWeek === null || f?.monthWeek === undefined ? '' : String(f.monthWeek),
		startDay: d.startDay,
		startTime: d.startTime,
		endTime: d.endTime,
		untilDay: f?.untilDay ?? '',
		kitId: d.kitId ?? '',
		plannedBags: String(d.plannedBags),
		slotMinutes: d.slotMinutes === null ? '' : String(d.slotMinutes),
		slotCapacity: d.slotCapacity === null ? '' : String(d.slotCapacity)
	};
}

/** An occurrence's key (`YYYY-MM-DDTHH:MM`) as a path segment. */
export function startSegment(start: string): string {
	return encodeURIComponent(start);
}

/**
 * The slots of an occurrence's current times. Slots are made on first look and a later move does
 * not remove them, so after a move the old ones are still stored beside the new ones; only the
 * slots of the current times are offered (`keepBooked` keeps old ones that hold bookings, for the
 * volunteers' list).
 */
export function currentSlots(
	d: DistributionRow,
	view: Pick<OccurrenceView, 'startTime' | 'endTime'>,
	slots: readonly SlotRow[],
	keepBooked: boolean
): SlotRow[] {
	if (d.slotMinutes === null) return [];
	const grid = new Set(pickupSlots(view.startTime, view.endTime, d.slotMinutes).map((s) => `${s.start}-${s.end}`));
	return slots.filter((s) => grid.has(`${s.startTime}-${s.endTime}`) || (keepBooked && s.booked > 0));
}

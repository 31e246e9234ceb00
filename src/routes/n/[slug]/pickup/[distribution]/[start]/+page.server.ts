import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isDay } from '$lib/domain/recurrence';
import { errorMessage } from '$lib/i18n/translate';
import { m } from '$lib/paraglide/messages';
import { ServiceError } from '$lib/server/errors';
import { failForm, failFromService, keepValues, parseWith, type FieldMessages, readForm } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { bookSlot, cancelBookingByCode, slotsFor, type OccurrenceView } from '$lib/server/pantry/distributions.service';
import type { SlotRow } from '$lib/server/pantry/distributions.repository';
import { bookingSchema, cancelBookingSchema } from '$lib/server/pantry/pantry.schema';
import { noticeFrom } from '../../../notices';
import { currentSlots, distributionOr404 } from '../../../pantry/distributions/distribution-route';

/** The door of the public booking page: anyone who may see the network, signed in or not. */
async function pickupFrom(event: Pick<RequestEvent, 'locals' | 'params' | 'url'>) {
	const access = await networkFromParams(event);
	const actor = guard(event, 'network.view', access.resource);
	const ctx = await ctxOf();
	const d = await distributionOr404(ctx, actor, access, event.params.distribution ?? '');
	return { access, actor, ctx, d, start: event.params.start ?? '' };
}

/**
 * Booking a pick-up time for one day of a distribution, with a first name or a nickname only.
 * The answer to a booking holds the only copy of its cancel code, so nothing here is cached.
 */
export const load: PageServerLoad = async (event) => {
	const { access, actor, ctx, d, start } = await pickupFrom(event);
	event.setHeaders({ 'cache-control': 'no-store' });
	let state: 'open' | 'closed' | 'skipped' = 'open';
	let view: OccurrenceView | null = null;
	let slots: SlotRow[] = [];
	try {
		({ view, slots } = await slotsFor(ctx, actor, access, d, start));
	} catch (e) {
		if (!(e instanceof ServiceError)) throw e;
		if (e.code === 'not_found') error(404, errorMessage('not_found'));
		if (e.code === 'bookings_closed') state = 'closed';
		else if (e.code === 'occurrence_skipped') state = 'skipped';
		else throw e;
	}
	const originalDay = start.slice(0, 10);
	return {
		network: { slug: access.network.slug, name: access.network.name },
		distribution: { name: d.name, place: d.place },
		state,
		occurrence: view ? { day: view.day, startTime: view.startTime, endTime: view.endTime } : null,
		// A skipped day is one the schedule makes (the service checked), so its own day can be named.
		skippedDay: state === 'skipped' && isDay(originalDay) ? originalDay : null,
		slots: (view ? currentSlots(d, view, slots, false) : []).map((s) => ({
			id: s.id,
			startTime: s.startTime,
			endTime: s.endTime,
			left: Math.max(0, s.capacity - s.booked)
		})),
		notice: noticeFrom(event.url, ['cancelled'] as const)
	};
};

export const actions: Actions = {
	book: async (event) => {
		const { access, actor, ctx, d, start } = await pickupFrom(event);
		const input = await readForm(event.request);
		const values: Record<string, string> = { ...keepValues(input), form: 'book' };
		const parsed = parseWith(bookingSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			const booked = await bookSlot(ctx, actor, access, d, start, parsed.data);
			return { booked: { code: booked.code, day: booked.day, startTime: booked.startTime, endTime: booked.endTime } };
		} catch (e) {
			return failFromService(e, values);
		}
	},

	cancel: async (event) => {
		const { access, actor, ctx } = await pickupFrom(event);
		const input = await readForm(event.request);
		const values: Record<string, string> = { ...keepValues(input), form: 'cancel' };
		const parsed = parseWith(cancelBookingSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await cancelBookingByCode(ctx, actor, access, parsed.data.code);
		} catch (e) {
			// "Not found" would leave the person wondering what was looked for.
			if (e instanceof ServiceError && e.code === 'not_found') {
				const errors: FieldMessages = { code: m.pickup_code_unknown() };
				return fail(404, { errors, values });
			}
			return failFromService(e, values);
		}
		redirect(303, `${event.url.pathname}?notice=cancelled`);
	}
};

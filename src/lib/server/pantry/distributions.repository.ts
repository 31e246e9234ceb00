import { sql } from 'kysely';
import { fromDbCount, toDbTime } from '../db/conventions';
import type { Executor } from '../db/index';

/* Every line of SQL for recurring distributions, their occurrences and pick-up bookings. */

export interface DistributionRow {
	id: string;
	networkId: string;
	locationId: string;
	name: string;
	place: string;
	rrule: string;
	startDay: string;
	startTime: string;
	endTime: string;
	kitId: string | null;
	plannedBags: number;
	slotMinutes: number | null;
	slotCapacity: number | null;
	status: string;
}

const distColumns = [
	'id',
	'network_id',
	'location_id',
	'name',
	'place',
	'rrule',
	'start_day',
	'start_time',
	'end_time',
	'kit_id',
	'planned_bags',
	'slot_minutes',
	'slot_capacity',
	'status'
] as const;

function toDist(r: {
	id: string;
	network_id: string;
	location_id: string;
	name: string;
	place: string;
	rrule: string;
	start_day: string;
	start_time: string;
	end_time: string;
	kit_id: string | null;
	planned_bags: number | string;
	slot_minutes: number | string | null;
	slot_capacity: number | string | null;
	status: string;
}): DistributionRow {
	return {
		id: r.id,
		networkId: r.network_id,
		locationId: r.location_id,
		name: r.name,
		place: r.place,
		rrule: r.rrule,
		startDay: r.start_day,
		startTime: r.start_time,
		endTime: r.end_time,
		kitId: r.kit_id,
		plannedBags: fromDbCount(r.planned_bags),
		slotMinutes: r.slot_minutes === null ? null : fromDbCount(r.slot_minutes),
		slotCapacity: r.slot_capacity === null ? null : fromDbCount(r.slot_capacity),
		status: r.status
	};
}

export interface DistributionWrite {
	locationId: string;
	name: string;
	place: string;
	rrule: string;
	startDay: string;
	startTime: string;
	endTime: string;
	kitId: string | null;
	plannedBags: number;
	slotMinutes: number | null;
	slotCapacity: number | null;
	status: 'active' | 'ended';
}

function distValues(d: DistributionWrite) {
	return {
		location_id: d.locationId,
		name: d.name,
		place: d.place,
		rrule: d.rrule,
		start_day: d.startDay,
		start_time: d.startTime,
		end_time: d.endTime,
		kit_id: d.kitId,
		planned_bags: d.plannedBags,
		slot_minutes: d.slotMinutes,
		slot_capacity: d.slotCapacity,
		status: d.status
	};
}

export async function insertDistribution(db: Executor, id: string, networkId: string, d: DistributionWrite, now: Date): Promise<void> {
	await db
		.insertInto('distributions')
		.values({ id, network_id: networkId, ...distValues(d), created_at: toDbTime(now), updated_at: toDbTime(now) })
		.execute();
}

export async function updateDistribution(db: Executor, id: string, d: DistributionWrite, now: Date): Promise<void> {
	await db
		.updateTable('distributions')
		.set({ ...distValues(d), updated_at: toDbTime(now) })
		.where('id', '=', id)
		.execute();
}

export async function findDistribution(db: Executor, networkId: string, id: string): Promise<DistributionRow | undefined> {
	const r = await db.selectFrom('distributions').select(distColumns).where('network_id', '=', networkId).where('id', '=', id).executeTakeFirst();
	return r && toDist(r);
}

export async function listDistributions(db: Executor, networkId: string, opts: { activeOnly: boolean }): Promise<DistributionRow[]> {
	let q = db.selectFrom('distributions').select(distColumns).where('network_id', '=', networkId);
	if (opts.activeOnly) q = q.where('status', '=', 'active');
	return (await q.orderBy('name').execute()).map(toDist);
}

// ── Occurrences ───────────────────────────────────────────────────────────────────────────

export interface OccurrenceRow {
	id: string;
	distributionId: string;
	originalStart: string;
	day: string;
	startTime: string;
	endTime: string;
	status: string;
	plannedBags: number | null;
	households: number | null;
	walkIns: number | null;
}

const occColumns = ['id', 'distribution_id', 'original_start', 'day', 'start_time', 'end_time', 'status', 'planned_bags', 'households', 'walk_ins'] as const;

function toOcc(r: {
	id: string;
	distribution_id: string;
	original_start: string;
	day: string;
	start_time: string;
	end_time: string;
	status: string;
	planned_bags: number | string | null;
	households: number | string | null;
	walk_ins: number | string | null;
}): OccurrenceRow {
	return {
		id: r.id,
		distributionId: r.distribution_id,
		originalStart: r.original_start,
		day: r.day,
		startTime: r.start_time,
		endTime: r.end_time,
		status: r.status,
		plannedBags: r.planned_bags === null ? null : fromDbCount(r.planned_bags),
		households: r.households === null ? null : fromDbCount(r.households),
		walkIns: r.walk_ins === null ? null : fromDbCount(r.walk_ins)
	};
}

/**
 * The stored row of one occurrence, created from the schedule's instance the first time anything
 * happens to it. Insert-or-nothing on (distribution, original start), so two phones opening the
 * same Thursday at once share one row.
 */
export async function ensureOccurrence(
	db: Executor,
	o: { id: string; networkId: string; distributionId: string; originalStart: string; day: string; startTime: string; endTime: string; now: Date }
): Promise<OccurrenceRow> {
	await db
		.insertInto('distribution_occurrences')
		.values({
			id: o.id,
			network_id: o.networkId,
			distribution_id: o.distributionId,
			original_start: o.originalStart,
			day: o.day,
			start_time: o.startTime,
			end_time: o.endTime,
			status: 'scheduled',
			created_at: toDbTime(o.now),
			updated_at: toDbTime(o.now)
		})
		.onConflict((oc) => oc.columns(['distribution_id', 'original_start']).doNothing())
		.execute();
	const r = await db
		.selectFrom('distribution_occurrences')
		.select(occColumns)
		.where('distribution_id', '=', o.distributionId)
		.where('original_start', '=', o.originalStart)
		.executeTakeFirstOrThrow();
	return toOcc(r);
}

export async function findOccurrence(db: Executor, distributionId: string, originalStart: string): Promise<OccurrenceRow | undefined> {
	const r = await db
		.selectFrom('distribution_occurrences')
		.select(occColumns)
		.where('distribution_id', '=', distributionId)
		.where('original_start', '=', originalStart)
		.executeTakeFirst();
	return r && toOcc(r);
}

/** Stored occurrences of a distribution whose original or current day falls in a range. */
export async function listOccurrences(db: Executor, distributionId: string, fromDay: string, toDay: string): Promise<OccurrenceRow[]> {
	const rows = await db
		.selectFrom('distribution_occurrences')
		.select(occColumns)
		.where('distribution_id', '=', distributionId)
		.where((eb) =>
			eb.or([
				eb.and([eb('day', '>=', fromDay), eb('day', '<=', toDay)]),
				eb.and([eb('original_start', '>=', fromDay), eb('original_start', '<=', `${toDay}T99:99`)])
			])
		)
		.execute();
	return rows.map(toOcc);
}

export async function setOccurrence(
	db: Executor,
	id: string,
	s: Partial<{
		day: string;
		startTime: string;
		endTime: string;
		status: 'scheduled' | 'skipped';
		plannedBags: number | null;
		households: number | null;
		walkIns: number | null;
	}>,
	now: Date
): Promise<void> {
	await db
		.updateTable('distribution_occurrences')
		.set({
			...(s.day !== undefined ? { day: s.day } : {}),
			...(s.startTime !== undefined ? { start_time: s.startTime } : {}),
			...(s.endTime !== undefined ? { end_time: s.endTime } : {}),
			...(s.status !== undefined ? { status: s.status } : {}),
			...(s.plannedBags !== undefined ? { planned_bags: s.plannedBags } : {}),
			...(s.households !== undefined ? { households: s.households } : {}),
			...(s.walkIns !== undefined ? { walk_ins: s.walkIns } : {}),
			updated_at: toDbTime(now)
		})
		.where('id', '=', id)
		.execute();
}

/** Bags given out per occurrence (net of corrections: a correction's bags are negative). */
export async function bagsGiven(db: Executor, occurrenceIds: readonly string[]): Promise<Map<string, number>> {
	if (occurrenceIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('stock_batches')
		.select(['occurrence_id', (eb) => eb.fn.sum<number | string>('bags').as('bags')])
		.where('occurrence_id', 'in', [...occurrenceIds])
		.groupBy('occurrence_id')
		.execute();
	return new Map(rows.flatMap((r) => (r.occurrence_id === null ? [] : [[r.occurrence_id, fromDbCount(r.bags)]])));
}

/** Occurrences of the network held in a range of days with their counts, for reports and export. */
export async function heldOccurrences(db: Executor, networkId: string, fromDay: string, toDay: string) {
	const rows = await db
		.selectFrom('distribution_occurrences as o')
		.innerJoin('distributions as d', 'd.id', 'o.distribution_id')
		.select([
			'o.id',
			'o.day',
			'o.start_time',
			'o.status',
			'o.households',
			'o.walk_ins',
			'd.name',
			'd.location_id',
			(eb) =>
				eb
					.selectFrom('stock_batches as b')
					.select((e) => e.fn.coalesce(e.fn.sum<number | string>('b.bags'), sql<number>`0`).as('g'))
					.whereRef('b.occurrence_id', '=', 'o.id')
					.as('bags')
		])
		.where('o.network_id', '=', networkId)
		.where('o.day', '>=', fromDay)
		.where('o.day', '<', toDay)
		.orderBy('o.day')
		.orderBy('o.start_time')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		day: r.day,
		startTime: r.start_time,
		status: r.status,
		households: r.households === null ? null : fromDbCount(r.households),
		walkIns: r.walk_ins === null ? null : fromDbCount(r.walk_ins),
		name: r.name,
		locationId: r.location_id,
		bags: fromDbCount(r.bags)
	}));
}

// ── Pick-up slots and bookings ────────────────────────────────────────────────────────────

export interface SlotRow {
	id: string;
	occurrenceId: string;
	startTime: string;
	endTime: string;
	capacity: number;
	booked: number;
}

export async function ensureSlots(
	db: Executor,
	networkId: string,
	occurrenceId: string,
	slots: readonly { id: string; start: string; end: string; capacity: number }[]
): Promise<void> {
	if (slots.length === 0) return;
	await db
		.insertInto('pickup_slots')
		.values(
			slots.map((s) => ({
				id: s.id,
				network_id: networkId,
				occurrence_id: occurrenceId,
				start_time: s.start,
				end_time: s.end,
				capacity: s.capacity,
				booked: 0
			}))
		)
		.onConflict((oc) => oc.columns(['occurrence_id', 'start_time']).doNothing())
		.execute();
}

export async function listSlots(db: Executor, occurrenceId: string): Promise<SlotRow[]> {
	const rows = await db
		.selectFrom('pickup_slots')
		.select(['id', 'occurrence_id', 'start_time', 'end_time', 'capacity', 'booked'])
		.where('occurrence_id', '=', occurrenceId)
		.orderBy('start_time')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		occurrenceId: r.occurrence_id,
		startTime: r.start_time,
		endTime: r.end_time,
		capacity: fromDbCount(r.capacity),
		booked: fromDbCount(r.booked)
	}));
}

/** Takes one place in a slot if one is left: a conditional update, so the last place has one winner. */
export async function takeSlotPlace(db: Executor, slotId: string): Promise<boolean> {
	const r = await db
		.updateTable('pickup_slots')
		.set({ booked: sql`booked + 1` })
		.where('id', '=', slotId)
		.where(sql<boolean>`booked < capacity`)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export async function releaseSlotPlace(db: Executor, slotId: string): Promise<void> {
	await db
		.updateTable('pickup_slots')
		.set({ booked: sql`booked - 1` })
		.where('id', '=', slotId)
		.where('booked', '>', 0)
		.execute();
}

export async function insertBooking(
	db: Executor,
	b: { id: string; networkId: string; slotId: string; day: string; nameEnc: string; codeHash: string; now: Date }
): Promise<void> {
	await db
		.insertInto('pickup_bookings')
		.values({ id: b.id, network_id: b.networkId, slot_id: b.slotId, day: b.day, name_enc: b.nameEnc, code_hash: b.codeHash, created_at: toDbTime(b.now) })
		.execute();
}

export async function listBookings(db: Executor, occurrenceId: string): Promise<{ id: string; slotId: string; nameEnc: string }[]> {
	const rows = await db
		.selectFrom('pickup_bookings as b')
		.innerJoin('pickup_slots as s', 's.id', 'b.slot_id')
		.select(['b.id', 'b.slot_id', 'b.name_enc'])
		.where('s.occurrence_id', '=', occurrenceId)
		.where('b.cancelled_at', 'is', null)
		.orderBy('s.start_time')
		.orderBy('b.created_at')
		.execute();
	return rows.map((r) => ({ id: r.id, slotId: r.slot_id, nameEnc: r.name_enc }));
}

/** Cancels the booking whose code hashes to `codeHash`; answers its slot, or undefined. */
export async function cancelBooking(db: Executor, codeHash: string, now: Date): Promise<{ id: string; slotId: string } | undefined> {
	const r = await db
		.updateTable('pickup_bookings')
		.set({ cancelled_at: toDbTime(now) })
		.where('code_hash', '=', codeHash)
		.where('cancelled_at', 'is', null)
		.returning(['id', 'slot_id'])
		.executeTakeFirst();
	return r && { id: r.id, slotId: r.slot_id };
}

export async function findBookingByCode(db: Executor, codeHash: string) {
	return db
		.selectFrom('pickup_bookings as b')
		.innerJoin('pickup_slots as s', 's.id', 'b.slot_id')
		.select(['b.id', 'b.day', 'b.cancelled_at', 's.start_time', 's.end_time', 's.occurrence_id', 'b.network_id'])
		.where('b.code_hash', '=', codeHash)
		.executeTakeFirst();
}

/** Moves an occurrence's bookings to its new day, so their names are kept until that day has passed. */
export async function setBookingsDay(db: Executor, occurrenceId: string, day: string): Promise<void> {
	await db
		.updateTable('pickup_bookings')
		.set({ day })
		.where('slot_id', 'in', db.selectFrom('pickup_slots').select('id').where('occurrence_id', '=', occurrenceId))
		.execute();
}

/** Removes an occurrence's slots nobody has booked (after a move their times no longer fit). */
export async function deleteUnbookedSlots(db: Executor, occurrenceId: string): Promise<void> {
	await db.deleteFrom('pickup_slots').where('occurrence_id', '=', occurrenceId).where('booked', '=', 0).execute();
}

/** Deletes bookings (and with them the names) of days before `beforeDay`; counts stay on the slots. */
export async function purgeBookings(db: Executor, beforeDay: string): Promise<number> {
	const r = await db.deleteFrom('pickup_bookings').where('day', '<', beforeDay).executeTakeFirst();
	return Number(r.numDeletedRows);
}

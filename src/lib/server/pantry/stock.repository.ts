import { sql } from 'kysely';
import { fromDbBool, fromDbCount, fromDbTime, newId, toDbTime } from '../db/conventions';
import type { DialectName, Executor } from '../db/index';

/* Every line of SQL for the stock ledger: batches, movements, cached levels and donations. */

// ── Levels ────────────────────────────────────────────────────────────────────────────────

/**
 * Changes one cached level by `delta` in the caller's transaction and answers the new level, or
 * null when taking `-delta` out would go below zero and `allowNegative` is false. The refusal is
 * the database's: a conditional update (`… where quantity >= n`) that takes the row's lock, so two
 * volunteers giving out the last bags at once cannot both succeed.
 */
export async function changeLevel(
	trx: Executor,
	l: { networkId: string; locationId: string; itemId: string; delta: number; allowNegative: boolean; now: Date }
): Promise<number | null> {
	if (l.delta < 0 && !l.allowNegative) {
		const r = await trx
			.updateTable('stock_levels')
			.set({ quantity: sql`quantity + ${l.delta}`, updated_at: toDbTime(l.now) })
			.where('location_id', '=', l.locationId)
			.where('item_id', '=', l.itemId)
			.where('quantity', '>=', -l.delta)
			.returning('quantity')
			.executeTakeFirst();
		return r === undefined ? null : fromDbCount(r.quantity);
	}
	const r = await trx
		.insertInto('stock_levels')
		.values({ location_id: l.locationId, item_id: l.itemId, network_id: l.networkId, quantity: l.delta, updated_at: toDbTime(l.now) })
		.onConflict((oc) => oc.columns(['location_id', 'item_id']).doUpdateSet({ quantity: sql`stock_levels.quantity + ${l.delta}`, updated_at: toDbTime(l.now) }))
		.returning('quantity')
		.executeTakeFirstOrThrow();
	return fromDbCount(r.quantity);
}

/** The cached levels of some items at one place (missing rows are zero). */
export async function levelsAt(db: Executor, locationId: string, itemIds?: readonly string[]): Promise<Map<string, number>> {
	let q = db.selectFrom('stock_levels').select(['item_id', 'quantity']).where('location_id', '=', locationId);
	if (itemIds !== undefined) {
		if (itemIds.length === 0) return new Map();
		q = q.where('item_id', 'in', [...new Set(itemIds)]);
	}
	const rows = await q.execute();
	return new Map(rows.map((r) => [r.item_id, fromDbCount(r.quantity)]));
}

export interface LevelRow {
	itemId: string;
	name: string;
	names: string;
	category: string;
	unit: string;
	size: string | null;
	minLevel: number | null;
	quantity: number;
}

/** What one place holds: every active item with a level row there, in catalogue order. */
export async function stockAt(db: Executor, networkId: string, locationId: string): Promise<LevelRow[]> {
	const rows = await db
		.selectFrom('stock_levels')
		.innerJoin('stock_items', 'stock_items.id', 'stock_levels.item_id')
		.select([
			'stock_items.id',
			'stock_items.name',
			'stock_items.names',
			'stock_items.category',
			'stock_items.unit',
			'stock_items.size',
			'stock_items.min_level',
			'stock_levels.quantity'
		])
		.where('stock_levels.location_id', '=', locationId)
		.where('stock_items.network_id', '=', networkId)
		.where('stock_items.archived_at', 'is', null)
		.orderBy('stock_items.category')
		.orderBy('stock_items.name_key')
		.orderBy('stock_items.size_key')
		.execute();
	return rows.map((r) => ({
		itemId: r.id,
		name: r.name,
		names: r.names,
		category: r.category,
		unit: r.unit,
		size: r.size,
		minLevel: r.min_level === null ? null : fromDbCount(r.min_level),
		quantity: fromDbCount(r.quantity)
	}));
}

/** Totals per item across the network's places, and the number of places per item. */
export async function totalsByItem(db: Executor, networkId: string): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('stock_levels')
		.select(['item_id', (eb) => eb.fn.sum<number | string>('quantity').as('q')])
		.where('network_id', '=', networkId)
		.groupBy('item_id')
		.execute();
	return new Map(rows.map((r) => [r.item_id, fromDbCount(r.q)]));
}

/** Items per place with the sum of what each holds, for the overview. */
export async function totalsByLocation(db: Executor, networkId: string): Promise<Map<string, { units: number; items: number }>> {
	const rows = await db
		.selectFrom('stock_levels')
		.select(['location_id', (eb) => eb.fn.sum<number | string>('quantity').as('q'), (eb) => eb.fn.count<number | string>('item_id').as('n')])
		.where('network_id', '=', networkId)
		.where('quantity', '!=', 0)
		.groupBy('location_id')
		.execute();
	return new Map(rows.map((r) => [r.location_id, { units: fromDbCount(r.q), items: fromDbCount(r.n) }]));
}

// ── Batches and movements ─────────────────────────────────────────────────────────────────

export interface BatchWrite {
	networkId: string;
	kind: string;
	locationId: string;
	toLocationId?: string | null;
	donationId?: string | null;
	occurrenceId?: string | null;
	askId?: string | null;
	kitId?: string | null;
	bags?: number | null;
	reason?: string | null;
	note?: string | null;
	override: boolean;
	correctsId?: string | null;
	actorId: string | null;
	occurredOn: string;
	now: Date;
}

export interface MovementWrite {
	locationId: string;
	itemId: string;
	kind: string;
	quantity: number;
}

/** Appends a batch and its movements (the levels are the caller's, in the same transaction). */
export async function insertBatch(trx: Executor, b: BatchWrite, movements: readonly MovementWrite[]): Promise<string> {
	const id = newId(b.now);
	await trx
		.insertInto('stock_batches')
		.values({
			id,
			network_id: b.networkId,
			kind: b.kind,
			location_id: b.locationId,
			to_location_id: b.toLocationId ?? null,
			donation_id: b.donationId ?? null,
			occurrence_id: b.occurrenceId ?? null,
			ask_id: b.askId ?? null,
			kit_id: b.kitId ?? null,
			bags: b.bags ?? null,
			reason: b.reason ?? null,
			note: b.note ?? null,
			override: b.override,
			corrects_id: b.correctsId ?? null,
			actor_id: b.actorId,
			occurred_on: b.occurredOn,
			created_at: toDbTime(b.now)
		})
		.execute();
	const rows = movements.map((m) => ({
		id: newId(b.now),
		batch_id: id,
		network_id: b.networkId,
		location_id: m.locationId,
		item_id: m.itemId,
		kind: m.kind,
		quantity: m.quantity,
		occurred_on: b.occurredOn,
		created_at: toDbTime(b.now)
	}));
	for (let i = 0; i < rows.length; i += 200)
		await trx
			.insertInto('stock_movements')
			.values(rows.slice(i, i + 200))
			.execute();
	// The rollups the reports read, in the same transaction (the drift check compares them too):
	// units per day, place and kind, in a fixed order so two batches never wait on each other in a circle.
	const flows = new Map<string, { locationId: string; kind: string; units: number }>();
	for (const m of movements) {
		const key = `${m.locationId}\u0000${m.kind}`;
		const f = flows.get(key) ?? { locationId: m.locationId, kind: m.kind, units: 0 };
		f.units += m.quantity;
		flows.set(key, f);
	}
	for (const key of [...flows.keys()].sort()) {
		const f = flows.get(key);
		if (!f) continue;
		await trx
			.insertInto('stock_flows')
			.values({ network_id: b.networkId, occurred_on: b.occurredOn, location_id: f.locationId, kind: f.kind, units: f.units })
			.onConflict((oc) => oc.columns(['network_id', 'occurred_on', 'location_id', 'kind']).doUpdateSet({ units: sql`stock_flows.units + ${f.units}` }))
			.execute();
	}
	if (b.donationId) {
		const units = movements.reduce((n, m) => n + m.quantity, 0);
		if (units !== 0)
			await trx
				.updateTable('stock_donations')
				.set({ units: sql`units + ${units}` })
				.where('id', '=', b.donationId)
				.execute();
	}
	return id;
}

export interface BatchRow {
	id: string;
	kind: string;
	locationId: string;
	locationName: string;
	toLocationId: string | null;
	donationId: string | null;
	occurrenceId: string | null;
	askId: string | null;
	kitId: string | null;
	kitName: string | null;
	bags: number | null;
	reason: string | null;
	note: string | null;
	override: boolean;
	correctsId: string | null;
	correctedBy: string | null;
	actorName: string | null;
	occurredOn: string;
	createdAt: Date;
	lines: { itemId: string; name: string; names: string; size: string | null; unit: string; locationId: string; kind: string; quantity: number }[];
}

export interface BatchFilter {
	locationId?: string | null;
	donationId?: string | null;
	occurrenceId?: string | null;
	askId?: string | null;
	ids?: readonly string[];
}

function batchQuery(db: Executor, networkId: string, f: BatchFilter) {
	let q = db.selectFrom('stock_batches as b').where('b.network_id', '=', networkId);
	if (f.locationId) {
		const loc = f.locationId;
		q = q.where((eb) => eb.or([eb('b.location_id', '=', loc), eb('b.to_location_id', '=', loc)]));
	}
	if (f.donationId) q = q.where('b.donation_id', '=', f.donationId);
	if (f.occurrenceId) q = q.where('b.occurrence_id', '=', f.occurrenceId);
	if (f.askId) q = q.where('b.ask_id', '=', f.askId);
	if (f.ids) q = q.where('b.id', 'in', f.ids.length > 0 ? [...f.ids] : ['']);
	return q;
}

/** Batches newest first with their lines and whether a later batch corrected them. */
export async function listBatches(db: Executor, networkId: string, f: BatchFilter, opts: { limit: number; offset: number }): Promise<BatchRow[]> {
	const rows = await batchQuery(db, networkId, f)
		.innerJoin('stock_locations as l', 'l.id', 'b.location_id')
		.leftJoin('stock_kits as k', 'k.id', 'b.kit_id')
		.leftJoin('users as u', 'u.id', 'b.actor_id')
		.leftJoin('stock_batches as c', 'c.corrects_id', 'b.id')
		.select([
			'b.id',
			'b.kind',
			'b.location_id',
			'l.name as location_name',
			'b.to_location_id',
			'b.donation_id',
			'b.occurrence_id',
			'b.ask_id',
			'b.kit_id',
			'k.name as kit_name',
			'b.bags',
			'b.reason',
			'b.note',
			'b.override',
			'b.corrects_id',
			'c.id as corrected_by',
			'u.display_name as actor_name',
			'b.occurred_on',
			'b.created_at'
		])
		.orderBy('b.created_at', 'desc')
		.orderBy('b.id', 'desc')
		.limit(opts.limit)
		.offset(opts.offset)
		.execute();
	if (rows.length === 0) return [];
	const lines = await db
		.selectFrom('stock_movements as m')
		.innerJoin('stock_items as i', 'i.id', 'm.item_id')
		.select(['m.batch_id', 'm.item_id', 'i.name', 'i.names', 'i.size', 'i.unit', 'm.location_id', 'm.kind', 'm.quantity'])
		.where(
			'm.batch_id',
			'in',
			rows.map((r) => r.id)
		)
		.orderBy('i.category')
		.orderBy('i.name_key')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		locationId: r.location_id,
		locationName: r.location_name,
		toLocationId: r.to_location_id,
		donationId: r.donation_id,
		occurrenceId: r.occurrence_id,
		askId: r.ask_id,
		kitId: r.kit_id,
		kitName: r.kit_name,
		bags: r.bags === null ? null : fromDbCount(r.bags),
		reason: r.reason,
		note: r.note,
		override: fromDbBool(r.override),
		correctsId: r.corrects_id,
		correctedBy: r.corrected_by,
		actorName: r.actor_name,
		occurredOn: r.occurred_on,
		createdAt: fromDbTime(r.created_at),
		lines: lines
			.filter((l) => l.batch_id === r.id)
			.map((l) => ({
				itemId: l.item_id,
				name: l.name,
				names: l.names,
				size: l.size,
				unit: l.unit,
				locationId: l.location_id,
				kind: l.kind,
				quantity: fromDbCount(l.quantity)
			}))
	}));
}

export async function countBatches(db: Executor, networkId: string, f: BatchFilter): Promise<number> {
	const r = await batchQuery(db, networkId, f)
		.select((eb) => eb.fn.countAll().as('n'))
		.executeTakeFirst();
	return fromDbCount(r?.n);
}

/** The newest batch of a tally that nothing has corrected yet (what "undo" takes back). */
export async function lastUncorrected(db: Executor, donationId: string): Promise<string | undefined> {
	const r = await db
		.selectFrom('stock_batches as b')
		.select('b.id')
		.where('b.donation_id', '=', donationId)
		.where('b.kind', '!=', 'correction')
		.where((eb) => eb.not(eb.exists(eb.selectFrom('stock_batches as c').select('c.id').whereRef('c.corrects_id', '=', 'b.id'))))
		.orderBy('b.created_at', 'desc')
		.orderBy('b.id', 'desc')
		.executeTakeFirst();
	return r?.id;
}

/** Running count per item of one donation (net of corrections). */
export async function donationTotals(db: Executor, donationId: string): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('stock_movements as m')
		.innerJoin('stock_batches as b', 'b.id', 'm.batch_id')
		.select(['m.item_id', (eb) => eb.fn.sum<number | string>('m.quantity').as('q')])
		.where('b.donation_id', '=', donationId)
		.groupBy('m.item_id')
		.execute();
	return new Map(rows.map((r) => [r.item_id, fromDbCount(r.q)]));
}

// ── Donations ─────────────────────────────────────────────────────────────────────────────

export interface DonationWrite {
	id: string;
	networkId: string;
	locationId: string;
	receivedOn: string;
	source: string;
	driveId: string | null;
	donorName: string | null;
	estimatedValueMinor: number | null;
	note: string | null;
	mode: 'form' | 'tally';
	status: 'open' | 'closed';
	recordedBy: string;
	now: Date;
}

export async function insertDonation(db: Executor, d: DonationWrite): Promise<void> {
	await db
		.insertInto('stock_donations')
		.values({
			id: d.id,
			network_id: d.networkId,
			location_id: d.locationId,
			received_on: d.receivedOn,
			source: d.source,
			drive_id: d.driveId,
			donor_name: d.donorName,
			estimated_value_minor: d.estimatedValueMinor,
			note: d.note,
			mode: d.mode,
			status: d.status,
			recorded_by: d.recordedBy,
			created_at: toDbTime(d.now),
			updated_at: toDbTime(d.now)
		})
		.execute();
}

export interface DonationRow {
	id: string;
	locationId: string;
	locationName: string;
	receivedOn: string;
	source: string;
	driveId: string | null;
	driveName: string | null;
	donorName: string | null;
	estimatedValueMinor: number | null;
	note: string | null;
	mode: string;
	status: string;
	recordedBy: string | null;
	units: number;
}

function donationQuery(db: Executor, networkId: string) {
	return db
		.selectFrom('stock_donations as d')
		.innerJoin('stock_locations as l', 'l.id', 'd.location_id')
		.leftJoin('stock_drives as v', 'v.id', 'd.drive_id')
		.select([
			'd.id',
			'd.location_id',
			'l.name as location_name',
			'd.received_on',
			'd.source',
			'd.drive_id',
			'v.name as drive_name',
			'd.donor_name',
			'd.estimated_value_minor',
			'd.note',
			'd.mode',
			'd.status',
			'd.recorded_by',
			'd.units'
		])
		.where('d.network_id', '=', networkId);
}

function toDonation(r: {
	id: string;
	location_id: string;
	location_name: string;
	received_on: string;
	source: string;
	drive_id: string | null;
	drive_name: string | null;
	donor_name: string | null;
	estimated_value_minor: number | string | null;
	note: string | null;
	mode: string;
	status: string;
	recorded_by: string | null;
	units: number | string | null;
}): DonationRow {
	return {
		id: r.id,
		locationId: r.location_id,
		locationName: r.location_name,
		receivedOn: r.received_on,
		source: r.source,
		driveId: r.drive_id,
		driveName: r.drive_name,
		donorName: r.donor_name,
		estimatedValueMinor: r.estimated_value_minor === null ? null : fromDbCount(r.estimated_value_minor),
		note: r.note,
		mode: r.mode,
		status: r.status,
		recordedBy: r.recorded_by,
		units: fromDbCount(r.units)
	};
}

export async function findDonation(db: Executor, networkId: string, id: string): Promise<DonationRow | undefined> {
	const r = await donationQuery(db, networkId).where('d.id', '=', id).executeTakeFirst();
	return r && toDonation(r);
}

export async function listDonations(
	db: Executor,
	networkId: string,
	opts: { limit: number; offset: number; fromDay?: string; toDay?: string }
): Promise<DonationRow[]> {
	let q = donationQuery(db, networkId);
	if (opts.fromDay) q = q.where('d.received_on', '>=', opts.fromDay);
	if (opts.toDay) q = q.where('d.received_on', '<', opts.toDay);
	const rows = await q.orderBy('d.received_on', 'desc').orderBy('d.id', 'desc').limit(opts.limit).offset(opts.offset).execute();
	return rows.map(toDonation);
}

export async function countDonations(
	db: Executor,
	networkId: string,
	range: { fromDay?: string; toDay?: string; locationId?: string | null } = {}
): Promise<number> {
	let q = db
		.selectFrom('stock_donations')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('network_id', '=', networkId);
	if (range.fromDay) q = q.where('received_on', '>=', range.fromDay);
	if (range.toDay) q = q.where('received_on', '<', range.toDay);
	if (range.locationId) q = q.where('location_id', '=', range.locationId);
	const r = await q.executeTakeFirst();
	return fromDbCount(r?.n);
}

/** Closes an open tally; false when it was already closed (another phone finished it). */
export async function closeTally(db: Executor, id: string, now: Date): Promise<boolean> {
	const r = await db
		.updateTable('stock_donations')
		.set({ status: 'closed', updated_at: toDbTime(now) })
		.where('id', '=', id)
		.where('status', '=', 'open')
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export async function listOpenTallies(db: Executor, networkId: string): Promise<DonationRow[]> {
	const rows = await donationQuery(db, networkId).where('d.status', '=', 'open').orderBy('d.created_at', 'desc').limit(20).execute();
	return rows.map(toDonation);
}

// ── Check, reports, exports ───────────────────────────────────────────────────────────────

/** Cached levels and the sums of movements, keyed "location:item", for the drift check. */
export async function levelSums(
	db: Executor,
	opts: { networkId?: string }
): Promise<{ cached: Map<string, number>; ledger: Map<string, number>; movements: number }> {
	let c = db.selectFrom('stock_levels').select(['location_id', 'item_id', 'quantity']);
	let m = db
		.selectFrom('stock_movements')
		.select(['location_id', 'item_id', (eb) => eb.fn.sum<number | string>('quantity').as('q'), (eb) => eb.fn.countAll<number | string>().as('n')])
		.groupBy(['location_id', 'item_id']);
	if (opts.networkId) {
		c = c.where('network_id', '=', opts.networkId);
		m = m.where('network_id', '=', opts.networkId);
	}
	const [cachedRows, sums] = await Promise.all([c.execute(), m.execute()]);
	return {
		cached: new Map(cachedRows.map((r) => [`${r.location_id}:${r.item_id}`, fromDbCount(r.quantity)])),
		ledger: new Map(sums.map((r) => [`${r.location_id}:${r.item_id}`, fromDbCount(r.q)])),
		movements: sums.reduce((n, r) => n + fromDbCount(r.n), 0)
	};
}

/** The daily flows as kept and as the movements sum them, keyed "day:place:kind", for the drift check. */
export async function flowSums(db: Executor, opts: { networkId?: string }): Promise<{ cached: Map<string, number>; ledger: Map<string, number> }> {
	let c = db.selectFrom('stock_flows').select(['occurred_on', 'location_id', 'kind', 'units']);
	let m = db
		.selectFrom('stock_movements')
		.select(['occurred_on', 'location_id', 'kind', (eb) => eb.fn.sum<number | string>('quantity').as('q')])
		.groupBy(['occurred_on', 'location_id', 'kind']);
	if (opts.networkId) {
		c = c.where('network_id', '=', opts.networkId);
		m = m.where('network_id', '=', opts.networkId);
	}
	const [kept, sums] = await Promise.all([c.execute(), m.execute()]);
	return {
		cached: new Map(kept.map((r) => [`${r.occurred_on}:${r.location_id}:${r.kind}`, fromDbCount(r.units)])),
		ledger: new Map(sums.map((r) => [`${r.occurred_on}:${r.location_id}:${r.kind}`, fromDbCount(r.q)]))
	};
}

/** Each donation's kept units and the sum of its movements, keyed by donation, for the drift check. */
export async function donationUnitSums(db: Executor, opts: { networkId?: string }): Promise<{ cached: Map<string, number>; ledger: Map<string, number> }> {
	let c = db.selectFrom('stock_donations').select(['id', 'units']);
	let m = db
		.selectFrom('stock_movements as m')
		.innerJoin('stock_batches as b', 'b.id', 'm.batch_id')
		.select(['b.donation_id', (eb) => eb.fn.sum<number | string>('m.quantity').as('q')])
		.where('b.donation_id', 'is not', null)
		.groupBy('b.donation_id');
	if (opts.networkId) {
		c = c.where('network_id', '=', opts.networkId);
		m = m.where('m.network_id', '=', opts.networkId);
	}
	const [kept, sums] = await Promise.all([c.execute(), m.execute()]);
	return {
		cached: new Map(kept.map((r) => [r.id, fromDbCount(r.units)])),
		ledger: new Map(sums.flatMap((r) => (r.donation_id === null ? [] : [[r.donation_id, fromDbCount(r.q)]])))
	};
}

function periodExpr(dialect: DialectName, period: 'month' | 'week') {
	if (period === 'month') return sql<string>`substr(occurred_on, 1, 7)`;
	// ISO weeks start on Monday: the Monday on or before the day.
	return dialect === 'sqlite'
		? sql<string>`date(occurred_on, '-' || ((cast(strftime('%w', occurred_on) as integer) + 6) % 7) || ' days')`
		: sql<string>`to_char(date_trunc('week', cast(occurred_on as date)), 'YYYY-MM-DD')`;
}

/** Units moved per period and kind over a range of days (net of corrections), optionally at one place, from the daily flows. */
export async function flowsByPeriod(
	db: Executor,
	dialect: DialectName,
	networkId: string,
	f: { fromDay: string; toDay: string; period: 'month' | 'week'; locationId: string | null }
): Promise<{ period: string; kind: string; units: number }[]> {
	const p = periodExpr(dialect, f.period);
	let q = db
		.selectFrom('stock_flows')
		.select([p.as('period'), 'kind', (eb) => eb.fn.sum<number | string>('units').as('q')])
		.where('network_id', '=', networkId)
		.where('occurred_on', '>=', f.fromDay)
		.where('occurred_on', '<', f.toDay);
	if (f.locationId !== null) q = q.where('location_id', '=', f.locationId);
	const rows = await q.groupBy([p, 'kind']).orderBy(p).execute();
	return rows.map((r) => ({ period: r.period, kind: r.kind, units: fromDbCount(r.q) }));
}

/** Units moved per item and kind over a range of days, the biggest first. */
export async function flowsByItem(
	db: Executor,
	networkId: string,
	f: { fromDay: string; toDay: string; locationId: string | null }
): Promise<{ itemId: string; kind: string; units: number }[]> {
	let q = db
		.selectFrom('stock_movements')
		.select(['item_id', 'kind', (eb) => eb.fn.sum<number | string>('quantity').as('q')])
		.where('network_id', '=', networkId)
		.where('occurred_on', '>=', f.fromDay)
		.where('occurred_on', '<', f.toDay)
		.where('kind', 'in', ['donation', 'distribution']);
	if (f.locationId !== null) q = q.where('location_id', '=', f.locationId);
	const rows = await q.groupBy(['item_id', 'kind']).execute();
	return rows.map((r) => ({ itemId: r.item_id, kind: r.kind, units: fromDbCount(r.q) }));
}

/** Donations and their units by source over a range of days (from each donation's kept units). */
export async function donationsBySource(
	db: Executor,
	networkId: string,
	f: { fromDay: string; toDay: string; locationId: string | null }
): Promise<{ source: string; units: number; donations: number }[]> {
	let q = db
		.selectFrom('stock_donations')
		.select(['source', (eb) => eb.fn.sum<number | string>('units').as('q'), (eb) => eb.fn.countAll<number | string>().as('n')])
		.where('network_id', '=', networkId)
		.where('received_on', '>=', f.fromDay)
		.where('received_on', '<', f.toDay);
	if (f.locationId !== null) q = q.where('location_id', '=', f.locationId);
	const rows = await q.groupBy('source').execute();
	return rows.map((r) => ({ source: r.source, units: fromDbCount(r.q), donations: fromDbCount(r.n) }));
}

/** A drive's donated units per year (for "this year and all the years since"). */
export async function driveTotalsByYear(db: Executor, networkId: string, driveId: string): Promise<{ year: string; units: number; donations: number }[]> {
	const year = sql<string>`substr(received_on, 1, 4)`;
	const rows = await db
		.selectFrom('stock_donations')
		.select([year.as('year'), (eb) => eb.fn.sum<number | string>('units').as('q'), (eb) => eb.fn.countAll<number | string>().as('n')])
		.where('network_id', '=', networkId)
		.where('drive_id', '=', driveId)
		.groupBy(year)
		.orderBy(year)
		.execute();
	return rows.map((r) => ({ year: r.year, units: fromDbCount(r.q), donations: fromDbCount(r.n) }));
}

/** Movements of a range of days for the CSV export, oldest first, with names (never a donor's). */
export async function movementsForExport(db: Executor, networkId: string, fromDay: string, toDay: string) {
	const rows = await db
		.selectFrom('stock_movements as m')
		.innerJoin('stock_batches as b', 'b.id', 'm.batch_id')
		.innerJoin('stock_items as i', 'i.id', 'm.item_id')
		.innerJoin('stock_locations as l', 'l.id', 'm.location_id')
		.select([
			'm.occurred_on',
			'b.id as batch_id',
			'b.kind as batch_kind',
			'm.kind',
			'l.name as location',
			'i.name as item',
			'i.size',
			'i.unit',
			'm.quantity',
			'b.reason',
			'b.override',
			'b.corrects_id',
			'm.created_at'
		])
		.where('m.network_id', '=', networkId)
		.where('m.occurred_on', '>=', fromDay)
		.where('m.occurred_on', '<', toDay)
		.orderBy('m.occurred_on')
		.orderBy('m.created_at')
		.orderBy('m.id')
		.execute();
	return rows.map((r) => ({ ...r, quantity: fromDbCount(r.quantity), override: fromDbBool(r.override), created_at: fromDbTime(r.created_at) }));
}

import { localDay } from '$lib/domain/days';
import {
	addDays,
	expandSchedule,
	formFromRule,
	pickupSlots,
	scheduleFromForm,
	WEEKDAYS,
	type Occurrence,
	type ScheduleForm,
	type Weekday
} from '$lib/domain/recurrence';
import { isLow, kitContents, mergeLines, shortfalls, type Line } from '$lib/domain/stock';
import { itemName } from '$lib/domain/pantry-catalogue';
import { hmacHex, newHumanCode, normaliseHumanCode } from '../auth/tokens';
import { hitRateLimit } from '../auth/sessions.repository';
import type { Ctx } from '../context';
import { newId } from '../db/conventions';
import type { Executor } from '../db/index';
import { ServiceError } from '../errors';
import type { NetworkAccess } from '../networks/networks.service';
import { requireAllowed, type Actor } from '../policy/policy';
import { readPrivate, sealPrivate } from '../privacy/private-fields';
import * as catalogue from './catalogue.repository';
import { activeLocation, usableKit, userOf } from './catalogue.service';
import * as repo from './distributions.repository';
import type { DistributionInput, GiveInput } from './pantry.schema';
import * as stock from './stock.repository';
import { writeBatch, type BatchRow } from './stock.service';

export type DistributionRow = repo.DistributionRow;
const BOOKING_NAME = { resource: 'pickup_bookings', field: 'name' } as const;
/** Pick-up bookings a network takes in an hour through its public page. */
export const BOOKINGS_PER_HOUR = 300;

/** The window of the per-occurrence cap on bookings made without an account. */
export const ANONYMOUS_BOOKING_WINDOW_MS = 10 * 60 * 1000;
/**
 * How many bookings people without an account may make for one occurrence in a window: a quarter
 * of its places, and never fewer than ten, so families booking after an announcement get in while
 * one script cannot take every place in a few requests (no IP address is read).
 */
export function anonymousBookingCap(places: number): number {
	return Math.max(10, Math.ceil(places / 4));
}
/** How far ahead the schedule is shown and bookable. */
export const HORIZON_DAYS = 120;

function scheduleForm(input: DistributionInput): ScheduleForm {
	return {
		frequency: input.frequency,
		interval: input.interval,
		weekdays: input.weekdays.filter((w): w is Weekday => WEEKDAYS.some((x) => x === w)),
		monthWeek: input.monthWeek,
		startDay: input.startDay ?? '',
		startTime: input.startTime,
		endTime: input.endTime,
		untilDay: input.untilDay
	};
}

async function distributionWrite(db: Executor, networkId: string, input: DistributionInput): Promise<repo.DistributionWrite> {
	const form = scheduleForm(input);
	const rule = scheduleFromForm(form);
	if (!rule.ok) {
		const p = rule.problems[0];
		throw new ServiceError(p?.code ?? 'invalid', p?.field ?? 'frequency');
	}
	await activeLocation(db, networkId, input.locationId, 'locationId');
	if (input.kitId !== null) await usableKit(db, networkId, input.kitId, 'kitId');
	if ((input.slotMinutes === null) !== (input.slotCapacity === null))
		throw new ServiceError('required', input.slotMinutes === null ? 'slotMinutes' : 'slotCapacity');
	return {
		locationId: input.locationId,
		name: input.name,
		place: input.place,
		rrule: rule.rrule,
		startDay: form.startDay,
		startTime: input.startTime,
		endTime: input.endTime,
		kitId: input.kitId,
		plannedBags: input.plannedBags,
		slotMinutes: input.slotMinutes,
		slotCapacity: input.slotCapacity,
		status: 'active'
	};
}

/** The schedule form's values for an existing distribution (for editing). */
export function formOf(d: DistributionRow): ScheduleForm | null {
	return formFromRule(d.rrule, d.startDay, d.startTime, d.endTime);
}

/** A steward sets up a recurring distribution ("every other Thursday 15:00–17:00 at the school car park"). */
export async function createDistribution(ctx: Ctx, actor: Actor, access: NetworkAccess, input: DistributionInput): Promise<{ id: string }> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const w = await distributionWrite(ctx.db, access.network.id, input);
	const id = newId(ctx.now());
	await repo.insertDistribution(ctx.db, id, access.network.id, w, ctx.now());
	return { id };
}

export async function updateDistribution(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string, input: DistributionInput): Promise<void> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const before = await getDistribution(ctx, actor, access, id);
	const w = await distributionWrite(ctx.db, access.network.id, input);
	await repo.updateDistribution(ctx.db, id, { ...w, status: before.status === 'ended' ? 'ended' : 'active' }, ctx.now());
}

/** Ends (or resumes) a distribution; its history stays. */
export async function setDistributionEnded(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string, ended: boolean): Promise<void> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const d = await getDistribution(ctx, actor, access, id);
	await repo.updateDistribution(ctx.db, id, { ...d, status: ended ? 'ended' : 'active' }, ctx.now());
}

export async function getDistribution(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string): Promise<DistributionRow> {
	requireAllowed(actor, 'network.view', access.resource);
	const d = await repo.findDistribution(ctx.db, access.network.id, id);
	if (!d) throw new ServiceError('not_found', undefined, 404);
	return d;
}

// ── Occurrences ───────────────────────────────────────────────────────────────────────────

export interface OccurrenceView {
	/** The schedule's instance this occurrence stems from: its key in URLs. */
	start: string;
	day: string;
	startTime: string;
	endTime: string;
	skipped: boolean;
	moved: boolean;
	plannedBags: number;
	row: repo.OccurrenceRow | null;
}

function viewOf(d: DistributionRow, o: Occurrence, row: repo.OccurrenceRow | undefined): OccurrenceView {
	return {
		start: o.start,
		day: row?.day ?? o.day,
		startTime: row?.startTime ?? o.startTime,
		endTime: row?.endTime ?? o.endTime,
		skipped: row?.status === 'skipped',
		moved: row !== undefined && (row.day !== o.day || row.startTime !== o.startTime),
		plannedBags: row?.plannedBags ?? d.plannedBags,
		row: row ?? null
	};
}

/** Occurrences from `fromDay` on, as the schedule makes them with any skips and moves applied, in date order. */
export async function occurrencesOf(db: Executor, d: DistributionRow, fromDay: string, days: number, limit: number): Promise<OccurrenceView[]> {
	const toDay = addDays(fromDay, days);
	// A week's margin each side finds instances moved into or out of the window.
	const expanded = expandSchedule(d, addDays(fromDay, -7), addDays(toDay, 7), limit + 20);
	const rows = await repo.listOccurrences(db, d.id, addDays(fromDay, -7), addDays(toDay, 7));
	const byStart = new Map(rows.map((r) => [r.originalStart, r]));
	return expanded
		.map((o) => viewOf(d, o, byStart.get(o.start)))
		.filter((v) => v.day >= fromDay && v.day <= toDay)
		.sort((a, b) => (a.day + a.startTime < b.day + b.startTime ? -1 : 1))
		.slice(0, limit);
}

/** One occurrence by its schedule key, or not found when the schedule never makes it. */
async function occurrenceAt(db: Executor, d: DistributionRow, start: string): Promise<{ o: Occurrence; view: OccurrenceView }> {
	const day = start.slice(0, 10);
	const o = expandSchedule(d, day, day, 5).find((x) => x.start === start);
	if (!o) throw new ServiceError('not_found', undefined, 404);
	return { o, view: viewOf(d, o, await repo.findOccurrence(db, d.id, start)) };
}

async function ensureRow(ctx: Ctx, db: Executor, d: DistributionRow, o: Occurrence): Promise<repo.OccurrenceRow> {
	return repo.ensureOccurrence(db, {
		id: newId(ctx.now()),
		networkId: d.networkId,
		distributionId: d.id,
		originalStart: o.start,
		day: o.day,
		startTime: o.startTime,
		endTime: o.endTime,
		now: ctx.now()
	});
}

export interface DistributionSummary {
	distribution: DistributionRow;
	next: OccurrenceView | null;
	locationName: string;
	kitName: string | null;
}

/** The network's distributions with their next occurrence. */
export async function listDistributions(ctx: Ctx, actor: Actor, access: NetworkAccess): Promise<DistributionSummary[]> {
	requireAllowed(actor, 'pantry.view', access.resource);
	const networkId = access.network.id;
	const [list, places, kits] = await Promise.all([
		repo.listDistributions(ctx.db, networkId, { activeOnly: false }),
		catalogue.listLocations(ctx.db, networkId, { includeArchived: true }),
		catalogue.listKits(ctx.db, networkId, { includeArchived: true })
	]);
	const today = localDay(ctx.now());
	return Promise.all(
		list.map(async (d) => ({
			distribution: d,
			next: d.status === 'active' ? ((await occurrencesOf(ctx.db, d, today, HORIZON_DAYS, 10)).find((v) => !v.skipped) ?? null) : null,
			locationName: places.find((p) => p.id === d.locationId)?.name ?? '',
			kitName: kits.find((k) => k.id === d.kitId)?.name ?? null
		}))
	);
}

/** The coming occurrences of one distribution (skipped ones shown as skipped). */
export async function upcoming(ctx: Ctx, actor: Actor, access: NetworkAccess, d: DistributionRow, count: number): Promise<OccurrenceView[]> {
	requireAllowed(actor, 'pantry.view', access.resource);
	return occurrencesOf(ctx.db, d, localDay(ctx.now()), HORIZON_DAYS * 3, count);
}

export interface ForecastLine {
	itemId: string;
	name: string;
	unit: string;
	size: string | null;
	need: number;
	have: number;
	short: number;
}

export interface Forecast {
	bagsPlanned: number;
	bagsGiven: number;
	bagsToGo: number;
	kitId: string | null;
	lines: ForecastLine[];
	short: ForecastLine[];
}

/** The bags still to give at an occurrence against what its place holds: what is short, item by item. */
async function forecastFor(db: Executor, d: DistributionRow, view: OccurrenceView, given: number, locale: string): Promise<Forecast> {
	const toGo = Math.max(0, view.plannedBags - given);
	if (d.kitId === null) return { bagsPlanned: view.plannedBags, bagsGiven: given, bagsToGo: toGo, kitId: null, lines: [], short: [] };
	const kit = await catalogue.findKit(db, d.networkId, d.kitId);
	const needs = kit ? kitContents(kit.lines, toGo) : [];
	const levels = await stock.levelsAt(
		db,
		d.locationId,
		needs.map((n) => n.itemId)
	);
	const items = new Map(
		(
			await catalogue.findItems(
				db,
				d.networkId,
				needs.map((n) => n.itemId)
			)
		).map((i) => [i.id, i])
	);
	const describe = (itemId: string) => {
		const i = items.get(itemId);
		return { name: i ? itemName(i.names, locale) || i.name : itemId, unit: i?.unit ?? 'piece', size: i?.size ?? null };
	};
	const short = new Map(shortfalls(needs, levels).map((s) => [s.itemId, s]));
	const lines = needs.map((n) => {
		const s = short.get(n.itemId);
		const have = Math.max(0, levels.get(n.itemId) ?? 0);
		return { itemId: n.itemId, ...describe(n.itemId), need: n.quantity, have, short: s?.short ?? 0 };
	});
	return { bagsPlanned: view.plannedBags, bagsGiven: given, bagsToGo: toGo, kitId: d.kitId, lines, short: lines.filter((l) => l.short > 0) };
}

export interface OccurrenceDetail {
	distribution: DistributionRow;
	view: OccurrenceView;
	bagsGiven: number;
	forecast: Forecast;
	batches: BatchRow[];
	slots: repo.SlotRow[];
}

/** One occurrence: what was planned, what has been given, what is short, and its pick-up slots. */
export async function getOccurrence(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	d: DistributionRow,
	start: string,
	locale: string
): Promise<OccurrenceDetail> {
	requireAllowed(actor, 'pantry.view', access.resource);
	const { view } = await occurrenceAt(ctx.db, d, start);
	const row = view.row;
	const given = row ? ((await repo.bagsGiven(ctx.db, [row.id])).get(row.id) ?? 0) : 0;
	const [forecast, batches, slots] = await Promise.all([
		forecastFor(ctx.db, d, view, given, locale),
		row ? stock.listBatches(ctx.db, access.network.id, { occurrenceId: row.id }, { limit: 100, offset: 0 }) : Promise.resolve([]),
		row ? repo.listSlots(ctx.db, row.id) : Promise.resolve([])
	]);
	return { distribution: d, view, bagsGiven: given, forecast, batches, slots };
}

/** Skips one occurrence (nobody comes that day) or puts it back. */
export async function setSkipped(ctx: Ctx, actor: Actor, access: NetworkAccess, d: DistributionRow, start: string, skipped: boolean): Promise<void> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const { o } = await occurrenceAt(ctx.db, d, start);
	await ctx.db.transaction().execute(async (trx) => {
		const row = await ensureRow(ctx, trx, d, o);
		await repo.setOccurrence(trx, row.id, { status: skipped ? 'skipped' : 'scheduled' }, ctx.now());
	});
}

/** Moves one occurrence to another day or time, and optionally plans a different number of bags for it. */
export async function moveOccurrence(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	d: DistributionRow,
	start: string,
	to: { day: string; startTime: string; endTime: string; plannedBags: number | null }
): Promise<void> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	if (to.endTime <= to.startTime) throw new ServiceError('end_before_start', 'endTime');
	if (to.day < localDay(ctx.now())) throw new ServiceError('date_in_past', 'day');
	const { o } = await occurrenceAt(ctx.db, d, start);
	await ctx.db.transaction().execute(async (trx) => {
		const row = await ensureRow(ctx, trx, d, o);
		await repo.setOccurrence(trx, row.id, { day: to.day, startTime: to.startTime, endTime: to.endTime, plannedBags: to.plannedBags }, ctx.now());
		await repo.setBookingsDay(trx, row.id, to.day);
		// Empty slots are made again for the new times on the next look; booked ones stay for their bookers.
		if (to.startTime !== row.startTime || to.endTime !== row.endTime) await repo.deleteUnbookedSlots(trx, row.id);
	});
}

/**
 * Records bags given out at an occurrence (N standard bags take N × the bag's contents) and any
 * extra items, from the distribution's place, in one batch. Two phones giving out the last bags at
 * once: the database lets through only what the shelf holds, unless someone confirms an override.
 */
export async function giveOut(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	d: DistributionRow,
	start: string,
	input: GiveInput,
	locale: string
): Promise<{ id: string }> {
	requireAllowed(actor, 'pantry.record', access.resource);
	const userId = userOf(actor);
	const { o, view } = await occurrenceAt(ctx.db, d, start);
	if (view.skipped) throw new ServiceError('occurrence_skipped', undefined, 409);
	return ctx.db.transaction().execute(async (trx) => {
		const place = await activeLocation(trx, d.networkId, d.locationId, 'locationId');
		const kit = input.bags > 0 && input.kitId !== null ? await usableKit(trx, d.networkId, input.kitId, 'kitId') : null;
		const extras = mergeLines(input.extras);
		const extraItems = await catalogue.findItems(
			trx,
			d.networkId,
			extras.map((e) => e.itemId)
		);
		for (const e of extras) {
			const it = extraItems.find((i) => i.id === e.itemId);
			if (!it) throw new ServiceError('item_unknown', 'extras');
			if (it.archived) throw new ServiceError('archived', 'extras', 409);
		}
		const row = await ensureRow(ctx, trx, d, o);
		const lines: Line[] = mergeLines([...(kit ? kitContents(kit.lines, input.bags) : []), ...extras]);
		const id = await writeBatch(
			ctx,
			trx,
			d.networkId,
			{
				kind: 'distribution',
				locationId: place.id,
				occurrenceId: row.id,
				kitId: kit?.id ?? null,
				bags: kit ? input.bags : 0,
				actorId: userId,
				occurredOn: row.day,
				lines: lines.map((l) => ({ locationId: place.id, itemId: l.itemId, kind: 'distribution', quantity: -l.quantity }))
			},
			input.override,
			locale
		);
		return { id };
	});
}

/** Households served and walk-ins at an occurrence: numbers only, no names. */
export async function setCounts(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	d: DistributionRow,
	start: string,
	counts: { households: number | null; walkIns: number | null }
): Promise<void> {
	requireAllowed(actor, 'pantry.record', access.resource);
	const { o, view } = await occurrenceAt(ctx.db, d, start);
	if (view.skipped) throw new ServiceError('occurrence_skipped', undefined, 409);
	await ctx.db.transaction().execute(async (trx) => {
		const row = await ensureRow(ctx, trx, d, o);
		await repo.setOccurrence(trx, row.id, { households: counts.households, walkIns: counts.walkIns }, ctx.now());
	});
}

// ── What to ask donors for ────────────────────────────────────────────────────────────────

export interface NeedsList {
	/** Per distribution: its next occurrence and what is short for it. */
	distributions: { id: string; name: string; day: string; startTime: string; bagsToGo: number; short: ForecastLine[] }[];
	/** Items at or below their warning level across the network. */
	low: { itemId: string; name: string; unit: string; size: string | null; quantity: number; minLevel: number }[];
	/** Everything above in one list per item: the shopping and donation list. */
	total: { itemId: string; name: string; unit: string; size: string | null; short: number }[];
}

/**
 * What the network should ask donors for: the shortfall for each distribution's next
 * occurrence, and the items running low. No names or addresses: it can be shared with anyone.
 */
export async function needsList(ctx: Ctx, actor: Actor, access: NetworkAccess, locale: string): Promise<NeedsList> {
	requireAllowed(actor, 'network.view', access.resource);
	const networkId = access.network.id;
	const today = localDay(ctx.now());
	const out: NeedsList = { distributions: [], low: [], total: [] };
	const total = new Map<string, { itemId: string; name: string; unit: string; size: string | null; short: number }>();
	for (const d of await repo.listDistributions(ctx.db, networkId, { activeOnly: true })) {
		// The next time bags are still to be given: once today's are all out, the one after it.
		const coming = (await occurrencesOf(ctx.db, d, today, HORIZON_DAYS, 10)).filter((v) => !v.skipped);
		const given = await repo.bagsGiven(
			ctx.db,
			coming.flatMap((v) => (v.row ? [v.row.id] : []))
		);
		const givenAt = (v: OccurrenceView) => (v.row ? (given.get(v.row.id) ?? 0) : 0);
		const next = coming.find((v) => v.plannedBags > givenAt(v));
		if (!next) continue;
		const f = await forecastFor(ctx.db, d, next, givenAt(next), locale);
		out.distributions.push({ id: d.id, name: d.name, day: next.day, startTime: next.startTime, bagsToGo: f.bagsToGo, short: f.short });
		for (const s of f.short) {
			const t = total.get(s.itemId) ?? { itemId: s.itemId, name: s.name, unit: s.unit, size: s.size, short: 0 };
			t.short += s.short;
			total.set(s.itemId, t);
		}
	}
	const totals = await stock.totalsByItem(ctx.db, networkId);
	for (const i of await catalogue.listAllItems(ctx.db, networkId)) {
		const q = totals.get(i.id) ?? 0;
		if (i.minLevel === null || !isLow(q, i.minLevel)) continue;
		const name = itemName(i.names, locale) || i.name;
		out.low.push({ itemId: i.id, name, unit: i.unit, size: i.size, quantity: q, minLevel: i.minLevel });
		// Enough to be one above the warning level again, unless a distribution already asks for more.
		const wanted = i.minLevel + 1 - Math.max(0, q);
		const t = total.get(i.id) ?? { itemId: i.id, name, unit: i.unit, size: i.size, short: 0 };
		t.short = Math.max(t.short, wanted);
		total.set(i.id, t);
	}
	out.total = [...total.values()].filter((t) => t.short > 0).sort((a, b) => b.short - a.short || a.name.localeCompare(b.name));
	return out;
}

// ── Pick-up bookings ──────────────────────────────────────────────────────────────────────

function codeHash(ctx: Ctx, code: string): string {
	return hmacHex(ctx.secrets.hmacKey, 'pickup-booking', normaliseHumanCode(code));
}

async function bookableOccurrence(ctx: Ctx, db: Executor, d: DistributionRow, start: string) {
	if (d.status !== 'active' || d.slotMinutes === null || d.slotCapacity === null) throw new ServiceError('bookings_closed', undefined, 409);
	const { o, view } = await occurrenceAt(db, d, start);
	if (view.skipped) throw new ServiceError('occurrence_skipped', undefined, 409);
	if (view.day < localDay(ctx.now())) throw new ServiceError('bookings_closed', undefined, 409);
	return { o, view };
}

/** The pick-up slots of an occurrence with the places left in each (made on first look). */
export async function slotsFor(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	d: DistributionRow,
	start: string
): Promise<{ view: OccurrenceView; slots: repo.SlotRow[] }> {
	requireAllowed(actor, 'network.view', access.resource);
	const { o, view } = await bookableOccurrence(ctx, ctx.db, d, start);
	const slots = await ctx.db.transaction().execute(async (trx) => {
		const row = await ensureRow(ctx, trx, d, o);
		const made = pickupSlots(row.startTime, row.endTime, d.slotMinutes ?? 15);
		await repo.ensureSlots(
			trx,
			d.networkId,
			row.id,
			made.map((s) => ({ id: newId(ctx.now()), start: s.start, end: s.end, capacity: d.slotCapacity ?? 1 }))
		);
		return repo.listSlots(trx, row.id);
	});
	return { view, slots };
}

/**
 * Books a place in a pick-up slot with only a first name or a nickname. The last place has one
 * winner (a conditional update). Answers the code that cancels the booking; the name is encrypted
 * and deleted after the day.
 */
export async function bookSlot(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	d: DistributionRow,
	start: string,
	input: { slotId: string; name: string; website?: string | undefined }
): Promise<{ code: string; startTime: string; endTime: string; day: string }> {
	requireAllowed(actor, 'network.view', access.resource);
	// The public form's trap field: only a robot fills it in.
	if (input.website) throw new ServiceError('invalid', undefined, 400);
	await bookableOccurrence(ctx, ctx.db, d, start);
	// A public form: a cap per network and hour, so one visitor cannot book every place (no IP is read).
	const now = ctx.now();
	if ((await hitRateLimit(ctx.db, `pickup:${d.networkId}`, now, new Date(now.getTime() - 60 * 60 * 1000))) > BOOKINGS_PER_HOUR)
		throw new ServiceError('bookings_busy', undefined, 429);
	return ctx.db.transaction().execute(async (trx) => {
		const row = await repo.findOccurrence(trx, d.id, start);
		const slots = row ? await repo.listSlots(trx, row.id) : [];
		// And a cap per occurrence for bookings without an account, well below its places.
		if (actor.userId === null) {
			const places = slots.reduce((sum, s) => sum + s.capacity, 0);
			const made = await hitRateLimit(trx, `pickup-anon:${d.id}:${start}`, now, new Date(now.getTime() - ANONYMOUS_BOOKING_WINDOW_MS));
			if (made > anonymousBookingCap(places)) throw new ServiceError('bookings_busy_here', undefined, 429);
		}
		const slot = slots.find((s) => s.id === input.slotId);
		// Only a slot within the occurrence's current times: one left over from before a move is not bookable.
		if (!row || !slot || slot.startTime < row.startTime || slot.endTime > row.endTime) throw new ServiceError('invalid_choice', 'slotId');
		if (!(await repo.takeSlotPlace(trx, slot.id))) throw new ServiceError('slot_full', 'slotId', 409);
		const code = newHumanCode(2);
		const sealed = sealPrivate(ctx, BOOKING_NAME, input.name);
		await repo.insertBooking(trx, {
			id: newId(ctx.now()),
			networkId: d.networkId,
			slotId: slot.id,
			day: row.day,
			nameEnc: sealed ?? '',
			codeHash: codeHash(ctx, code),
			now: ctx.now()
		});
		return { code, startTime: slot.startTime, endTime: slot.endTime, day: row.day };
	});
}

/** Cancels a booking with the code its booker was given; the place goes back to the slot. */
export async function cancelBookingByCode(ctx: Ctx, actor: Actor, access: NetworkAccess, code: string): Promise<void> {
	requireAllowed(actor, 'network.view', access.resource);
	await ctx.db.transaction().execute(async (trx) => {
		const found = await repo.findBookingByCode(trx, codeHash(ctx, code));
		if (!found || found.network_id !== access.network.id) throw new ServiceError('not_found', 'code', 404);
		const cancelled = await repo.cancelBooking(trx, codeHash(ctx, code), ctx.now());
		if (!cancelled) throw new ServiceError('not_found', 'code', 404);
		await repo.releaseSlotPlace(trx, cancelled.slotId);
	});
}

/** The names booked for an occurrence, for the volunteers handing out bags; each read is logged. */
export async function bookingsFor(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	d: DistributionRow,
	start: string
): Promise<{ slotId: string; name: string }[]> {
	requireAllowed(actor, 'pantry.record', access.resource);
	const userId = userOf(actor);
	const row = await repo.findOccurrence(ctx.db, d.id, start);
	if (!row) return [];
	const out: { slotId: string; name: string }[] = [];
	for (const b of await repo.listBookings(ctx.db, row.id)) {
		const name = await readPrivate(ctx, ctx.db, userId, { ...BOOKING_NAME, resourceId: b.id, ownerId: null, networkId: d.networkId }, b.nameEnc, 'pickup_list');
		out.push({ slotId: b.slotId, name: name ?? '' });
	}
	return out;
}

/** Deletes the names of bookings whose day has passed (the counts per slot stay). */
export async function purgePastBookings(ctx: Ctx): Promise<number> {
	return repo.purgeBookings(ctx.db, localDay(ctx.now()));
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMaintenance } from '../../src/lib/server/maintenance';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import {
	bookingsFor,
	bookSlot,
	cancelBookingByCode,
	getOccurrence,
	giveOut,
	listDistributions,
	moveOccurrence,
	needsList,
	purgePastBookings,
	setCounts,
	setSkipped,
	slotsFor,
	upcoming,
	type DistributionRow,
	anonymousBookingCap,
	ANONYMOUS_BOOKING_WINDOW_MS
} from '../../src/lib/server/pantry/distributions.service';
import { bookingSchema } from '../../src/lib/server/pantry/pantry.schema';
import { listLedger } from '../../src/lib/server/pantry/stock.service';
import { ANONYMOUS } from '../../src/lib/server/policy/policy';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { outcome } from '../helpers/outcome';
import {
	addNetwork,
	asPerson,
	bookingInput,
	buildDistribution,
	buildPantry,
	buildPantryCommunity,
	buildPlace,
	countsInput,
	expectNoDrift,
	giveInput,
	ledgerCounts,
	levels,
	moveInput,
	stock,
	type FormValues,
	type Pantry,
	type PantryCommunity,
	type PantryPerson
} from '../helpers/pantry';

const MINUTE = 60_000;

describe.each(DIALECTS)('recurring distributions on %s', (dialect) => {
	let t: TestDb;
	let c: PantryCommunity;
	let steward: PantryPerson;
	let n1: PantryPerson;
	let p: Pantry;

	beforeAll(async () => {
		t = await createTestDb(dialect);
		c = await buildPantryCommunity(t.ctx);
		steward = await asPerson(t.ctx, c.steward, c.net.slug);
		n1 = await asPerson(t.ctx, c.neighbours[0], c.net.slug);
		p = await buildPantry(t.ctx, steward);
	});
	afterAll(async () => t.close());

	/** A distribution every other Thursday 15:00–17:00 from Thursday 12 November 2026 (the test clock is Wednesday 25 November). */
	const distribution = (name: string, over: FormValues = {}, locationId = p.placeId) =>
		buildDistribution(t.ctx, steward, locationId, p.kitId, { name, ...over });
	const coming = async (d: DistributionRow, count = 5) =>
		(await upcoming(t.ctx, n1.actor, n1.access, d, count)).map((v) => ({
			start: v.start,
			day: v.day,
			startTime: v.startTime,
			skipped: v.skipped,
			moved: v.moved
		}));
	const nextOf = async (d: DistributionRow) => (await listDistributions(t.ctx, n1.actor, n1.access)).find((s) => s.distribution.id === d.id)?.next?.day ?? null;
	const at = (day: string, over: Partial<{ startTime: string; skipped: boolean; moved: boolean }> = {}) => ({
		start: `${day}T15:00`,
		day,
		startTime: '15:00',
		skipped: false,
		moved: false,
		...over
	});

	it('lists the coming days of an every-other-Thursday schedule that started two weeks ago', async () => {
		const d = await distribution('Schedule distribution');
		expect(d).toMatchObject({ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', startDay: '2026-11-12', plannedBags: 60, status: 'active' });
		expect(await coming(d)).toEqual([at('2026-11-26'), at('2026-12-10'), at('2026-12-24'), at('2027-01-07'), at('2027-01-21')]);
		expect(await nextOf(d)).toBe('2026-11-26');
		// A day the schedule does not make is not an occurrence.
		expect(await outcome(getOccurrence(t.ctx, n1.actor, n1.access, d, '2026-12-03T15:00', 'en'))).toBe('not_found');
	});

	it('skips one occurrence and puts it back', async () => {
		const d = await distribution('Skip distribution');
		await setSkipped(t.ctx, steward.actor, steward.access, d, '2026-11-26T15:00', true);
		expect(await coming(d, 3)).toEqual([at('2026-11-26', { skipped: true }), at('2026-12-10'), at('2026-12-24')]);
		expect(await nextOf(d)).toBe('2026-12-10');
		await setSkipped(t.ctx, steward.actor, steward.access, d, '2026-12-10T15:00', true);
		expect(await nextOf(d)).toBe('2026-12-24');

		await setSkipped(t.ctx, steward.actor, steward.access, d, '2026-11-26T15:00', false);
		await setSkipped(t.ctx, steward.actor, steward.access, d, '2026-12-10T15:00', false);
		expect(await coming(d, 3)).toEqual([at('2026-11-26'), at('2026-12-10'), at('2026-12-24')]);
		expect(await nextOf(d)).toBe('2026-11-26');
		// Only those who run the pantry change the schedule.
		expect(await outcome(setSkipped(t.ctx, n1.actor, n1.access, d, '2026-12-10T15:00', true))).toBe('policy:forbidden');
	});

	it('moves one occurrence to another day: the new day is listed and the original is not', async () => {
		const d = await distribution('Move distribution');
		await moveOccurrence(t.ctx, steward.actor, steward.access, d, '2026-12-24T15:00', {
			day: '2026-12-22',
			startTime: '16:00',
			endTime: '18:00',
			plannedBags: 40
		});
		const list = await coming(d, 4);
		expect(list).toEqual([
			at('2026-11-26'),
			at('2026-12-10'),
			{ start: '2026-12-24T15:00', day: '2026-12-22', startTime: '16:00', skipped: false, moved: true },
			at('2027-01-07')
		]);
		expect(list.map((v) => v.day)).not.toContain('2026-12-24');
		const moved = await getOccurrence(t.ctx, n1.actor, n1.access, d, '2026-12-24T15:00', 'en');
		expect(moved.view).toMatchObject({ day: '2026-12-22', startTime: '16:00', endTime: '18:00', plannedBags: 40, moved: true });
		expect(moved.forecast.bagsPlanned).toBe(40);

		const move = (day: string, startTime: string, endTime: string) =>
			moveOccurrence(t.ctx, steward.actor, steward.access, d, '2026-12-10T15:00', { day, startTime, endTime, plannedBags: null });
		expect(await outcome(move('2026-11-24', '15:00', '17:00'))).toBe('date_in_past');
		expect(await outcome(move('2026-12-11', '17:00', '15:00'))).toBe('end_before_start');
		// The move form's fields go through their schema like every other form.
		expect(moveInput('2026-12-10T15:00', '2026-12-11')).toEqual({
			start: '2026-12-10T15:00',
			day: '2026-12-11',
			startTime: '15:00',
			endTime: '17:00',
			plannedBags: null
		});
	});

	it('gives out 55 standard bags as 110 rice, 220 beans and 55 oil from the distribution’s place, in one batch', async () => {
		const place = await buildPlace(t.ctx, steward, 'Give-out pantry');
		await stock(t.ctx, steward, place, [
			[p.items.rice, '200'],
			[p.items.beans, '300'],
			[p.items.oil, '100'],
			[p.items.soap, '10']
		]);
		t.clock.advance(MINUTE);
		const d = await distribution('Give-out distribution', {}, place);
		const start = '2026-11-26T15:00';
		const before = await ledgerCounts(t.ctx, c.net.id);
		const { id } = await giveOut(t.ctx, n1.actor, n1.access, d, start, giveInput(p.kitId, '55'), 'en');
		expect(await levels(t.ctx, place)).toEqual({ [p.items.rice]: 90, [p.items.beans]: 80, [p.items.oil]: 45, [p.items.soap]: 10 });
		expect(await ledgerCounts(t.ctx, c.net.id)).toEqual({ ...before, batches: before.batches + 1, movements: before.movements + 3 });

		const detail = await getOccurrence(t.ctx, n1.actor, n1.access, d, start, 'en');
		expect(detail.bagsGiven).toBe(55);
		expect(detail.batches).toHaveLength(1);
		expect(detail.batches[0]).toMatchObject({ id, kind: 'distribution', kitId: p.kitId, bags: 55, occurredOn: '2026-11-26', locationId: place });
		expect(detail.batches[0]?.lines.map((l) => [l.itemId, l.kind, l.quantity]).sort()).toEqual(
			[
				[p.items.rice, 'distribution', -110],
				[p.items.beans, 'distribution', -220],
				[p.items.oil, 'distribution', -55]
			].sort()
		);
		// Five bags to go of the sixty planned, and the shelf holds them.
		expect(detail.forecast).toMatchObject({ bagsPlanned: 60, bagsGiven: 55, bagsToGo: 5, short: [] });

		// One more bag with two bars of soap beside it.
		t.clock.advance(MINUTE);
		await giveOut(t.ctx, n1.actor, n1.access, d, start, giveInput(p.kitId, '1', {}, [[p.items.soap, '2']]), 'en');
		expect(await levels(t.ctx, place)).toEqual({ [p.items.rice]: 88, [p.items.beans]: 76, [p.items.oil]: 44, [p.items.soap]: 8 });
		expect((await getOccurrence(t.ctx, n1.actor, n1.access, d, start, 'en')).bagsGiven).toBe(56);
		await expectNoDrift(t.ctx);
	});

	it('forecasts what the next occurrence is short of and lists it with low items for donors', async () => {
		// A network of its own, so its needs list holds only what this test puts there.
		const net = await addNetwork(t.ctx, c);
		const s = await asPerson(t.ctx, c.steward, net.slug);
		const q = await buildPantry(t.ctx, s);
		await stock(t.ctx, s, q.placeId, [
			[q.items.rice, '120'],
			[q.items.beans, '200'],
			[q.items.oil, '5'],
			[q.items.soap, '3']
		]);
		const d = await buildDistribution(t.ctx, s, q.placeId, q.kitId, { name: 'Needs distribution', plannedBags: '60' });

		const detail = await getOccurrence(t.ctx, s.actor, s.access, d, '2026-11-26T15:00', 'en');
		expect(detail.forecast).toMatchObject({ bagsPlanned: 60, bagsGiven: 0, bagsToGo: 60 });
		const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
		expect([...detail.forecast.lines].sort(byName)).toEqual([
			{ itemId: q.items.beans, name: 'Canned black beans', unit: 'can', size: null, need: 240, have: 200, short: 40 },
			{ itemId: q.items.oil, name: 'Cooking oil', unit: 'bottle', size: null, need: 60, have: 5, short: 55 },
			{ itemId: q.items.rice, name: 'Rice', unit: 'bag', size: null, need: 120, have: 120, short: 0 }
		]);
		expect(detail.forecast.short.map((l) => [l.name, l.short]).sort()).toEqual([
			['Canned black beans', 40],
			['Cooking oil', 55]
		]);

		// Anyone may read the needs list: it holds no names or addresses.
		const anon = await loadNetworkAccess(t.ctx, ANONYMOUS, net.slug);
		const needs = await needsList(t.ctx, ANONYMOUS, anon, 'es');
		expect(needs.distributions).toHaveLength(1);
		expect(needs.distributions[0]).toMatchObject({ id: d.id, name: 'Needs distribution', day: '2026-11-26', startTime: '15:00', bagsToGo: 60 });
		expect(needs.distributions[0]?.short.map((l) => [l.name, l.short]).sort()).toEqual([
			['Aceite de cocina', 55],
			['Frijoles negros en lata', 40]
		]);
		expect(needs.low).toEqual([
			{ itemId: q.items.oil, name: 'Aceite de cocina', unit: 'bottle', size: null, quantity: 5, minLevel: 10 },
			{ itemId: q.items.soap, name: 'Jabón de barra', unit: 'piece', size: null, quantity: 3, minLevel: 12 }
		]);
		// Oil: the 55 the bags need is more than the 6 that lift it above its warning level; soap
		// is in no bag and needs 10 to be one above its level of 12 again.
		expect(needs.total).toEqual([
			{ itemId: q.items.oil, name: 'Aceite de cocina', unit: 'bottle', size: null, short: 55 },
			{ itemId: q.items.beans, name: 'Frijoles negros en lata', unit: 'can', size: null, short: 40 },
			{ itemId: q.items.soap, name: 'Jabón de barra', unit: 'piece', size: null, short: 10 }
		]);

		// Bags given out count against what is still to go.
		t.clock.advance(MINUTE);
		await giveOut(t.ctx, s.actor, s.access, d, '2026-11-26T15:00', giveInput(q.kitId, '5'), 'en');
		const after = (await needsList(t.ctx, ANONYMOUS, anon, 'en')).distributions[0];
		expect(after?.bagsToGo).toBe(55);
		// 55 bags need 220 beans and the shelf now holds 180; the last 5 bottles of oil went into the bags.
		expect(after?.short.find((l) => l.itemId === q.items.beans)).toMatchObject({ need: 220, have: 180, short: 40 });
		expect(after?.short.find((l) => l.itemId === q.items.oil)).toMatchObject({ need: 55, have: 0, short: 55 });

		// Once that day's bags are all given out, the list speaks of the one after it, two weeks on.
		t.clock.advance(MINUTE);
		await giveOut(t.ctx, s.actor, s.access, d, '2026-11-26T15:00', giveInput(q.kitId, '55', { override: 'on' }), 'en');
		const next = (await needsList(t.ctx, ANONYMOUS, anon, 'en')).distributions[0];
		expect(next).toMatchObject({ day: '2026-12-10', startTime: '15:00', bagsToGo: 60 });
		expect(next?.short.find((l) => l.itemId === q.items.rice)).toMatchObject({ need: 120, have: 0, short: 120 });
		await expectNoDrift(t.ctx);
	});

	it('refuses to record anything at a skipped occurrence', async () => {
		const place = await buildPlace(t.ctx, steward, 'Skipped pantry');
		await stock(t.ctx, steward, place, [
			[p.items.rice, '20'],
			[p.items.beans, '40'],
			[p.items.oil, '10']
		]);
		const d = await distribution('Skipped distribution', { slotMinutes: '30', slotCapacity: '5' }, place);
		const start = '2026-12-10T15:00';
		const { slots } = await slotsFor(t.ctx, n1.actor, n1.access, d, start);
		await setSkipped(t.ctx, steward.actor, steward.access, d, start, true);
		const before = await ledgerCounts(t.ctx, c.net.id);
		expect(await outcome(giveOut(t.ctx, n1.actor, n1.access, d, start, giveInput(p.kitId, '1'), 'en'))).toBe('occurrence_skipped');
		expect(await outcome(setCounts(t.ctx, n1.actor, n1.access, d, start, countsInput('12', '3')))).toBe('occurrence_skipped');
		expect(await outcome(bookSlot(t.ctx, n1.actor, n1.access, d, start, bookingInput(slots[0]?.id ?? '', 'Rosa')))).toBe('occurrence_skipped');
		expect(await ledgerCounts(t.ctx, c.net.id)).toEqual(before);
		expect(await levels(t.ctx, place)).toEqual({ [p.items.rice]: 20, [p.items.beans]: 40, [p.items.oil]: 10 });
		expect((await getOccurrence(t.ctx, n1.actor, n1.access, d, start, 'en')).view.row).toMatchObject({ status: 'skipped', households: null, walkIns: null });
	});

	it('stores the households served and the walk-ins, numbers only', async () => {
		const d = await distribution('Counts distribution');
		const start = '2026-11-26T15:00';
		await setCounts(t.ctx, n1.actor, n1.access, d, start, countsInput('42', '7'));
		expect((await getOccurrence(t.ctx, n1.actor, n1.access, d, start, 'en')).view.row).toMatchObject({ households: 42, walkIns: 7, status: 'scheduled' });
		await setCounts(t.ctx, n1.actor, n1.access, d, start, countsInput('45', ''));
		const row = await t.ctx.db
			.selectFrom('distribution_occurrences')
			.select(['households', 'walk_ins'])
			.where('distribution_id', '=', d.id)
			.executeTakeFirstOrThrow();
		expect({ households: Number(row.households), walkIns: row.walk_ins }).toEqual({ households: 45, walkIns: null });
	});

	it('books pick-up places with a first name only, kept encrypted, read with a log entry, and deleted after the day', async () => {
		const d = await distribution('Pick-up distribution', { slotMinutes: '30', slotCapacity: '2' });
		const start = '2026-12-10T15:00';
		// People book without an account.
		const anon = await loadNetworkAccess(t.ctx, ANONYMOUS, c.net.slug);
		const slotsNow = async () => (await slotsFor(t.ctx, ANONYMOUS, anon, d, start)).slots.map((s) => [s.startTime, s.endTime, s.capacity, s.booked]);
		const { slots } = await slotsFor(t.ctx, ANONYMOUS, anon, d, start);
		expect(slots.map((s) => [s.startTime, s.endTime, s.capacity, s.booked])).toEqual([
			['15:00', '15:30', 2, 0],
			['15:30', '16:00', 2, 0],
			['16:00', '16:30', 2, 0],
			['16:30', '17:00', 2, 0]
		]);
		const first = slots[0]?.id ?? '';
		const book = async (name: string) => {
			const r = await bookSlot(t.ctx, ANONYMOUS, anon, d, start, bookingInput(first, name));
			t.clock.advance(MINUTE);
			return r;
		};

		const marisol = await book('Marisol');
		expect(marisol).toMatchObject({ startTime: '15:00', endTime: '15:30', day: '2026-12-10' });
		expect(marisol.code).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}$/);
		await book('Tomás');
		expect(await outcome(book('Lupe'))).toBe('slot_full');
		expect((await slotsNow())[0]).toEqual(['15:00', '15:30', 2, 2]);

		// The code cancels the booking once and frees its place.
		await cancelBookingByCode(t.ctx, ANONYMOUS, anon, marisol.code.toUpperCase());
		expect((await slotsNow())[0]).toEqual(['15:00', '15:30', 2, 1]);
		expect(await outcome(cancelBookingByCode(t.ctx, ANONYMOUS, anon, marisol.code))).toBe('not_found');
		await book('Lupe');
		expect((await slotsNow())[0]).toEqual(['15:00', '15:30', 2, 2]);

		// At rest the names are ciphertext.
		const raw = await t.ctx.db
			.selectFrom('pickup_bookings')
			.select(['id', 'name_enc', 'cancelled_at'])
			.where('slot_id', '=', first)
			.orderBy('created_at')
			.execute();
		expect(raw).toHaveLength(3);
		for (const r of raw) {
			expect(r.name_enc).toMatch(/^v1\./);
			for (const name of ['Marisol', 'Tomás', 'Lupe', 'marisol', 'tomás', 'lupe']) expect(r.name_enc).not.toContain(name);
		}

		// The volunteers' list decrypts the names still booked, and each read leaves a log entry.
		expect(await bookingsFor(t.ctx, steward.actor, steward.access, d, start)).toEqual([
			{ slotId: first, name: 'Tomás' },
			{ slotId: first, name: 'Lupe' }
		]);
		const log = await t.ctx.db
			.selectFrom('access_log')
			.select(['actor_id', 'resource', 'resource_id', 'field', 'purpose', 'network_id'])
			.where('resource', '=', 'pickup_bookings')
			.execute();
		expect(log.map((l) => l.resource_id).sort()).toEqual([raw[1]?.id, raw[2]?.id].sort());
		expect(log.every((l) => l.actor_id === c.steward && l.field === 'name' && l.purpose === 'pickup_list' && l.network_id === c.net.id)).toBe(true);
		const o = await asPerson(t.ctx, c.outsider, c.net.slug);
		expect(await outcome(bookingsFor(t.ctx, o.actor, o.access, d, start))).toBe('policy:forbidden');

		// Nothing is purged before the day has passed; the day after, every name goes and the counts stay.
		expect(await purgePastBookings(t.ctx)).toBe(0);
		const today = t.ctx.now().toISOString();
		t.clock.set('2026-12-11T12:00:00.000Z');
		try {
			// The hourly housekeeping is what does it.
			expect((await runMaintenance(t.ctx)).bookingsPurged).toBe(3);
			expect(await t.ctx.db.selectFrom('pickup_bookings').select('id').execute()).toEqual([]);
			const kept = await t.ctx.db.selectFrom('pickup_slots').select(['start_time', 'booked']).where('id', '=', first).executeTakeFirstOrThrow();
			expect(Number(kept.booked)).toBe(2);
			expect(await bookingsFor(t.ctx, steward.actor, steward.access, d, start)).toEqual([]);
			// The day is over: no more bookings.
			expect(await outcome(bookSlot(t.ctx, ANONYMOUS, anon, d, start, bookingInput(slots[1]?.id ?? '', 'Rosa')))).toBe('bookings_closed');
		} finally {
			t.clock.set(today);
		}
	});

	it('caps bookings without an account per occurrence, below its places; members and the next window still book; a robot is refused', async () => {
		const d = await distribution('Capped pick-up distribution', { slotMinutes: '30', slotCapacity: '20' });
		const start = '2026-12-24T15:00';
		const today = t.ctx.now().toISOString();
		const anon = await loadNetworkAccess(t.ctx, ANONYMOUS, c.net.slug);
		const { slots } = await slotsFor(t.ctx, ANONYMOUS, anon, d, start);
		const places = slots.reduce((sum, s) => sum + s.capacity, 0);
		expect(places).toBe(80);
		const cap = anonymousBookingCap(places);
		expect(cap).toBe(20);
		const slotFor = (i: number) => slots[i % slots.length]?.id ?? '';
		for (let i = 0; i < cap; i++) expect(await outcome(bookSlot(t.ctx, ANONYMOUS, anon, d, start, bookingInput(slotFor(i), `Visitor ${i}`)))).toBe('ok');
		// The next one is told to wait or ask the pantry, though places are left.
		expect(await outcome(bookSlot(t.ctx, ANONYMOUS, anon, d, start, bookingInput(slotFor(0), 'One too many')))).toBe('bookings_busy_here');
		expect((await slotsFor(t.ctx, ANONYMOUS, anon, d, start)).slots.reduce((sum, s) => sum + s.booked, 0)).toBe(cap);
		// A member books as usual; the next window opens to everyone again.
		expect(await outcome(bookSlot(t.ctx, n1.actor, n1.access, d, start, bookingInput(slotFor(1), 'Lin')))).toBe('ok');
		t.clock.advance(ANONYMOUS_BOOKING_WINDOW_MS + 1000);
		expect(await outcome(bookSlot(t.ctx, ANONYMOUS, anon, d, start, bookingInput(slotFor(2), 'Later')))).toBe('ok');
		// The trap field filled in: refused, and nothing booked.
		const trapped = bookingSchema.parse({ slotId: slotFor(3), name: 'Robot', website: 'http://spam.example' });
		expect(await outcome(bookSlot(t.ctx, ANONYMOUS, anon, d, start, trapped))).toBe('invalid');
		expect((await slotsFor(t.ctx, ANONYMOUS, anon, d, start)).slots.reduce((sum, s) => sum + s.booked, 0)).toBe(cap + 2);
		// The names go after the day, like every booking's.
		t.clock.set('2026-12-25T12:00:00.000Z');
		expect(await purgePastBookings(t.ctx)).toBe(cap + 2);
		t.clock.set(today);
	});

	it('keeps the names booked for a moved occurrence until its new day has passed', async () => {
		const d = await distribution('Moved pick-up distribution', { slotMinutes: '60', slotCapacity: '3' });
		const start = '2027-01-07T15:00';
		const anon = await loadNetworkAccess(t.ctx, ANONYMOUS, c.net.slug);
		const { slots } = await slotsFor(t.ctx, ANONYMOUS, anon, d, start);
		await bookSlot(t.ctx, ANONYMOUS, anon, d, start, bookingInput(slots[0]?.id ?? '', 'Inés'));
		// The school is closed that Thursday: the distribution moves a week later, same hours.
		await moveOccurrence(t.ctx, steward.actor, steward.access, d, start, { day: '2027-01-14', startTime: '15:00', endTime: '17:00', plannedBags: null });
		const today = t.ctx.now().toISOString();
		try {
			t.clock.set('2027-01-08T12:00:00.000Z');
			expect(await purgePastBookings(t.ctx)).toBe(0);
			expect(await bookingsFor(t.ctx, steward.actor, steward.access, d, start)).toEqual([{ slotId: slots[0]?.id, name: 'Inés' }]);
			t.clock.set('2027-01-15T12:00:00.000Z');
			expect(await purgePastBookings(t.ctx)).toBe(1);
			expect(await bookingsFor(t.ctx, steward.actor, steward.access, d, start)).toEqual([]);
		} finally {
			t.clock.set(today);
		}
	});

	it('keeps the ledger of its distributions consistent', async () => {
		expect((await listLedger(t.ctx, steward.actor, steward.access, { locationId: null }, 1)).total).toBeGreaterThan(0);
		await expectNoDrift(t.ctx);
	});
});

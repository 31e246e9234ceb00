import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/lib/server/context';
import type { DbHandle } from '../../src/lib/server/db/index';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import { adoptStarterCatalogue } from '../../src/lib/server/pantry/catalogue.service';
import { bookSlot, getDistribution, getOccurrence, giveOut, slotsFor, type DistributionRow } from '../../src/lib/server/pantry/distributions.service';
import { correctBatch, getTally, InsufficientStockError, startTally, tallyTap } from '../../src/lib/server/pantry/stock.service';
import { ANONYMOUS } from '../../src/lib/server/policy/policy';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildNetwork, buildUser } from '../helpers/factories';
import { outcome } from '../helpers/outcome';
import {
	asPerson,
	bookingInput,
	buildDistribution,
	buildPantry,
	buildPantryCommunity,
	buildPlace,
	expectNoDrift,
	giveInput,
	levels,
	stock,
	tallyStartInput,
	tapInput,
	type Pantry,
	type PantryCommunity,
	type PantryPerson
} from '../helpers/pantry';

const START = '2026-11-26T15:00';

describe.each(DIALECTS)('pantry records racing each other on %s', (dialect) => {
	let t: TestDb;
	let c: PantryCommunity;
	let steward: PantryPerson;
	let p: Pantry;
	/** Ten more members, the volunteers on duty at a distribution. */
	const volunteers: string[] = [];
	let handles: DbHandle[] = [];

	beforeAll(async () => {
		t = await createTestDb(dialect, { poolSize: 20 });
		c = await buildPantryCommunity(t.ctx);
		steward = await asPerson(t.ctx, c.steward, c.net.slug);
		p = await buildPantry(t.ctx, steward);
		for (let i = 0; i < 10; i++) {
			const u = await buildUser(t.ctx, { displayName: `Volunteer ${i}` });
			await addMember(t.ctx, c.net.id, u.id);
			volunteers.push(u.id);
		}
		// PostgreSQL: several independent connection pools (separate "processes"). SQLite: the one
		// connection a Hearth process holds, with every contender's transaction interleaved on it.
		handles = dialect === 'postgres' ? Array.from({ length: 5 }, () => t.openAnother()) : [t.handle];
	});
	afterAll(async () => {
		if (dialect === 'postgres') await Promise.all(handles.map((h) => h.close()));
		await t.close();
	});

	/** A context on the i-th connection, for the i-th contender. */
	const ctxFor = (i: number): Ctx => ({ ...t.ctx, db: (handles[i % handles.length] ?? t.handle).db });
	const kitWorth = (bags: number): [string, string][] => [
		[p.items.rice, String(2 * bags)],
		[p.items.beans, String(4 * bags)],
		[p.items.oil, String(bags)]
	];
	const bagLevels = (bags: number) => ({ [p.items.rice]: 2 * bags, [p.items.beans]: 4 * bags, [p.items.oil]: bags });

	/** A place holding `bags` standard bags' worth, and a distribution from it. */
	async function stockedDistribution(name: string, bags: number): Promise<{ place: string; d: DistributionRow }> {
		const place = await buildPlace(t.ctx, steward, `${name} pantry`);
		await stock(t.ctx, steward, place, kitWorth(bags));
		return { place, d: await buildDistribution(t.ctx, steward, place, p.kitId, { name }) };
	}

	/** Loads every volunteer's page on their own connection first, then lets all their bags go at once. */
	async function giveAtOnce(d: DistributionRow, contenders: { userId: string; bags: string }[]): Promise<unknown[]> {
		const prepared = await Promise.all(
			contenders.map(async (x, i) => {
				const ctx = ctxFor(i);
				const me = await asPerson(ctx, x.userId, c.net.slug);
				return { ctx, me, d: await getDistribution(ctx, me.actor, me.access, d.id), bags: x.bags };
			})
		);
		const settled = await Promise.allSettled(
			prepared.map(({ ctx, me, d: mine, bags }) => giveOut(ctx, me.actor, me.access, mine, START, giveInput(p.kitId, bags), 'en'))
		);
		return settled.map((s) => (s.status === 'fulfilled' ? 'ok' : s.reason));
	}

	async function batchesOf(occurrenceOf: DistributionRow) {
		return t.ctx.db
			.selectFrom('stock_batches')
			.innerJoin('distribution_occurrences', 'distribution_occurrences.id', 'stock_batches.occurrence_id')
			.select(['stock_batches.id', 'stock_batches.kind', 'stock_batches.bags'])
			.where('distribution_occurrences.distribution_id', '=', occurrenceOf.id)
			.execute();
	}

	it('gives out exactly the three bags the shelf holds when ten volunteers each give one at the same moment', async () => {
		const { place, d } = await stockedDistribution('Ten volunteers', 3);
		const results = await giveAtOnce(
			d,
			volunteers.map((userId) => ({ userId, bags: '1' }))
		);
		expect(results.filter((r) => r === 'ok')).toHaveLength(3);
		const refused = results.filter((r) => r !== 'ok');
		expect(refused).toHaveLength(7);
		for (const e of refused) {
			expect(e).toBeInstanceOf(InsufficientStockError);
			expect((e as InsufficientStockError).short.length).toBeGreaterThan(0);
		}
		expect(await levels(t.ctx, place)).toEqual(bagLevels(0));
		expect((await batchesOf(d)).map((b) => [b.kind, Number(b.bags)])).toEqual([
			['distribution', 1],
			['distribution', 1],
			['distribution', 1]
		]);
		expect((await getOccurrence(t.ctx, steward.actor, steward.access, d, START, 'en')).bagsGiven).toBe(3);
		// One occurrence row, however many phones opened it at once.
		expect(await t.ctx.db.selectFrom('distribution_occurrences').select('id').where('distribution_id', '=', d.id).execute()).toHaveLength(1);
		await expectNoDrift(t.ctx);
	});

	it('lets only one of two volunteers give out two bags when three remain', async () => {
		const { place, d } = await stockedDistribution('Two volunteers', 3);
		const results = await giveAtOnce(d, [
			{ userId: volunteers[0] ?? '', bags: '2' },
			{ userId: volunteers[1] ?? '', bags: '2' }
		]);
		expect(results.filter((r) => r === 'ok')).toHaveLength(1);
		const [refused] = results.filter((r) => r !== 'ok');
		expect(refused).toBeInstanceOf(InsufficientStockError);
		// Whichever came second found one bag's worth left and asked for two.
		expect((refused as InsufficientStockError).short.map((s) => [s.itemId, s.need, s.have, s.short]).sort()).toEqual(
			[
				[p.items.rice, 4, 2, 2],
				[p.items.beans, 8, 4, 4],
				[p.items.oil, 2, 1, 1]
			].sort()
		);
		expect(await levels(t.ctx, place)).toEqual(bagLevels(1));
		expect((await batchesOf(d)).map((b) => Number(b.bags))).toEqual([2]);
		await expectNoDrift(t.ctx);
	});

	it('books the last place in a slot once when eight people book it at the same moment', async () => {
		const place = await buildPlace(t.ctx, steward, 'Booking pantry');
		const d = await buildDistribution(t.ctx, steward, place, p.kitId, { name: 'Booking race', slotMinutes: '30', slotCapacity: '1' });
		const anon = await loadNetworkAccess(t.ctx, ANONYMOUS, c.net.slug);
		const { slots } = await slotsFor(t.ctx, ANONYMOUS, anon, d, START);
		const slot = slots[0]?.id ?? '';
		const prepared = await Promise.all(
			Array.from({ length: 8 }, async (_, i) => {
				const ctx = ctxFor(i);
				return { ctx, access: await loadNetworkAccess(ctx, ANONYMOUS, c.net.slug), name: `Person ${i}` };
			})
		);
		const results = await Promise.all(prepared.map(({ ctx, access, name }) => outcome(bookSlot(ctx, ANONYMOUS, access, d, START, bookingInput(slot, name)))));
		expect(results.filter((r) => r === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r === 'slot_full')).toHaveLength(7);
		expect(await t.ctx.db.selectFrom('pickup_bookings').select('id').where('slot_id', '=', slot).execute()).toHaveLength(1);
		const row = await t.ctx.db.selectFrom('pickup_slots').select(['capacity', 'booked']).where('id', '=', slot).executeTakeFirstOrThrow();
		expect([Number(row.capacity), Number(row.booked)]).toEqual([1, 1]);
	});

	/** Two people press "correct" on the same record at once, each on their own connection. */
	async function correctAtOnce(batchId: string, people: string[]): Promise<string[]> {
		const prepared = await Promise.all(people.map(async (userId, i) => ({ ctx: ctxFor(i), me: await asPerson(ctxFor(i), userId, c.net.slug) })));
		return Promise.all(prepared.map(({ ctx, me }) => outcome(correctBatch(ctx, me.actor, me.access, batchId, false, 'en'))));
	}

	it('corrects bags given out once when two stewards correct them at the same moment', async () => {
		const { place, d } = await stockedDistribution('Two correctors', 5);
		const given = await giveOut(t.ctx, steward.actor, steward.access, d, START, giveInput(p.kitId, '2'), 'en');
		t.clock.advance(60_000);
		expect(await levels(t.ctx, place)).toEqual(bagLevels(3));

		const results = await correctAtOnce(given.id, [c.steward, c.admin]);
		expect([...results].sort()).toEqual(['already_corrected', 'ok']);
		const corrections = await t.ctx.db.selectFrom('stock_batches').select(['id', 'bags']).where('corrects_id', '=', given.id).execute();
		expect(corrections.map((b) => Number(b.bags))).toEqual([-2]);
		expect(await levels(t.ctx, place)).toEqual(bagLevels(5));
		expect((await getOccurrence(t.ctx, steward.actor, steward.access, d, START, 'en')).bagsGiven).toBe(0);
		await expectNoDrift(t.ctx);
	});

	it('takes back a donation once when two stewards correct it at the same moment and its stock is all still there', async () => {
		const place = await buildPlace(t.ctx, steward, 'Donation correctors pantry');
		const donation = await stock(t.ctx, steward, place, [[p.items.soap, '12']]);
		const [batch] = await t.ctx.db.selectFrom('stock_batches').select('id').where('donation_id', '=', donation).execute();
		const results = await correctAtOnce(batch?.id ?? '', [c.steward, c.admin]);
		// The second is told the record was already corrected, not that the shelf is short.
		expect([...results].sort()).toEqual(['already_corrected', 'ok']);
		expect(
			await t.ctx.db
				.selectFrom('stock_batches')
				.select('id')
				.where('corrects_id', '=', batch?.id ?? '')
				.execute()
		).toHaveLength(1);
		expect(await levels(t.ctx, place)).toEqual({ [p.items.soap]: 0 });
		await expectNoDrift(t.ctx);
	});

	it('counts all forty taps when two phones tap the same tally twenty times each at once', async () => {
		const place = await buildPlace(t.ctx, steward, 'Tally race pantry');
		const { id } = await startTally(t.ctx, steward.actor, steward.access, tallyStartInput(place));
		const phones = await Promise.all(c.neighbours.map(async (userId, i) => ({ ctx: ctxFor(i), me: await asPerson(ctxFor(i), userId, c.net.slug) })));
		await Promise.all(
			phones.map(async ({ ctx, me }) => {
				for (let n = 0; n < 20; n++) await tallyTap(ctx, me.actor, me.access, id, tapInput(p.items.beans), 'en');
			})
		);
		const tally = await getTally(t.ctx, steward.actor, steward.access, id);
		expect(tally.units).toBe(40);
		expect(Object.fromEntries(tally.totals)).toEqual({ [p.items.beans]: 40 });
		expect(await levels(t.ctx, place)).toEqual({ [p.items.beans]: 40 });
		expect(await t.ctx.db.selectFrom('stock_batches').select('id').where('donation_id', '=', id).execute()).toHaveLength(40);
		await expectNoDrift(t.ctx);
	});

	it('adopts the starter catalogue once when two admins press "adopt" at the same moment', async () => {
		const net = await buildNetwork(t.ctx, c.admin, { languages: ['en', 'es'] });
		await addMember(t.ctx, net.id, c.steward, 'admin');
		const prepared = await Promise.all([c.admin, c.steward].map(async (userId, i) => ({ ctx: ctxFor(i), me: await asPerson(ctxFor(i), userId, net.slug) })));
		const results = await Promise.all(prepared.map(({ ctx, me }) => outcome(adoptStarterCatalogue(ctx, me.actor, me.access))));
		expect([...results].sort()).toEqual(['catalogue_adopted', 'ok']);
		const n = await t.ctx.db
			.selectFrom('stock_items')
			.select((eb) => eb.fn.countAll().as('n'))
			.where('network_id', '=', net.id)
			.executeTakeFirstOrThrow();
		expect(Number(n.n)).toBe(48);
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import { createDrive } from '../../src/lib/server/pantry/catalogue.service';
import { bookSlot, giveOut, setCounts, setSkipped, slotsFor } from '../../src/lib/server/pantry/distributions.service';
import { exportRows, monthChoices, monthlyReport, monthRange, type ExportKind, type PantryReport } from '../../src/lib/server/pantry/reports.service';
import { correctBatch, finishTally, recordDonation, startTally, tallyTap, undoTallyTap } from '../../src/lib/server/pantry/stock.service';
import { ANONYMOUS, PolicyError } from '../../src/lib/server/policy/policy';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { outcome } from '../helpers/outcome';
import {
	asPerson,
	bookingInput,
	buildDistribution,
	buildPantry,
	buildPantryCommunity,
	buildPlace,
	countsInput,
	donationInput,
	expectNoDrift,
	giveInput,
	levels,
	tallyStartInput,
	tapInput,
	type Pantry,
	type PantryCommunity,
	type PantryPerson,
	type Rows
} from '../helpers/pantry';

const MINUTE = 60_000;

/** Names that must never leave the instance in an export: donors' and a booker's. */
const DONORS = { store: 'Ottoline Marchbanks', drive: 'Thaddeus Wrenfield', tally: 'Barnaby Featherstonehaugh', neighbour: 'Zephyrine Okonkwo-Bramble' };
const BOOKER = 'Philippa';

/** A month's twelve-month series: every month zero, except those given. */
function yearSeries(months: string[], values: Record<string, Partial<PantryReport['year'][number]>>): PantryReport['year'] {
	return months.map((month) => ({ month, given: 0, givenLastYear: 0, received: 0, receivedLastYear: 0, ...values[month] }));
}
const months = (from: string, n: number) =>
	Array.from({ length: n }, (_, i) => {
		const [y = 0, m = 1] = from.split('-').map(Number);
		const total = y * 12 + (m - 1) + i;
		return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
	});

describe.each(DIALECTS)('pantry reports and exports on %s', (dialect) => {
	let t: TestDb;
	let c: PantryCommunity;
	let steward: PantryPerson;
	let n1: PantryPerson;
	let p: Pantry;
	let closet: string;
	let harvest: string;
	let coats: string;
	const ids = { d0: '', dSep: '', d1: '', d1Batch: '', d2: '', tally: '', given30: '', given5: '', correction: '', tallyUndo: '', oct15: '', oct29: '' };

	/**
	 * October 2026 at the school pantry and the church closet, with a little of September 2026
	 * and of October 2025 around it:
	 *   2025-10-08 Wed  the Harvest drive gives 12 rice, 8 beans, 2 oil at the school (22 units)
	 *   2025-10-16 Thu  2 bags given out at last year's distribution (14 units)
	 *   2026-09-30 Wed  a neighbour gives 10 soap at the church closet
	 *   2026-10-04 Sun  a store gives 50 rice, 100 beans, 40 oil at the school (190 units, est. 125.50)
	 *   2026-10-05 Mon  the Harvest drive gives 30 rice, 40 beans, 24 soap at the school (94 units)
	 *   2026-10-15 Thu  30 bags (60 rice, 120 beans, 30 oil) to 28 households and 4 walk-ins; 5 more
	 *                   bags recorded by mistake and corrected the same day
	 *   2026-10-20 Tue  a tally at an event at the church closet: 6 beans, then 1 more tapped by
	 *                   mistake and undone
	 *   2026-10-29 Thu  the distribution is skipped
	 */
	beforeAll(async () => {
		t = await createTestDb(dialect);
		c = await buildPantryCommunity(t.ctx);
		steward = await asPerson(t.ctx, c.steward, c.net.slug);
		n1 = await asPerson(t.ctx, c.neighbours[0], c.net.slug);
		p = await buildPantry(t.ctx, steward);
		closet = await buildPlace(t.ctx, steward, 'Church closet', { kind: 'closet' });
		harvest = (await createDrive(t.ctx, steward.actor, steward.access, { name: 'Harvest drive', kind: 'drive' })).id;
		coats = (await createDrive(t.ctx, steward.actor, steward.access, { name: 'Winter coat drive', kind: 'drive' })).id;
		const { rice, beans, oil, soap } = p.items;
		const donate = async (at: string, locationId: string, lines: Rows, over: Record<string, string>) => {
			t.clock.set(`${at}T10:00:00.000Z`);
			return (await recordDonation(t.ctx, steward.actor, steward.access, donationInput(locationId, lines, { receivedOn: at, ...over }), 'en')).id;
		};

		ids.d0 = await donate(
			'2025-10-08',
			p.placeId,
			[
				[rice, '12'],
				[beans, '8'],
				[oil, '2']
			],
			{ source: 'drive', driveId: harvest, donorName: DONORS.drive }
		);
		const lastYear = await buildDistribution(t.ctx, steward, p.placeId, p.kitId, { name: 'Autumn 2025 distribution', startDay: '2025-10-02' });
		t.clock.set('2025-10-16T16:00:00.000Z');
		await giveOut(t.ctx, n1.actor, n1.access, lastYear, '2025-10-16T15:00', giveInput(p.kitId, '2'), 'en');

		ids.dSep = await donate('2026-09-30', closet, [[soap, '10']], { source: 'individual', donorName: DONORS.neighbour });
		ids.d1 = await donate(
			'2026-10-04',
			p.placeId,
			[
				[rice, '50'],
				[beans, '100'],
				[oil, '40']
			],
			{ source: 'store', donorName: DONORS.store, estimatedValue: '125.50' }
		);
		ids.d2 = await donate(
			'2026-10-05',
			p.placeId,
			[
				[rice, '30'],
				[beans, '40'],
				[soap, '24']
			],
			{ source: 'drive', driveId: harvest, donorName: DONORS.drive }
		);

		// Every other Thursday from 1 October: the 1st, the 15th and the 29th, with pick-up places.
		const october = await buildDistribution(t.ctx, steward, p.placeId, p.kitId, {
			name: 'October distribution',
			startDay: '2026-10-01',
			slotMinutes: '30',
			slotCapacity: '5'
		});
		t.clock.set('2026-10-14T12:00:00.000Z');
		const anon = await loadNetworkAccess(t.ctx, ANONYMOUS, c.net.slug);
		const { slots } = await slotsFor(t.ctx, ANONYMOUS, anon, october, '2026-10-15T15:00');
		await bookSlot(t.ctx, ANONYMOUS, anon, october, '2026-10-15T15:00', bookingInput(slots[0]?.id ?? '', BOOKER));

		t.clock.set('2026-10-15T16:00:00.000Z');
		ids.given30 = (await giveOut(t.ctx, n1.actor, n1.access, october, '2026-10-15T15:00', giveInput(p.kitId, '30'), 'en')).id;
		t.clock.advance(MINUTE);
		ids.given5 = (await giveOut(t.ctx, n1.actor, n1.access, october, '2026-10-15T15:00', giveInput(p.kitId, '5'), 'en')).id;
		t.clock.advance(MINUTE);
		ids.correction = (await correctBatch(t.ctx, steward.actor, steward.access, ids.given5, false, 'en')).id;
		await setCounts(t.ctx, n1.actor, n1.access, october, '2026-10-15T15:00', countsInput('28', '4'));
		await setSkipped(t.ctx, steward.actor, steward.access, october, '2026-10-29T15:00', true);

		t.clock.set('2026-10-20T11:00:00.000Z');
		ids.tally = (await startTally(t.ctx, n1.actor, n1.access, tallyStartInput(closet, { source: 'event', donorName: DONORS.tally }))).id;
		await tallyTap(t.ctx, n1.actor, n1.access, ids.tally, tapInput(beans, '6'), 'en');
		t.clock.advance(MINUTE);
		await tallyTap(t.ctx, n1.actor, n1.access, ids.tally, tapInput(beans), 'en');
		t.clock.advance(MINUTE);
		await undoTallyTap(t.ctx, n1.actor, n1.access, ids.tally, 'en');
		await finishTally(t.ctx, n1.actor, n1.access, ids.tally);

		const occ = await t.ctx.db.selectFrom('distribution_occurrences').select(['id', 'day']).where('distribution_id', '=', october.id).execute();
		ids.oct15 = occ.find((o) => o.day === '2026-10-15')?.id ?? '';
		ids.oct29 = occ.find((o) => o.day === '2026-10-29')?.id ?? '';
		const batchOf = async (donationId: string, kind: string) =>
			(await t.ctx.db.selectFrom('stock_batches').select('id').where('donation_id', '=', donationId).where('kind', '=', kind).executeTakeFirstOrThrow()).id;
		ids.d1Batch = await batchOf(ids.d1, 'donation');
		ids.tallyUndo = await batchOf(ids.tally, 'correction');
		// Back to the helpers' "today", Wednesday 25 November 2026.
		t.clock.set('2026-11-25T12:00:00.000Z');
	});
	afterAll(async () => t.close());

	const report = (month: string, locationId: string | null = null, who: PantryPerson = steward, locale = 'es') =>
		monthlyReport(t.ctx, who.actor, who.access, { month, locationId }, locale);

	it('built the month it reports on: the shelves hold what came in less what went out', async () => {
		const { rice, beans, oil, soap } = p.items;
		// School: rice 12-4+50+30-60 = 28, beans 8-8+100+40-120 = 20, oil 2-2+40-30 = 10, soap 24.
		expect(await levels(t.ctx, p.placeId)).toEqual({ [rice]: 28, [beans]: 20, [oil]: 10, [soap]: 24 });
		expect(await levels(t.ctx, closet)).toEqual({ [soap]: 10, [beans]: 6 });
		await expectNoDrift(t.ctx);
	});

	it('totals a month for the network: units in and out net of corrections, bags, households, walk-ins, donations, occurrences', async () => {
		const r = await report('2026-10');
		expect(r.month).toBe('2026-10');
		expect(r.locationId).toBeNull();
		// In: 190 + 94 + 6 (the tally's mistaken seventh can undone). Out: 30 bags of 2 + 4 + 1.
		expect(r.totals).toEqual({ received: 290, given: 210, bags: 30, households: 28, walkIns: 4, donations: 3, occurrences: 1 });
		expect(r.occurrences).toEqual([
			{ id: ids.oct15, day: '2026-10-15', startTime: '15:00', name: 'October distribution', status: 'scheduled', bags: 30, households: 28, walkIns: 4 },
			{ id: ids.oct29, day: '2026-10-29', startTime: '15:00', name: 'October distribution', status: 'skipped', bags: 0, households: null, walkIns: null }
		]);
		// A neighbour sees the same figures.
		expect((await report('2026-10', null, n1)).totals).toEqual(r.totals);
	});

	it('splits the month into ISO weeks starting on Monday: Sunday 4 October and Monday 5 October fall in different weeks', async () => {
		const r = await report('2026-10');
		expect(r.weeks).toEqual([
			// The week of Monday 28 September holds only its October days: the soap of 30 September is September's.
			{ week: '2026-09-28', received: 190, given: 0 },
			{ week: '2026-10-05', received: 94, given: 0 },
			{ week: '2026-10-12', received: 0, given: 210 },
			{ week: '2026-10-19', received: 6, given: 0 }
		]);
		expect((await report('2026-09')).weeks).toEqual([{ week: '2026-09-28', received: 10, given: 0 }]);
	});

	it('shows the twelve months to the month, each beside the same month a year before', async () => {
		const r = await report('2026-10');
		expect(r.year).toEqual(
			yearSeries(months('2025-11', 12), {
				'2026-09': { received: 10 },
				'2026-10': { given: 210, givenLastYear: 14, received: 290, receivedLastYear: 22 }
			})
		);
		// A year earlier, October 2025 is the last month of its own series.
		const before = await report('2025-10');
		expect(before.year.at(-1)).toEqual({ month: '2025-10', given: 14, givenLastYear: 0, received: 22, receivedLastYear: 0 });
		expect(before.totals).toEqual({ received: 22, given: 14, bags: 2, households: 0, walkIns: 0, donations: 1, occurrences: 1 });
	});

	it('lists the items given and received most, named in the reader’s language', async () => {
		const { rice, beans, oil, soap } = p.items;
		const r = await report('2026-10');
		expect(r.topGiven).toEqual([
			{ itemId: beans, name: 'Frijoles negros en lata', unit: 'can', size: null, units: 120 },
			{ itemId: rice, name: 'Arroz', unit: 'bag', size: null, units: 60 },
			{ itemId: oil, name: 'Aceite de cocina', unit: 'bottle', size: null, units: 30 }
		]);
		expect(r.topReceived).toEqual([
			{ itemId: beans, name: 'Frijoles negros en lata', unit: 'can', size: null, units: 146 },
			{ itemId: rice, name: 'Arroz', unit: 'bag', size: null, units: 80 },
			{ itemId: oil, name: 'Aceite de cocina', unit: 'bottle', size: null, units: 40 },
			{ itemId: soap, name: 'Jabón de barra', unit: 'piece', size: null, units: 24 }
		]);
		expect((await report('2026-10', null, steward, 'en')).topGiven.map((x) => x.name)).toEqual(['Canned black beans', 'Rice', 'Cooking oil']);
	});

	it('sums donations by source (each donation counted once) and by category', async () => {
		const r = await report('2026-10');
		// The store's donation holds dry goods and canned food, the drive's three categories: still one donation each.
		expect(r.bySource).toEqual([
			{ source: 'store', units: 190, donations: 1 },
			{ source: 'drive', units: 94, donations: 1 },
			{ source: 'event', units: 6, donations: 1 }
		]);
		// Canned: 100 + 40 + 6 beans; dry goods: 80 rice + 40 oil; hygiene: 24 soap.
		expect(r.byCategory).toEqual([
			{ category: 'canned_food', units: 146 },
			{ category: 'dry_goods', units: 120 },
			{ category: 'hygiene', units: 24 }
		]);
	});

	it('reports one place on its own', async () => {
		const school = await report('2026-10', p.placeId);
		expect(school.locationId).toBe(p.placeId);
		expect(school.totals).toEqual({ received: 284, given: 210, bags: 30, households: 28, walkIns: 4, donations: 2, occurrences: 1 });
		expect(school.weeks).toEqual([
			{ week: '2026-09-28', received: 190, given: 0 },
			{ week: '2026-10-05', received: 94, given: 0 },
			{ week: '2026-10-12', received: 0, given: 210 }
		]);
		expect(school.bySource).toEqual([
			{ source: 'store', units: 190, donations: 1 },
			{ source: 'drive', units: 94, donations: 1 }
		]);
		expect(school.byCategory).toEqual([
			{ category: 'canned_food', units: 140 },
			{ category: 'dry_goods', units: 120 },
			{ category: 'hygiene', units: 24 }
		]);
		expect(school.occurrences.map((o) => o.day)).toEqual(['2026-10-15', '2026-10-29']);

		const church = await report('2026-10', closet);
		expect(church.totals).toEqual({ received: 6, given: 0, bags: 0, households: 0, walkIns: 0, donations: 1, occurrences: 0 });
		expect(church.weeks).toEqual([{ week: '2026-10-19', received: 6, given: 0 }]);
		expect(church.year).toEqual(yearSeries(months('2025-11', 12), { '2026-09': { received: 10 }, '2026-10': { received: 6 } }));
		expect(church.topGiven).toEqual([]);
		expect(church.topReceived).toEqual([{ itemId: p.items.beans, name: 'Frijoles negros en lata', unit: 'can', size: null, units: 6 }]);
		expect(church.bySource).toEqual([{ source: 'event', units: 6, donations: 1 }]);
		expect(church.byCategory).toEqual([{ category: 'canned_food', units: 6 }]);
		expect(church.occurrences).toEqual([]);

		expect(await outcome(report('2026-10', 'no-such-place'))).toBe('location_unknown');
	});

	it('totals each drive for the report’s year and for all the years since it began', async () => {
		const expected = (thisYear: number) => [
			{
				id: harvest,
				name: 'Harvest drive',
				kind: 'drive',
				thisYear,
				allTime: 116,
				years: [
					{ year: '2025', units: 22 },
					{ year: '2026', units: 94 }
				]
			},
			{ id: coats, name: 'Winter coat drive', kind: 'drive', thisYear: 0, allTime: 0, years: [] }
		];
		expect((await report('2026-10')).drives).toEqual(expected(94));
		expect((await report('2025-10')).drives).toEqual(expected(22));
		expect((await report('2027-03')).drives).toEqual(expected(0));
	});

	it('turns a month into a half-open range of days and refuses anything else', async () => {
		expect(monthRange('2026-12')).toEqual({ fromDay: '2026-12-01', toDay: '2027-01-01' });
		expect(monthRange('2026-01')).toEqual({ fromDay: '2026-01-01', toDay: '2026-02-01' });
		expect(monthRange('2026-09')).toEqual({ fromDay: '2026-09-01', toDay: '2026-10-01' });
		const refused = (month: string) => outcome(Promise.resolve().then(() => monthRange(month)));
		for (const bad of ['2026-13', '2026-00', '2026-1', '26-10', '2026-10-01', '', 'octubre', '1999-12', '2201-01', ' 2026-10']) {
			expect([bad, await refused(bad)]).toEqual([bad, 'invalid']);
		}
		expect(await outcome(report('2026-13'))).toBe('invalid');
		expect(await outcome(exportRows(t.ctx, steward.actor, steward.access, 'movements', '2026/10'))).toBe('invalid');
	});

	it('offers the months back from the current one', async () => {
		// The clock says 25 November 2026.
		expect(monthChoices(t.ctx, 4)).toEqual(['2026-11', '2026-10', '2026-09', '2026-08']);
		const all = monthChoices(t.ctx);
		expect([all.length, all[0], all.at(-1)]).toEqual([24, '2026-11', '2024-12']);
		expect(monthChoices({ now: () => new Date('2027-01-15T12:00:00.000Z') }, 3)).toEqual(['2027-01', '2026-12', '2026-11']);
	});

	it('exports the month’s movements: a header, then every movement with its record, oldest first', async () => {
		const rows = await exportRows(t.ctx, steward.actor, steward.access, 'movements', '2026-10');
		expect(rows[0]).toEqual(['date', 'record', 'record_kind', 'movement', 'place', 'item', 'size', 'unit', 'quantity', 'reason', 'override', 'corrects']);
		const body = rows.slice(1);
		// 3 + 3 donated, 3 + 3 given out, 3 corrected, 2 taps and 1 undone.
		expect(body).toHaveLength(18);
		expect(body.map((r) => r[0])).toEqual([
			...Array(3).fill('2026-10-04'),
			...Array(3).fill('2026-10-05'),
			...Array(9).fill('2026-10-15'),
			...Array(3).fill('2026-10-20')
		]);
		const of = (batchId: string) =>
			body
				.filter((r) => r[1] === batchId)
				.map((r) => r.slice(2))
				.sort((a, b) => String(a[3]).localeCompare(String(b[3])));
		expect(of(ids.d1Batch)).toEqual([
			['donation', 'donation', 'School pantry', 'Canned black beans', null, 'can', 100, null, 'no', null],
			['donation', 'donation', 'School pantry', 'Cooking oil', null, 'bottle', 40, null, 'no', null],
			['donation', 'donation', 'School pantry', 'Rice', null, 'bag', 50, null, 'no', null]
		]);
		expect(of(ids.given5)).toEqual([
			['distribution', 'distribution', 'School pantry', 'Canned black beans', null, 'can', -20, null, 'no', null],
			['distribution', 'distribution', 'School pantry', 'Cooking oil', null, 'bottle', -5, null, 'no', null],
			['distribution', 'distribution', 'School pantry', 'Rice', null, 'bag', -10, null, 'no', null]
		]);
		expect(of(ids.correction)).toEqual([
			['correction', 'distribution', 'School pantry', 'Canned black beans', null, 'can', 20, null, 'no', ids.given5],
			['correction', 'distribution', 'School pantry', 'Cooking oil', null, 'bottle', 5, null, 'no', ids.given5],
			['correction', 'distribution', 'School pantry', 'Rice', null, 'bag', 10, null, 'no', ids.given5]
		]);
		expect(of(ids.tallyUndo)).toEqual([['correction', 'donation', 'Church closet', 'Canned black beans', null, 'can', -1, null, 'no', expect.any(String)]]);
		// What the rows add up to is what the report says.
		const sum = (kind: string) => body.filter((r) => r[3] === kind).reduce((n, r) => n + Number(r[8]), 0);
		expect([sum('donation'), -sum('distribution')]).toEqual([290, 210]);
		// A month with nothing in it is the header alone.
		expect(await exportRows(t.ctx, steward.actor, steward.access, 'movements', '2026-08')).toEqual([rows[0]]);
	});

	it('exports the month’s donations and distributions', async () => {
		expect(await exportRows(t.ctx, steward.actor, steward.access, 'donations', '2026-10')).toEqual([
			['date', 'donation', 'place', 'source', 'drive', 'units', 'estimated_value', 'mode'],
			['2026-10-04', ids.d1, 'School pantry', 'store', null, 190, '125.50', 'form'],
			['2026-10-05', ids.d2, 'School pantry', 'drive', 'Harvest drive', 94, null, 'form'],
			['2026-10-20', ids.tally, 'Church closet', 'event', null, 6, null, 'tally']
		]);
		expect(await exportRows(t.ctx, steward.actor, steward.access, 'distributions', '2026-10')).toEqual([
			['date', 'time', 'distribution', 'place', 'status', 'bags', 'households', 'walk_ins'],
			['2026-10-15', '15:00', 'October distribution', 'School pantry', 'scheduled', 30, 28, 4],
			['2026-10-29', '15:00', 'October distribution', 'School pantry', 'skipped', 0, null, null]
		]);
		expect(await exportRows(t.ctx, steward.actor, steward.access, 'donations', '2025-10')).toEqual([
			['date', 'donation', 'place', 'source', 'drive', 'units', 'estimated_value', 'mode'],
			['2025-10-08', ids.d0, 'School pantry', 'drive', 'Harvest drive', 22, null, 'form']
		]);
	});

	it('never puts a donor’s or a booker’s name in any export', async () => {
		const names = [...Object.values(DONORS), BOOKER].flatMap((n) => [n, ...n.split(/[\s-]+/)]).map((n) => n.toLowerCase());
		const kinds: ExportKind[] = ['movements', 'donations', 'distributions'];
		let cells = 0;
		for (const month of ['2025-10', '2026-09', '2026-10']) {
			for (const kind of kinds) {
				for (const row of await exportRows(t.ctx, steward.actor, steward.access, kind, month)) {
					for (const cell of row) {
						cells++;
						const text = String(cell ?? '').toLowerCase();
						for (const name of names) expect(text.includes(name) ? `${kind} ${month}: ${text}` : '').toBe('');
					}
				}
			}
		}
		// The search looked at every cell of nine exports.
		expect(cells).toBeGreaterThan(250);
		// The names are in the database all the same, for those who run the pantry.
		const stored = await t.ctx.db.selectFrom('stock_donations').select('donor_name').where('network_id', '=', c.net.id).execute();
		expect(stored.map((d) => d.donor_name).sort()).toEqual([DONORS.tally, DONORS.store, DONORS.drive, DONORS.drive, DONORS.neighbour].sort());
	});

	it('is for those who run the pantry: a neighbour may read the report but not export it; an outsider neither', async () => {
		for (const kind of ['movements', 'donations', 'distributions'] as const) {
			await expect(exportRows(t.ctx, n1.actor, n1.access, kind, '2026-10')).rejects.toBeInstanceOf(PolicyError);
		}
		const outsider = await asPerson(t.ctx, c.outsider, c.net.slug);
		await expect(report('2026-10', null, outsider)).rejects.toBeInstanceOf(PolicyError);
		await expect(exportRows(t.ctx, outsider.actor, outsider.access, 'donations', '2026-10')).rejects.toBeInstanceOf(PolicyError);
	});
});

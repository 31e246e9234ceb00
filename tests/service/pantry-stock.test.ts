import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/server/db/conventions';
import { ServiceError } from '../../src/lib/server/errors';
import { parseWith } from '../../src/lib/server/forms';
import { PolicyError } from '../../src/lib/server/policy/policy';
import {
	adoptStarterCatalogue,
	allItems,
	createItem,
	createLocation,
	getItem,
	getLocation,
	listItems,
	listLocations,
	setItemArchived,
	setKitLine,
	setLocationArchived
} from '../../src/lib/server/pantry/catalogue.service';
import { getDistribution, getOccurrence, giveOut } from '../../src/lib/server/pantry/distributions.service';
import { adjustSchema, countSchema, donationSchema, tallyTapSchema, transferSchema } from '../../src/lib/server/pantry/pantry.schema';
import {
	adjustStock,
	checkStock,
	correctBatch,
	countStock,
	finishTally,
	getTally,
	InsufficientStockError,
	listDonations,
	listLedger,
	recordDonation,
	startTally,
	stockAt,
	stockOverview,
	tallyTap,
	transferStock,
	undoTallyTap
} from '../../src/lib/server/pantry/stock.service';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { buildNetwork } from '../helpers/factories';
import { outcome } from '../helpers/outcome';
import {
	addNetwork,
	adjustInput,
	asPerson,
	buildDistribution,
	buildPantry,
	buildPantryCommunity,
	buildPlace,
	countInput,
	donationInput,
	expectNoDrift,
	giveInput,
	itemInput,
	ledgerCounts,
	levels,
	locationInput,
	stock,
	tallyStartInput,
	tapInput,
	transferInput,
	type Pantry,
	type PantryCommunity,
	type PantryPerson
} from '../helpers/pantry';

const MINUTE = 60_000;

/** The error a call throws, for assertions on its code and what it carries. */
async function failure(p: Promise<unknown>): Promise<ServiceError> {
	const e: unknown = await p.then(
		() => undefined,
		(err: unknown) => err
	);
	if (!(e instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${String(e)}`);
	return e;
}

describe.each(DIALECTS)('a pantry stock ledger on %s', (dialect) => {
	let t: TestDb;
	let c: PantryCommunity;
	let steward: PantryPerson;
	let admin: PantryPerson;
	let n1: PantryPerson;
	let p: Pantry;

	beforeAll(async () => {
		t = await createTestDb(dialect);
		c = await buildPantryCommunity(t.ctx);
		steward = await asPerson(t.ctx, c.steward, c.net.slug);
		admin = await asPerson(t.ctx, c.admin, c.net.slug);
		n1 = await asPerson(t.ctx, c.neighbours[0], c.net.slug);
		p = await buildPantry(t.ctx, steward);
	});
	afterAll(async () => t.close());

	/** A new, empty place, so each scenario's levels start at nothing. */
	const place = (name: string) => buildPlace(t.ctx, steward, name);
	const counts = () => ledgerCounts(t.ctx, c.net.id);

	it('adopts the 48 items of the starter catalogue once, named in English and Spanish', async () => {
		const net = await addNetwork(t.ctx, c);
		const a = await asPerson(t.ctx, c.admin, net.slug);
		expect(await adoptStarterCatalogue(t.ctx, a.actor, a.access)).toEqual({ added: 48 });
		expect(await outcome(adoptStarterCatalogue(t.ctx, a.actor, a.access))).toBe('catalogue_adopted');

		const items = await allItems(t.ctx, a.actor, a.access);
		expect(items).toHaveLength(48);
		expect(items.every((i) => Object.keys(i.names).sort().join(',') === 'en,es' && i.names.en !== '' && i.names.es !== '')).toBe(true);
		expect(items.find((i) => i.starterCode === 'rice')).toMatchObject({
			name: 'Rice',
			names: { en: 'Rice', es: 'Arroz' },
			category: 'dry_goods',
			unit: 'bag',
			size: null,
			minLevel: 20
		});
		expect(items.find((i) => i.starterCode === 'diapers-3')).toMatchObject({
			name: 'Diapers',
			names: { en: 'Diapers', es: 'Pañales' },
			unit: 'pack',
			size: '3',
			minLevel: 4
		});
		// Searching finds an item by its Spanish name too.
		const found = await listItems(t.ctx, a.actor, a.access, { search: 'frijoles negros', category: null, includeArchived: false }, 1);
		expect(found.items.map((i) => i.starterCode)).toEqual(['canned-black-beans']);
	});

	it('refuses a second item with the same name and size, or the same barcode', async () => {
		const create = (over: Record<string, string>) => createItem(t.ctx, steward.actor, steward.access, itemInput(over));
		await create({ name: 'Pasta', name_es: 'Pasta', category: 'dry_goods', unit: 'box', size: '500 g', barcode: '0123456789012' });
		expect(await outcome(create({ name: '  PASTA ', size: '500 G', category: 'dry_goods', unit: 'box' }))).toBe('item_name_taken');
		// The same name in another size is another item.
		expect(await outcome(create({ name: 'Pasta', size: '1 kg', category: 'dry_goods', unit: 'box' }))).toBe('ok');
		expect(await outcome(create({ name: 'Spaghetti', size: '500 g', category: 'dry_goods', unit: 'box', barcode: '0123456789012' }))).toBe('barcode_taken');
		const pasta = await listItems(t.ctx, steward.actor, steward.access, { search: 'pasta', category: null, includeArchived: false }, 1);
		expect(pasta.items.map((i) => `${i.name} ${i.size ?? ''}`).sort()).toEqual(['Pasta 1 kg', 'Pasta 500 g']);
	});

	it('records a donation of several lines as one batch that raises each level', async () => {
		const pantry = await place('Donation pantry');
		const before = await counts();
		const { id } = await recordDonation(
			t.ctx,
			n1.actor,
			n1.access,
			donationInput(pantry, [
				[p.items.rice, '10'],
				[p.items.beans, '24'],
				['', ''],
				[p.items.oil, '6']
			]),
			'en'
		);
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.rice]: 10, [p.items.beans]: 24, [p.items.oil]: 6 });
		// One batch of three movements; the blank row is skipped.
		expect(await counts()).toEqual({ batches: before.batches + 1, movements: before.movements + 3, donations: before.donations + 1 });
		const ledger = await listLedger(t.ctx, n1.actor, n1.access, { locationId: pantry }, 1);
		expect(ledger.total).toBe(1);
		expect(ledger.items[0]).toMatchObject({ kind: 'donation', donationId: id, override: false, correctedBy: null, occurredOn: '2026-11-20' });
		expect(ledger.items[0]?.lines.map((l) => [l.itemId, l.kind, l.quantity]).sort()).toEqual(
			[
				[p.items.rice, 'donation', 10],
				[p.items.beans, 'donation', 24],
				[p.items.oil, 'donation', 6]
			].sort()
		);
		const donations = await listDonations(t.ctx, steward.actor, steward.access, 1);
		expect(donations.items.find((d) => d.id === id)).toMatchObject({ locationId: pantry, units: 40, mode: 'form', status: 'closed', source: 'individual' });
		await expectNoDrift(t.ctx);
	});

	it('keeps a donor’s name for those who run the pantry, reads the estimated value in minor units, and refuses a future date', async () => {
		const pantry = await place('Named donation pantry');
		const { id } = await recordDonation(
			t.ctx,
			n1.actor,
			n1.access,
			donationInput(pantry, [[p.items.soap, '12']], { donorName: 'Maria Lopez', estimatedValue: '25.50', source: 'store' }),
			'en'
		);
		expect((await listDonations(t.ctx, steward.actor, steward.access, 1)).items.find((d) => d.id === id)).toMatchObject({
			donorName: 'Maria Lopez',
			estimatedValueMinor: 2550,
			source: 'store',
			units: 12
		});
		expect((await listDonations(t.ctx, n1.actor, n1.access, 1)).items.find((d) => d.id === id)).toMatchObject({ donorName: null, units: 12 });
		const before = await counts();
		expect(await outcome(recordDonation(t.ctx, n1.actor, n1.access, donationInput(pantry, [[p.items.soap, '1']], { receivedOn: '2026-11-26' }), 'en'))).toBe(
			'date_in_future'
		);
		expect(await counts()).toEqual(before);
		await expectNoDrift(t.ctx);
	});

	// Rows stay paired with their quantities: a second row of the same item must not shift every
	// later quantity onto the wrong item (beans getting 5, rice 10).
	it('adds up two rows of the same item on a donation form, keeping every other row as typed', async () => {
		const pantry = await place('Repeated-row pantry');
		await recordDonation(
			t.ctx,
			n1.actor,
			n1.access,
			donationInput(pantry, [
				[p.items.rice, '10'],
				[p.items.rice, '5'],
				[p.items.beans, '24']
			]),
			'en'
		);
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.rice]: 15, [p.items.beans]: 24 });
	});

	it('counts a tally tap by tap, undoes the last tap with a correction, and refuses taps once finished', async () => {
		const pantry = await place('Tally pantry');
		const { id } = await startTally(t.ctx, n1.actor, n1.access, tallyStartInput(pantry));
		const tap = async (itemId: string, quantity = '') => {
			await tallyTap(t.ctx, n1.actor, n1.access, id, tapInput(itemId, quantity), 'en');
			// Entries are ordered by time: a minute between taps keeps "the last one" certain.
			t.clock.advance(MINUTE);
		};
		const totals = async () => {
			const v = await getTally(t.ctx, n1.actor, n1.access, id);
			return { totals: Object.fromEntries(v.totals), units: v.units };
		};

		await tap(p.items.rice);
		expect(await totals()).toEqual({ totals: { [p.items.rice]: 1 }, units: 1 });
		await tap(p.items.beans, '3');
		expect(await totals()).toEqual({ totals: { [p.items.rice]: 1, [p.items.beans]: 3 }, units: 4 });
		await tap(p.items.rice);
		expect(await totals()).toEqual({ totals: { [p.items.rice]: 2, [p.items.beans]: 3 }, units: 5 });
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.rice]: 2, [p.items.beans]: 3 });

		// Undo takes back the last tap (rice +1) with a correcting batch; the tap stays in the ledger.
		const lastTap = (await getTally(t.ctx, n1.actor, n1.access, id)).last;
		expect(lastTap?.lines.map((l) => [l.itemId, l.quantity])).toEqual([[p.items.rice, 1]]);
		await undoTallyTap(t.ctx, n1.actor, n1.access, id, 'en');
		t.clock.advance(MINUTE);
		expect(await totals()).toEqual({ totals: { [p.items.rice]: 1, [p.items.beans]: 3 }, units: 4 });
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.rice]: 1, [p.items.beans]: 3 });
		const ledger = (await listLedger(t.ctx, steward.actor, steward.access, { locationId: pantry }, 1)).items;
		expect(ledger.map((b) => b.kind)).toEqual(['correction', 'donation', 'donation', 'donation']);
		const [correction, undone] = ledger;
		expect(correction).toMatchObject({ correctsId: lastTap?.id, donationId: id });
		expect(correction?.lines.map((l) => [l.itemId, l.quantity])).toEqual([[p.items.rice, -1]]);
		expect(undone).toMatchObject({ id: lastTap?.id, correctedBy: correction?.id });

		// Undo again takes back the +3, then the first tap; then there is nothing left to undo.
		await undoTallyTap(t.ctx, n1.actor, n1.access, id, 'en');
		t.clock.advance(MINUTE);
		expect(await totals()).toEqual({ totals: { [p.items.rice]: 1, [p.items.beans]: 0 }, units: 1 });
		await undoTallyTap(t.ctx, n1.actor, n1.access, id, 'en');
		t.clock.advance(MINUTE);
		expect(await totals()).toEqual({ totals: { [p.items.rice]: 0, [p.items.beans]: 0 }, units: 0 });
		expect(await outcome(undoTallyTap(t.ctx, n1.actor, n1.access, id, 'en'))).toBe('nothing_to_undo');
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.rice]: 0, [p.items.beans]: 0 });

		await tap(p.items.oil, '2');
		await finishTally(t.ctx, n1.actor, n1.access, id);
		expect(await outcome(tallyTap(t.ctx, n1.actor, n1.access, id, tapInput(p.items.oil), 'en'))).toBe('tally_closed');
		expect(await outcome(undoTallyTap(t.ctx, n1.actor, n1.access, id, 'en'))).toBe('tally_closed');
		expect(await outcome(finishTally(t.ctx, n1.actor, n1.access, id))).toBe('tally_closed');
		expect(await totals()).toEqual({ totals: { [p.items.rice]: 0, [p.items.beans]: 0, [p.items.oil]: 2 }, units: 2 });
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.rice]: 0, [p.items.beans]: 0, [p.items.oil]: 2 });
		await expectNoDrift(t.ctx);
	});

	it('moves stock between places in one batch, and refuses a move it cannot cover without writing anything', async () => {
		const from = await place('Transfer from');
		const to = await place('Transfer to');
		await stock(t.ctx, steward, from, [
			[p.items.rice, '10'],
			[p.items.beans, '20']
		]);
		const { id } = await transferStock(
			t.ctx,
			steward.actor,
			steward.access,
			transferInput(from, to, [
				[p.items.rice, '4'],
				[p.items.beans, '5']
			]),
			'en'
		);
		expect(await levels(t.ctx, from)).toEqual({ [p.items.rice]: 6, [p.items.beans]: 15 });
		expect(await levels(t.ctx, to)).toEqual({ [p.items.rice]: 4, [p.items.beans]: 5 });
		const [batch] = (await listLedger(t.ctx, steward.actor, steward.access, { locationId: to }, 1)).items;
		expect(batch).toMatchObject({ id, kind: 'transfer', locationId: from, toLocationId: to });
		expect(batch?.lines.map((l) => [l.locationId === from ? 'from' : 'to', l.itemId, l.kind, l.quantity]).sort()).toEqual(
			[
				['from', p.items.rice, 'transfer_out', -4],
				['to', p.items.rice, 'transfer_in', 4],
				['from', p.items.beans, 'transfer_out', -5],
				['to', p.items.beans, 'transfer_in', 5]
			].sort()
		);

		expect(await outcome(transferStock(t.ctx, steward.actor, steward.access, transferInput(from, from, [[p.items.rice, '1']]), 'en'))).toBe('same_location');

		const before = await counts();
		const e = await failure(
			transferStock(
				t.ctx,
				steward.actor,
				steward.access,
				transferInput(from, to, [
					[p.items.rice, '8'],
					[p.items.beans, '5']
				]),
				'es'
			)
		);
		expect(e).toBeInstanceOf(InsufficientStockError);
		expect(e.code).toBe('insufficient_stock');
		expect((e as InsufficientStockError).short).toEqual([{ itemId: p.items.rice, need: 8, have: 6, short: 2, name: 'Arroz', unit: 'bag', size: null }]);
		// Nothing half-happened: the beans that could move did not, on either side.
		expect(await levels(t.ctx, from)).toEqual({ [p.items.rice]: 6, [p.items.beans]: 15 });
		expect(await levels(t.ctx, to)).toEqual({ [p.items.rice]: 4, [p.items.beans]: 5 });
		expect(await counts()).toEqual(before);
		await expectNoDrift(t.ctx);
	});

	it('refuses an adjustment below zero unless someone confirms it, and records that they did', async () => {
		const pantry = await place('Adjustment pantry');
		await stock(t.ctx, steward, pantry, [[p.items.oil, '3']]);
		t.clock.advance(MINUTE);
		const before = await counts();
		const e = await failure(adjustStock(t.ctx, steward.actor, steward.access, adjustInput(pantry, p.items.oil, '5'), 'en'));
		expect((e as InsufficientStockError).short).toEqual([{ itemId: p.items.oil, need: 5, have: 3, short: 2, name: 'Cooking oil', unit: 'bottle', size: null }]);
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.oil]: 3 });
		expect(await counts()).toEqual(before);

		const { id } = await adjustStock(
			t.ctx,
			steward.actor,
			steward.access,
			adjustInput(pantry, p.items.oil, '5', { override: 'on', note: 'leaking bottles' }),
			'en'
		);
		t.clock.advance(MINUTE);
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.oil]: -2 });
		const [adjusted] = (await listLedger(t.ctx, steward.actor, steward.access, { locationId: pantry }, 1)).items;
		expect(adjusted).toMatchObject({ id, kind: 'adjustment', reason: 'spoiled', note: 'leaking bottles', override: true });
		expect(adjusted?.lines.map((l) => [l.itemId, l.kind, l.quantity])).toEqual([[p.items.oil, 'adjustment', -5]]);
		expect(await stockAt(t.ctx, n1.actor, n1.access, pantry)).toEqual([expect.objectContaining({ itemId: p.items.oil, quantity: -2 })]);

		// Found stock comes in with a reason; a confirmation that was not needed is not recorded.
		const found = await adjustStock(
			t.ctx,
			steward.actor,
			steward.access,
			adjustInput(pantry, p.items.oil, '4', { direction: 'in', reason: 'found', override: 'on' }),
			'en'
		);
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.oil]: 2 });
		const [foundBatch] = (await listLedger(t.ctx, steward.actor, steward.access, { locationId: pantry }, 1)).items;
		expect(foundBatch).toMatchObject({ id: found.id, reason: 'found', override: false });
		await expectNoDrift(t.ctx);
	});

	it('sets the counted numbers in a stock-take and records each difference, zero and never-held included', async () => {
		const pantry = await place('Stock-take pantry');
		await stock(t.ctx, steward, pantry, [
			[p.items.rice, '30'],
			[p.items.beans, '40']
		]);
		t.clock.advance(MINUTE);
		const r = await countStock(t.ctx, steward.actor, steward.access, countInput(pantry, { [p.items.rice]: '27', [p.items.beans]: '40', [p.items.oil]: '12' }));
		expect(r.changed).toBe(2);
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.rice]: 27, [p.items.beans]: 40, [p.items.oil]: 12 });
		const [count] = (await listLedger(t.ctx, steward.actor, steward.access, { locationId: pantry }, 1)).items;
		expect(count).toMatchObject({ id: r.id, kind: 'count' });
		expect(count?.lines.map((l) => [l.itemId, l.kind, l.quantity]).sort()).toEqual(
			[
				[p.items.rice, 'count', -3],
				[p.items.beans, 'count', 0],
				[p.items.oil, 'count', 12]
			].sort()
		);
		// A stock-take is corrected by counting again, not by a correction.
		expect(await outcome(correctBatch(t.ctx, steward.actor, steward.access, r.id, false, 'en'))).toBe('invalid');
		await expectNoDrift(t.ctx);
	});

	it('corrects bags given out with a batch that puts the stock back and nets the bags, once', async () => {
		const pantry = await place('Correction pantry');
		await stock(t.ctx, steward, pantry, [
			[p.items.rice, '20'],
			[p.items.beans, '40'],
			[p.items.oil, '10']
		]);
		const d = await buildDistribution(t.ctx, steward, pantry, p.kitId, { name: 'Correction distribution' });
		const start = '2026-11-26T15:00';
		const given = await giveOut(t.ctx, n1.actor, n1.access, d, start, giveInput(p.kitId, '4'), 'en');
		t.clock.advance(MINUTE);
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.rice]: 12, [p.items.beans]: 24, [p.items.oil]: 6 });
		expect((await getOccurrence(t.ctx, n1.actor, n1.access, d, start, 'en')).bagsGiven).toBe(4);

		const { id } = await correctBatch(t.ctx, steward.actor, steward.access, given.id, false, 'en');
		t.clock.advance(MINUTE);
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.rice]: 20, [p.items.beans]: 40, [p.items.oil]: 10 });
		const detail = await getOccurrence(t.ctx, n1.actor, n1.access, d, start, 'en');
		expect(detail.bagsGiven).toBe(0);
		expect(detail.batches.map((b) => [b.kind, b.bags, b.correctsId, b.correctedBy])).toEqual([
			['correction', -4, given.id, null],
			['distribution', 4, null, id]
		]);

		expect(await outcome(correctBatch(t.ctx, steward.actor, steward.access, given.id, false, 'en'))).toBe('already_corrected');
		expect(await outcome(correctBatch(t.ctx, steward.actor, steward.access, id, false, 'en'))).toBe('invalid');
		expect(await outcome(correctBatch(t.ctx, steward.actor, steward.access, newId(t.ctx.now()), false, 'en'))).toBe('not_found');
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.rice]: 20, [p.items.beans]: 40, [p.items.oil]: 10 });
		await expectNoDrift(t.ctx);
	});

	it('refuses to take back a donation whose stock has already gone out, unless someone confirms it', async () => {
		const pantry = await place('Gone pantry');
		const donation = await stock(t.ctx, steward, pantry, [[p.items.soap, '10']]);
		t.clock.advance(MINUTE);
		await adjustStock(t.ctx, steward.actor, steward.access, adjustInput(pantry, p.items.soap, '6', { reason: 'damaged' }), 'en');
		t.clock.advance(MINUTE);
		const [batch] = (await listLedger(t.ctx, steward.actor, steward.access, { locationId: pantry }, 1)).items.filter((b) => b.donationId === donation);
		const before = await counts();
		const e = await failure(correctBatch(t.ctx, steward.actor, steward.access, batch?.id ?? '', false, 'en'));
		expect((e as InsufficientStockError).short).toEqual([{ itemId: p.items.soap, need: 10, have: 4, short: 6, name: 'Bar soap', unit: 'piece', size: null }]);
		expect(await counts()).toEqual(before);
		const { id } = await correctBatch(t.ctx, steward.actor, steward.access, batch?.id ?? '', true, 'en');
		expect(await levels(t.ctx, pantry)).toEqual({ [p.items.soap]: -6 });
		const [correction] = (await listLedger(t.ctx, steward.actor, steward.access, { locationId: pantry }, 1)).items;
		expect(correction).toMatchObject({ id, kind: 'correction', correctsId: batch?.id, donationId: donation, override: true });
		await expectNoDrift(t.ctx);
	});

	it('refuses to record anything with an archived item or at an archived place', async () => {
		const pantry = await place('Closing pantry');
		const open = await place('Open pantry');
		const old = (await createItem(t.ctx, steward.actor, steward.access, itemInput({ name: 'Powdered milk', category: 'drinks', unit: 'box' }))).id;
		await stock(t.ctx, steward, pantry, [[old, '5']]);
		await setItemArchived(t.ctx, steward.actor, steward.access, old, true);
		const before = await counts();
		expect(await outcome(recordDonation(t.ctx, n1.actor, n1.access, donationInput(pantry, [[old, '1']]), 'en'))).toBe('archived');
		const tally = await startTally(t.ctx, n1.actor, n1.access, tallyStartInput(pantry));
		expect(await outcome(tallyTap(t.ctx, n1.actor, n1.access, tally.id, tapInput(old), 'en'))).toBe('archived');
		expect(await outcome(adjustStock(t.ctx, steward.actor, steward.access, adjustInput(pantry, old, '1'), 'en'))).toBe('archived');
		expect(await outcome(transferStock(t.ctx, steward.actor, steward.access, transferInput(pantry, open, [[old, '1']]), 'en'))).toBe('archived');
		expect(await outcome(setKitLine(t.ctx, steward.actor, steward.access, p.kitId, { itemId: old, quantity: 1 }))).toBe('archived');

		await stock(t.ctx, steward, pantry, [[p.items.rice, '5']]);
		await setLocationArchived(t.ctx, steward.actor, steward.access, pantry, true);
		const archivedAt = await counts();
		expect(await outcome(recordDonation(t.ctx, n1.actor, n1.access, donationInput(pantry, [[p.items.rice, '1']]), 'en'))).toBe('archived');
		expect(await outcome(startTally(t.ctx, n1.actor, n1.access, tallyStartInput(pantry)))).toBe('archived');
		expect(await outcome(transferStock(t.ctx, steward.actor, steward.access, transferInput(open, pantry, [[p.items.rice, '1']]), 'en'))).toBe('archived');
		expect(await outcome(transferStock(t.ctx, steward.actor, steward.access, transferInput(pantry, open, [[p.items.rice, '1']]), 'en'))).toBe('archived');
		expect(await outcome(countStock(t.ctx, steward.actor, steward.access, countInput(pantry, { [p.items.rice]: '0' })))).toBe('archived');
		expect(await counts()).toEqual({ ...archivedAt });
		expect(archivedAt).toEqual({ batches: before.batches + 1, movements: before.movements + 1, donations: before.donations + 2 });
		// An archived place leaves the pickers; its ledger and levels stay.
		expect((await listLocations(t.ctx, n1.actor, n1.access)).map((l) => l.id)).not.toContain(pantry);
		expect(await levels(t.ctx, pantry)).toEqual({ [old]: 5, [p.items.rice]: 5 });
		await expectNoDrift(t.ctx);
	});

	describe('quantities typed into a form', () => {
		const base = { locationId: 'place', receivedOn: '2026-11-20', source: 'individual' };
		const cases = [
			['-1', 'quantity_invalid'],
			['0', 'quantity_invalid'],
			['', 'required']
		] as const;
		it.each(cases)('refuses %j on a donation, transfer, adjustment and tap line with %s', (typed, code) => {
			expect(parseWith(donationSchema, { ...base, item: ['rice'], quantity: [typed] })).toEqual({ ok: false, errors: { lines: code } });
			expect(parseWith(transferSchema, { fromLocationId: 'a', toLocationId: 'b', item: ['rice'], quantity: [typed] })).toEqual({
				ok: false,
				errors: { lines: code }
			});
			expect(parseWith(adjustSchema, { locationId: 'a', itemId: 'rice', direction: 'out', quantity: typed, reason: 'spoiled' })).toEqual({
				ok: false,
				errors: { quantity: code }
			});
			// An empty tap is one more; any other typed amount must be a whole number from 1.
			if (typed !== '') expect(parseWith(tallyTapSchema, { itemId: 'rice', quantity: typed })).toEqual({ ok: false, errors: { quantity: code } });
		});

		it('takes a count of 0 and refuses a negative one', () => {
			expect(parseWith(countSchema, { locationId: 'a', count_rice: '0' })).toEqual({
				ok: true,
				data: { locationId: 'a', counts: [{ itemId: 'rice', counted: 0 }], note: null }
			});
			expect(parseWith(countSchema, { locationId: 'a', count_rice: '-1' })).toEqual({ ok: false, errors: { counts: 'quantity_invalid' } });
			// Nothing counted is nothing to record.
			expect(parseWith(countSchema, { locationId: 'a', count_rice: '' })).toEqual({ ok: false, errors: { counts: 'required' } });
		});

		it.each(['2.5', '1e3'])('refuses %j (not a whole number written plainly) everywhere', (typed) => {
			expect(parseWith(donationSchema, { ...base, item: ['rice'], quantity: [typed] }).ok).toBe(false);
			expect(parseWith(transferSchema, { fromLocationId: 'a', toLocationId: 'b', item: ['rice'], quantity: [typed] }).ok).toBe(false);
			expect(parseWith(adjustSchema, { locationId: 'a', itemId: 'rice', direction: 'out', quantity: typed, reason: 'spoiled' }).ok).toBe(false);
			expect(parseWith(tallyTapSchema, { itemId: 'rice', quantity: typed }).ok).toBe(false);
			expect(parseWith(countSchema, { locationId: 'a', count_rice: typed }).ok).toBe(false);
		});

		// A field that was filled in with a fraction or an exponent is not "missing".
		it.each(['2.5', '1e3'])('says %j is not a valid quantity (not that it is missing)', (typed) => {
			expect(parseWith(donationSchema, { ...base, item: ['rice'], quantity: [typed] })).toEqual({ ok: false, errors: { lines: 'quantity_invalid' } });
			expect(parseWith(adjustSchema, { locationId: 'a', itemId: 'rice', direction: 'out', quantity: typed, reason: 'spoiled' })).toEqual({
				ok: false,
				errors: { quantity: 'quantity_invalid' }
			});
		});
	});

	it('refuses an item or a place that does not exist, writing nothing', async () => {
		const pantry = await place('Unknown-id pantry');
		const before = await counts();
		const ghost = newId(t.ctx.now());
		expect(
			await outcome(
				recordDonation(
					t.ctx,
					n1.actor,
					n1.access,
					donationInput(pantry, [
						[p.items.rice, '2'],
						[ghost, '1']
					]),
					'en'
				)
			)
		).toBe('item_unknown');
		expect(await outcome(recordDonation(t.ctx, n1.actor, n1.access, donationInput(ghost, [[p.items.rice, '2']]), 'en'))).toBe('location_unknown');
		expect(await outcome(adjustStock(t.ctx, steward.actor, steward.access, adjustInput(pantry, ghost, '1', { direction: 'in', reason: 'found' }), 'en'))).toBe(
			'item_unknown'
		);
		expect(await outcome(countStock(t.ctx, steward.actor, steward.access, countInput(pantry, { [ghost]: '3' })))).toBe('item_unknown');
		expect(await counts()).toEqual(before);
		expect(await levels(t.ctx, pantry)).toEqual({});
		await expectNoDrift(t.ctx);
	});

	it('reports a cached level that no longer matches its movements, exactly', async () => {
		const pantry = await place('Drift pantry');
		await stock(t.ctx, steward, pantry, [[p.items.soap, '9']]);
		await expectNoDrift(t.ctx);
		await sql`update stock_levels set quantity = quantity + 7 where location_id = ${pantry} and item_id = ${p.items.soap}`.execute(t.ctx.db);
		const check = await checkStock(t.ctx);
		expect(check.drift).toEqual([{ locationId: pantry, itemId: p.items.soap, cached: 16, fromLedger: 9 }]);
		expect(check.movements).toBeGreaterThan(0);
		await sql`update stock_levels set quantity = 9 where location_id = ${pantry} and item_id = ${p.items.soap}`.execute(t.ctx.db);
		await expectNoDrift(t.ctx);
	});

	it("keeps the daily flows and each donation's units with the movements, and reports either when it differs", async () => {
		const pantry = await place('Flow pantry');
		const donation = await stock(t.ctx, steward, pantry, [
			[p.items.rice, '12'],
			[p.items.soap, '3']
		]);
		// The gift was received on the 20th; the correction is dated the day it is made, the 25th.
		const day = '2026-11-25';
		const flows = async () =>
			(
				await t.ctx.db.selectFrom('stock_flows').select(['occurred_on', 'kind', 'units']).where('location_id', '=', pantry).orderBy('occurred_on').execute()
			).map((r) => [r.occurred_on, r.kind, Number(r.units)]);
		const units = async () => Number((await t.ctx.db.selectFrom('stock_donations').select('units').where('id', '=', donation).executeTakeFirstOrThrow()).units);
		expect(await flows()).toEqual([['2026-11-20', 'donation', 15]]);
		expect(await units()).toBe(15);
		// A correction nets both: the flow of that day and the donation's units.
		const [batch] = await t.ctx.db.selectFrom('stock_batches').select('id').where('donation_id', '=', donation).execute();
		await correctBatch(t.ctx, steward.actor, steward.access, batch?.id ?? '', false, 'en');
		expect(await flows()).toEqual([
			['2026-11-20', 'donation', 15],
			[day, 'donation', -15]
		]);
		expect(await units()).toBe(0);
		await expectNoDrift(t.ctx);

		await sql`update stock_flows set units = units + 4 where location_id = ${pantry} and occurred_on = ${day} and kind = 'donation'`.execute(t.ctx.db);
		await sql`update stock_donations set units = 2 where id = ${donation}`.execute(t.ctx.db);
		const check = await checkStock(t.ctx);
		expect(check.flowDrift).toEqual([{ key: `${day}:${pantry}:donation`, cached: -11, fromLedger: -15 }]);
		expect(check.donationDrift).toEqual([{ donationId: donation, cached: 2, fromLedger: 0 }]);
		await sql`update stock_flows set units = -15 where location_id = ${pantry} and occurred_on = ${day}`.execute(t.ctx.db);
		await sql`update stock_donations set units = 0 where id = ${donation}`.execute(t.ctx.db);
		await expectNoDrift(t.ctx);
	});

	describe('who may do what', () => {
		it('lets a neighbour record donations and tallies but not adjust, count, transfer, correct or change the catalogue', async () => {
			const pantry = await place('Neighbour pantry');
			const other = await place('Neighbour other pantry');
			const donation = await recordDonation(t.ctx, n1.actor, n1.access, donationInput(pantry, [[p.items.rice, '6']]), 'en');
			const tally = await startTally(t.ctx, n1.actor, n1.access, tallyStartInput(pantry));
			await tallyTap(t.ctx, n1.actor, n1.access, tally.id, tapInput(p.items.rice, '2'), 'en');
			await finishTally(t.ctx, n1.actor, n1.access, tally.id);
			expect(await levels(t.ctx, pantry)).toEqual({ [p.items.rice]: 8 });

			const [batch] = (await listLedger(t.ctx, n1.actor, n1.access, { locationId: pantry }, 1)).items.filter((b) => b.donationId === donation.id);
			const before = await counts();
			const refused = await Promise.all([
				outcome(adjustStock(t.ctx, n1.actor, n1.access, adjustInput(pantry, p.items.rice, '1'), 'en')),
				outcome(countStock(t.ctx, n1.actor, n1.access, countInput(pantry, { [p.items.rice]: '0' }))),
				outcome(transferStock(t.ctx, n1.actor, n1.access, transferInput(pantry, other, [[p.items.rice, '1']]), 'en')),
				outcome(correctBatch(t.ctx, n1.actor, n1.access, batch?.id ?? '', false, 'en')),
				outcome(createItem(t.ctx, n1.actor, n1.access, itemInput({ name: 'Lentils' }))),
				outcome(createLocation(t.ctx, n1.actor, n1.access, locationInput({ name: 'My garage' }))),
				outcome(adoptStarterCatalogue(t.ctx, n1.actor, n1.access))
			]);
			expect(refused).toEqual(Array(7).fill('policy:forbidden'));
			await expect(adjustStock(t.ctx, n1.actor, n1.access, adjustInput(pantry, p.items.rice, '1'), 'en')).rejects.toBeInstanceOf(PolicyError);
			expect(await counts()).toEqual(before);
			expect(await levels(t.ctx, pantry)).toEqual({ [p.items.rice]: 8 });
		});

		it('shows nothing to someone who is not a member', async () => {
			const o = await asPerson(t.ctx, c.outsider, c.net.slug);
			expect(
				await Promise.all([
					outcome(stockAt(t.ctx, o.actor, o.access, p.placeId)),
					outcome(stockOverview(t.ctx, o.actor, o.access)),
					outcome(listLocations(t.ctx, o.actor, o.access)),
					outcome(allItems(t.ctx, o.actor, o.access)),
					outcome(listLedger(t.ctx, o.actor, o.access, { locationId: null }, 1)),
					outcome(recordDonation(t.ctx, o.actor, o.access, donationInput(p.placeId, [[p.items.rice, '1']]), 'en'))
				])
			).toEqual(Array(6).fill('policy:forbidden'));
		});

		it("does not let a steward of one network reach another network's places, items or records", async () => {
			// Network B belongs to someone who is in neither role in network A.
			const netB = await buildNetwork(t.ctx, c.outsider, { languages: ['en', 'es'] });
			const ownerB = await asPerson(t.ctx, c.outsider, netB.slug);
			const b = await buildPantry(t.ctx, ownerB, 'Network B pantry');
			const donationB = await stock(t.ctx, ownerB, b.placeId, [[b.items.rice, '10']]);
			const [batchB] = (await listLedger(t.ctx, ownerB.actor, ownerB.access, { locationId: b.placeId }, 1)).items;
			const tallyB = await startTally(t.ctx, ownerB.actor, ownerB.access, tallyStartInput(b.placeId));
			const dB = await buildDistribution(t.ctx, ownerB, b.placeId, b.kitId);
			const beforeB = await ledgerCounts(t.ctx, netB.id);
			const beforeA = await counts();

			const s = steward;
			expect(
				await Promise.all([
					outcome(recordDonation(t.ctx, s.actor, s.access, donationInput(b.placeId, [[p.items.rice, '1']]), 'en')),
					outcome(recordDonation(t.ctx, s.actor, s.access, donationInput(p.placeId, [[b.items.rice, '1']]), 'en')),
					outcome(transferStock(t.ctx, s.actor, s.access, transferInput(p.placeId, b.placeId, [[p.items.rice, '1']]), 'en')),
					outcome(adjustStock(t.ctx, s.actor, s.access, adjustInput(b.placeId, b.items.rice, '1'), 'en')),
					outcome(countStock(t.ctx, s.actor, s.access, countInput(p.placeId, { [b.items.rice]: '0' }))),
					outcome(startTally(t.ctx, s.actor, s.access, tallyStartInput(b.placeId))),
					outcome(tallyTap(t.ctx, s.actor, s.access, tallyB.id, tapInput(p.items.rice), 'en')),
					outcome(getTally(t.ctx, s.actor, s.access, tallyB.id)),
					outcome(correctBatch(t.ctx, s.actor, s.access, batchB?.id ?? '', false, 'en')),
					outcome(getLocation(t.ctx, s.actor, s.access, b.placeId)),
					outcome(getItem(t.ctx, s.actor, s.access, b.items.rice)),
					outcome(setKitLine(t.ctx, s.actor, s.access, p.kitId, { itemId: b.items.rice, quantity: 1 })),
					outcome(setKitLine(t.ctx, s.actor, s.access, b.kitId, { itemId: p.items.rice, quantity: 1 })),
					outcome(getDistribution(t.ctx, s.actor, s.access, dB.id))
				])
			).toEqual([
				'location_unknown',
				'item_unknown',
				'location_unknown',
				'location_unknown',
				'item_unknown',
				'location_unknown',
				'not_found',
				'not_found',
				'not_found',
				'not_found',
				'not_found',
				'item_unknown',
				'not_found',
				'not_found'
			]);
			// Reading another network's place through one's own shows nothing of it.
			expect(await stockAt(t.ctx, s.actor, s.access, b.placeId)).toEqual([]);
			expect((await listLedger(t.ctx, s.actor, s.access, { locationId: b.placeId }, 1)).total).toBe(0);
			expect((await listDonations(t.ctx, s.actor, s.access, 1)).items.map((d) => d.id)).not.toContain(donationB);
			expect(await ledgerCounts(t.ctx, netB.id)).toEqual(beforeB);
			expect(await counts()).toEqual(beforeA);
			expect(await levels(t.ctx, b.placeId)).toEqual({ [b.items.rice]: 10 });
			await expectNoDrift(t.ctx);
		});
	});

	it('keeps every level equal to its movements after all of the above', async () => {
		const check = await checkStock(t.ctx);
		expect(check.drift).toEqual([]);
		expect(check.levels).toBeGreaterThan(10);
		// The admin sees the same figures as the steward.
		expect((await stockOverview(t.ctx, admin.actor, admin.access)).itemCount).toBeGreaterThan(4);
	});
});

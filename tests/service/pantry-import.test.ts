import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allItems, createItem, listItems, setItemArchived } from '../../src/lib/server/pantry/catalogue.service';
import { importItems, importStock, PANTRY_IMPORT_MAX_ROWS, PantryImportFileError, type PantryImportReport } from '../../src/lib/server/pantry/import.service';
import { adjustStock, listLedger } from '../../src/lib/server/pantry/stock.service';
import { PolicyError } from '../../src/lib/server/policy/policy';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { outcome } from '../helpers/outcome';
import {
	addNetwork,
	adjustInput,
	asPerson,
	buildPantry,
	buildPantryCommunity,
	buildPlace,
	expectNoDrift,
	itemInput,
	ledgerCounts,
	levels,
	stock,
	type Pantry,
	type PantryCommunity,
	type PantryPerson
} from '../helpers/pantry';

const MINUTE = 60_000;
const ANY_ID = expect.any(String);
const bytes = (text: string) => new TextEncoder().encode(text);
/** What Excel saves as "Unicode text": UTF-16 little-endian with its byte-order mark. */
const utf16le = (text: string) => Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);

/** The error a call throws, for assertions on its code and what it carries. */
async function fileError(p: Promise<unknown>): Promise<PantryImportFileError> {
	const e: unknown = await p.then(
		() => undefined,
		(err: unknown) => err
	);
	if (!(e instanceof PantryImportFileError)) throw new Error(`expected a PantryImportFileError, got ${String(e)}`);
	return e;
}

/** A report's rows as [line, status, problems] for one-line comparisons. */
const rowsOf = (r: PantryImportReport) => r.rows.map((x) => [x.line, x.status, x.problems]);

// ── Items ──────────────────────────────────────────────────────────────────────────────────

describe.each(DIALECTS)('importing pantry items from a CSV on %s', (dialect) => {
	let t: TestDb;
	let c: PantryCommunity;
	let steward: PantryPerson;
	let n1: PantryPerson;
	let tortillas: string;

	beforeAll(async () => {
		t = await createTestDb(dialect);
		c = await buildPantryCommunity(t.ctx);
		steward = await asPerson(t.ctx, c.steward, c.net.slug);
		n1 = await asPerson(t.ctx, c.neighbours[0], c.net.slug);
		// Rice, Canned black beans, Cooking oil and Bar soap, none with a barcode.
		await buildPantry(t.ctx, steward);
		tortillas = (
			await createItem(
				t.ctx,
				steward.actor,
				steward.access,
				itemInput({ name: 'Corn tortillas', name_es: 'Tortillas de maíz', category: 'dry_goods', unit: 'pack', barcode: '7501000111206' })
			)
		).id;
	});
	afterAll(async () => t.close());

	const run = (file: Uint8Array | string, commit: boolean, who: PantryPerson = steward) => importItems(t.ctx, who.actor, who.access, { file, commit });
	const itemCount = async () => (await listItems(t.ctx, steward.actor, steward.access, { search: null, category: null, includeArchived: true }, 1)).total;
	/** An item as stored, by its default name: every field an import sets. */
	const byName = async (name: string) => {
		const i = (await allItems(t.ctx, steward.actor, steward.access)).find((x) => x.name === name);
		return i && { id: i.id, names: i.names, category: i.category, unit: i.unit, size: i.size, barcode: i.barcode, minLevel: i.minLevel };
	};

	const MIXED = [
		'Name,name_es,Category,Unit,Size,Barcode,Min level',
		'Rice,Arroz blanco,dry goods,bag,,,50',
		'Lentils,Lentejas,Dry goods,bag,1 kg,0123456789012,10',
		'lentils ,,dry_goods,bag,1 KG,,',
		'Moon rocks,,spaceship,crate,,7.50101E+11,2.5',
		',Frijoles,canned,can,,,',
		'Flour tortillas,Tortillas de harina,dry goods,pack,,7501000111206,'
	].join('\n');

	it('previews a file row by row (new, existing, repeat, each problem with its field) and writes nothing', async () => {
		const before = await itemCount();
		const r = await run(bytes(MIXED), false);
		expect(r.committed).toBe(false);
		expect(r.counts).toEqual({ new: 1, existing: 1, repeats: 1, errors: 3 });
		expect(rowsOf(r)).toEqual([
			[2, 'existing', []],
			[3, 'new', []],
			[4, 'repeat', []],
			[
				5,
				'error',
				[
					{ field: 'category', code: 'invalid_choice' },
					{ field: 'unit', code: 'invalid_choice' },
					{ field: 'barcode', code: 'invalid' },
					{ field: 'minLevel', code: 'quantity_invalid' }
				]
			],
			[6, 'error', [{ field: 'name', code: 'required' }]],
			// The barcode already belongs to the network's corn tortillas.
			[7, 'error', [{ field: 'barcode', code: 'barcode_taken' }]]
		]);
		expect(r.rows.map((x) => x.label)).toEqual(['Rice', 'Lentils · 1 kg', 'lentils · 1 KG', 'Moon rocks', '', 'Flour tortillas']);
		expect(await itemCount()).toBe(before);
	});

	it('commits nothing while any row has a problem', async () => {
		const before = await itemCount();
		const r = await run(bytes(MIXED), true);
		expect(r.committed).toBe(false);
		expect(r.counts).toEqual({ new: 1, existing: 1, repeats: 1, errors: 3 });
		expect(await itemCount()).toBe(before);
		expect(await byName('Lentils')).toBeUndefined();
	});

	it('commits a clean file in one go with the names in each language, leaving existing items as they are', async () => {
		const file = [
			'Name,Name (es),Category,Unit,Size,Barcode,Min level',
			'Rice,Arroz blanco,dry goods,bag,,,50',
			'Lentils,Lentejas,Dry goods,bag,1 kg,0123456789012,10',
			'Diapers,Pañales,baby,packs,Size 3,,5',
			'Toothbrush,,toiletries,each,,,',
			'Corn tortillas,Tortillas,dry goods,pack,,7501000111206,8'
		].join('\r\n');
		const before = await itemCount();
		const r = await run(bytes(file), true);
		expect(r.committed).toBe(true);
		expect(rowsOf(r)).toEqual([
			[2, 'existing', []],
			[3, 'new', []],
			[4, 'new', []],
			[5, 'new', []],
			// Its own barcode is no conflict.
			[6, 'existing', []]
		]);
		expect(r.counts).toEqual({ new: 3, existing: 2, repeats: 0, errors: 0 });
		expect(await itemCount()).toBe(before + 3);

		expect(await byName('Lentils')).toEqual({
			id: ANY_ID,
			names: { en: 'Lentils', es: 'Lentejas' },
			category: 'dry_goods',
			unit: 'bag',
			size: '1 kg',
			barcode: '0123456789012',
			minLevel: 10
		});
		expect(await byName('Diapers')).toEqual({
			id: ANY_ID,
			names: { en: 'Diapers', es: 'Pañales' },
			category: 'baby',
			unit: 'pack',
			size: 'Size 3',
			barcode: null,
			minLevel: 5
		});
		// No Spanish name given: only the default language's, from the name column.
		expect(await byName('Toothbrush')).toEqual({
			id: ANY_ID,
			names: { en: 'Toothbrush' },
			category: 'hygiene',
			unit: 'piece',
			size: null,
			barcode: null,
			minLevel: null
		});
		// What the network had stays as it was: no new Spanish name, no new warning level.
		expect(await byName('Rice')).toEqual({
			id: ANY_ID,
			names: { en: 'Rice', es: 'Arroz' },
			category: 'dry_goods',
			unit: 'bag',
			size: null,
			barcode: null,
			minLevel: 20
		});
		expect(await byName('Corn tortillas')).toEqual({
			id: tortillas,
			names: { en: 'Corn tortillas', es: 'Tortillas de maíz' },
			category: 'dry_goods',
			unit: 'pack',
			size: null,
			barcode: '7501000111206',
			minLevel: null
		});

		// The same file again adds nothing.
		const again = await run(bytes(file), true);
		expect(again.committed).toBe(true);
		expect(again.counts).toEqual({ new: 0, existing: 5, repeats: 0, errors: 0 });
		expect(await itemCount()).toBe(before + 3);
	});

	it('reads a Spanish spreadsheet: `;` between cells, Spanish headers and Spanish words for categories and units', async () => {
		const file = [
			'Nombre;Nombre (es);Categoría;Unidad;Talla;Código de barras;Mínimo',
			'Powdered milk;Leche en polvo;bebidas;latas;400 g;7501055300075;1.200',
			'Sardines;Sardinas;conservas;lata;;;12',
			'Dish soap;Jabón para trastes;artículos de limpieza;botella;;;'
		].join('\n');
		const before = await itemCount();
		const r = await run(bytes(file), true);
		expect(r.committed).toBe(true);
		expect(rowsOf(r)).toEqual([
			[2, 'new', []],
			[3, 'new', []],
			[4, 'new', []]
		]);
		expect(await itemCount()).toBe(before + 3);
		expect(await byName('Powdered milk')).toEqual({
			id: ANY_ID,
			names: { en: 'Powdered milk', es: 'Leche en polvo' },
			category: 'drinks',
			unit: 'can',
			size: '400 g',
			barcode: '7501055300075',
			minLevel: 1200
		});
		expect(await byName('Sardines')).toEqual({
			id: ANY_ID,
			names: { en: 'Sardines', es: 'Sardinas' },
			category: 'canned_food',
			unit: 'can',
			size: null,
			barcode: null,
			minLevel: 12
		});
		expect(await byName('Dish soap')).toEqual({
			id: ANY_ID,
			names: { en: 'Dish soap', es: 'Jabón para trastes' },
			category: 'household',
			unit: 'bottle',
			size: null,
			barcode: null,
			minLevel: null
		});
	});

	it('reads Excel’s "Unicode text" (UTF-16LE with a byte-order mark, tab-separated)', async () => {
		const file = utf16le('Name\tName (es)\tCategory\tUnit\nLiquid soap\tJabón líquido\thygiene\tbottle\n');
		const r = await run(file, true);
		expect(r.committed).toBe(true);
		expect(rowsOf(r)).toEqual([[2, 'new', []]]);
		expect(await byName('Liquid soap')).toEqual({
			id: ANY_ID,
			names: { en: 'Liquid soap', es: 'Jabón líquido' },
			category: 'hygiene',
			unit: 'bottle',
			size: null,
			barcode: null,
			minLevel: null
		});
	});

	it('refuses files it cannot read: wrong columns, invalid UTF-8, too many rows, nothing in them', async () => {
		const before = await itemCount();
		const columns = await fileError(run(bytes('Thing,Colour\nRice,white\n'), false));
		expect([columns.code, columns.detail.missing]).toEqual(['csv_columns', ['name', 'category']]);

		// "Jabón" saved as Latin-1: 0xF3 alone is not UTF-8.
		const latin1 = Uint8Array.from([...bytes('Name,Category\nJab'), 0xf3, ...bytes('n,hygiene\n')]);
		expect((await fileError(run(latin1, false))).code).toBe('csv_bad_encoding');

		const rows = (n: number) => `Name,Category\n${Array.from({ length: n }, (_, i) => `Item ${i},other`).join('\n')}\n`;
		expect(await outcome(run(bytes(rows(PANTRY_IMPORT_MAX_ROWS)), false))).toBe('ok');
		const tooMany = await fileError(run(bytes(rows(PANTRY_IMPORT_MAX_ROWS + 1)), true));
		// Reading stops at the first row past the limit: line 5,002 (the header is line 1).
		expect([tooMany.code, tooMany.detail.line]).toEqual(['csv_too_many_rows', PANTRY_IMPORT_MAX_ROWS + 2]);
		// A hundred thousand rows are refused at the same line, without reading the rest.
		const huge = await fileError(run(rows(100_000), true));
		expect([huge.code, huge.detail.line]).toEqual(['csv_too_many_rows', PANTRY_IMPORT_MAX_ROWS + 2]);

		expect((await fileError(run(bytes(''), false))).code).toBe('csv_empty');
		expect((await fileError(run(bytes('Name,Category\n\n'), false))).code).toBe('csv_empty');
		expect(await itemCount()).toBe(before);
	});

	it('is for those who run the pantry: a neighbour is refused before the file is read', async () => {
		const before = await itemCount();
		await expect(run(bytes('Name,Category\nChickpeas,canned\n'), true, n1)).rejects.toBeInstanceOf(PolicyError);
		await expect(run(bytes('not a csv at all'), false, n1)).rejects.toBeInstanceOf(PolicyError);
		expect(await itemCount()).toBe(before);
	});
});

// ── Opening stock ─────────────────────────────────────────────────────────────────────────

describe.each(DIALECTS)('importing opening stock from a CSV on %s', (dialect) => {
	let t: TestDb;
	let c: PantryCommunity;
	let steward: PantryPerson;
	let n1: PantryPerson;
	let p: Pantry;
	let closet: string;
	let tortillas: string;
	let diapers4: string;

	beforeAll(async () => {
		t = await createTestDb(dialect);
		c = await buildPantryCommunity(t.ctx);
		steward = await asPerson(t.ctx, c.steward, c.net.slug);
		n1 = await asPerson(t.ctx, c.neighbours[0], c.net.slug);
		// 'School pantry' with rice, canned black beans, cooking oil and bar soap.
		p = await buildPantry(t.ctx, steward);
		closet = await buildPlace(t.ctx, steward, 'Church closet', { kind: 'closet' });
		const item = async (over: Record<string, string>) => (await createItem(t.ctx, steward.actor, steward.access, itemInput(over))).id;
		tortillas = await item({ name: 'Corn tortillas', category: 'dry_goods', unit: 'pack', barcode: '7501000111206' });
		// A second 'Diapers' (another size), so a row naming the item must say which one it means.
		await item({ name: 'Diapers', category: 'baby', unit: 'pack', size: 'Size 3' });
		diapers4 = await item({ name: 'Diapers', category: 'baby', unit: 'pack', size: 'Size 4' });
	});
	afterAll(async () => t.close());

	const run = (file: string | Uint8Array, locationId: string | null, commit: boolean, who: PantryPerson = steward) =>
		importStock(t.ctx, who.actor, who.access, { file, locationId, commit });
	const counts = () => ledgerCounts(t.ctx, c.net.id);

	it('refuses a file with any unknown item, unknown place or fractional quantity, and writes nothing', async () => {
		const file = [
			'Item,Size,Barcode,Location,Quantity',
			'Caviar,,,School pantry,5',
			',,9999999999999,School pantry,5',
			'Rice,,,Moon base,5',
			'Rice,,,School pantry,"2,5"',
			'Cooking oil,,,School pantry,1.5',
			'Bar soap,,,School pantry,',
			'Diapers,Size 5,,Church closet,10',
			'Canned black beans,,,School pantry,12'
		].join('\n');
		const before = await counts();
		for (const commit of [false, true]) {
			const r = await run(bytes(file), null, commit);
			expect(r.committed).toBe(false);
			expect(r.counts).toEqual({ new: 1, existing: 0, repeats: 0, errors: 7 });
			expect(rowsOf(r)).toEqual([
				[2, 'error', [{ field: 'item', code: 'item_unknown' }]],
				[3, 'error', [{ field: 'barcode', code: 'item_unknown' }]],
				[4, 'error', [{ field: 'location', code: 'location_unknown' }]],
				[5, 'error', [{ field: 'quantity', code: 'quantity_invalid' }]],
				[6, 'error', [{ field: 'quantity', code: 'quantity_invalid' }]],
				[7, 'error', [{ field: 'quantity', code: 'required' }]],
				// Diapers come in sizes 3 and 4 only.
				[8, 'error', [{ field: 'item', code: 'item_unknown' }]],
				[9, 'new', []]
			]);
		}
		expect(await counts()).toEqual(before);
		expect(await levels(t.ctx, p.placeId)).toEqual({});
	});

	it("refuses a row for an archived item as that row's problem, not the whole file's", async () => {
		await setItemArchived(t.ctx, steward.actor, steward.access, p.items.soap, true);
		try {
			const before = await counts();
			const r = await run(bytes('Item,Location,Quantity\nBar soap,School pantry,4\nCooking oil,School pantry,5\n'), null, true);
			expect(r.committed).toBe(false);
			expect(rowsOf(r)).toEqual([
				[2, 'error', [{ field: 'item', code: 'archived' }]],
				[3, 'new', []]
			]);
			expect(await counts()).toEqual(before);
		} finally {
			await setItemArchived(t.ctx, steward.actor, steward.access, p.items.soap, false);
		}
	});

	it('treats two rows for the same item at the same place as an error, however the rows name them', async () => {
		const before = await counts();
		// The same words twice (in other capitals).
		const same = await run(
			bytes('Item,Location,Quantity\nRice,School pantry,10\nCanned black beans,School pantry,5\nrice,school pantry,12\nRice,Church closet,3\n'),
			null,
			true
		);
		expect(same.committed).toBe(false);
		expect(rowsOf(same)).toEqual([
			[2, 'new', []],
			[3, 'new', []],
			[4, 'error', [{ field: 'item', code: 'invalid' }]],
			[5, 'new', []]
		]);
		// One item by its name and then by its barcode; one place left empty (the form's place) and then named.
		const file = [
			'Item,Barcode,Location,Quantity',
			'Corn tortillas,,Church closet,4',
			',7501000111206,Church closet,6',
			'Rice,,,7',
			'Rice,,School pantry,8'
		].join('\n');
		const resolved = await run(bytes(file), p.placeId, true);
		expect(resolved.committed).toBe(false);
		expect(rowsOf(resolved)).toEqual([
			[2, 'new', []],
			[3, 'error', [{ field: 'item', code: 'invalid' }]],
			[4, 'new', []],
			[5, 'error', [{ field: 'item', code: 'invalid' }]]
		]);
		expect(await counts()).toEqual(before);
	});

	it('sets each level to the number counted (the ledger records the difference), and the same file again changes nothing', async () => {
		// What was on the shelves before the spreadsheet: 10 rice at the school, 3 soap at the church.
		await stock(t.ctx, steward, p.placeId, [[p.items.rice, '10']]);
		await stock(t.ctx, steward, closet, [[p.items.soap, '3']]);
		t.clock.advance(MINUTE);
		const file = [
			'Item,Size,Barcode,Location,Quantity',
			// No place: the one chosen on the form (the school).
			'Rice,,,,40',
			'Canned black beans,,,School pantry,"1,200"',
			'Diapers,Size 4,,Church closet,48',
			',,7501000111206,Church closet,15',
			'Bar soap,,,church closet,9'
		].join('\n');
		const before = await counts();
		const preview = await run(bytes(file), p.placeId, false);
		expect(preview.committed).toBe(false);
		expect(preview.rows.map((r) => [r.line, r.status, r.label])).toEqual([
			[2, 'new', 'Rice @ School pantry: 40'],
			[3, 'new', 'Canned black beans @ School pantry: 1200'],
			[4, 'new', 'Diapers · Size 4 @ Church closet: 48'],
			[5, 'new', '7501000111206 @ Church closet: 15'],
			[6, 'new', 'Bar soap @ church closet: 9']
		]);
		// The preview wrote nothing.
		expect(await counts()).toEqual(before);
		expect(await levels(t.ctx, p.placeId)).toEqual({ [p.items.rice]: 10 });
		expect(await levels(t.ctx, closet)).toEqual({ [p.items.soap]: 3 });

		const done = await run(bytes(file), p.placeId, true);
		expect(done.committed).toBe(true);
		expect(done.counts).toEqual({ new: 5, existing: 0, repeats: 0, errors: 0 });
		expect(await levels(t.ctx, p.placeId)).toEqual({ [p.items.rice]: 40, [p.items.beans]: 1200 });
		expect(await levels(t.ctx, closet)).toEqual({ [p.items.soap]: 9, [diapers4]: 48, [tortillas]: 15 });
		// One stock-take per place, each line the difference from what the shelf held.
		expect(await counts()).toEqual({ batches: before.batches + 2, movements: before.movements + 5, donations: before.donations });
		const lines = async (placeId: string) => {
			const [batch] = (await listLedger(t.ctx, steward.actor, steward.access, { locationId: placeId }, 1)).items;
			return { kind: batch?.kind, note: batch?.note, lines: (batch?.lines ?? []).map((l) => [l.itemId, l.kind, l.quantity]).sort() };
		};
		expect(await lines(p.placeId)).toEqual({
			kind: 'count',
			note: 'import',
			lines: [
				[p.items.rice, 'count', 30],
				[p.items.beans, 'count', 1200]
			].sort()
		});
		expect(await lines(closet)).toEqual({
			kind: 'count',
			note: 'import',
			lines: [
				[p.items.soap, 'count', 6],
				[diapers4, 'count', 48],
				[tortillas, 'count', 15]
			].sort()
		});
		await expectNoDrift(t.ctx);

		// The same file again: every shelf already holds its number, so nothing is new and nothing is written.
		t.clock.advance(MINUTE);
		const batchesBefore = await t.ctx.db
			.selectFrom('stock_batches')
			.select((eb) => eb.fn.countAll().as('n'))
			.executeTakeFirstOrThrow();
		const second = await run(bytes(file), p.placeId, false);
		expect(second.counts).toEqual({ new: 0, existing: 5, repeats: 0, errors: 0 });
		const again = await run(bytes(file), p.placeId, true);
		expect(again.committed).toBe(true);
		expect(again.counts).toEqual({ new: 0, existing: 5, repeats: 0, errors: 0 });
		expect(await levels(t.ctx, p.placeId)).toEqual({ [p.items.rice]: 40, [p.items.beans]: 1200 });
		expect(await levels(t.ctx, closet)).toEqual({ [p.items.soap]: 9, [diapers4]: 48, [tortillas]: 15 });
		const batchesAfter = await t.ctx.db
			.selectFrom('stock_batches')
			.select((eb) => eb.fn.countAll().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(batchesAfter.n)).toBe(Number(batchesBefore.n));

		// One shelf changed since: only that row is new, and the stock-take records only its difference.
		await adjustStock(t.ctx, steward.actor, steward.access, adjustInput(closet, p.items.soap, '2', { direction: 'out', reason: 'damaged' }), 'en');
		t.clock.advance(MINUTE);
		const third = await run(bytes(file), p.placeId, true);
		expect(third.counts).toEqual({ new: 1, existing: 4, repeats: 0, errors: 0 });
		expect(await levels(t.ctx, closet)).toEqual({ [p.items.soap]: 9, [diapers4]: 48, [tortillas]: 15 });
		expect((await lines(closet)).lines.map(([, , q]) => q)).toEqual([2]);
		await expectNoDrift(t.ctx);
	});

	it('needs a place for every row: a column, or one chosen on the form', async () => {
		const missing = await fileError(run(bytes('Item,Quantity\nRice,4\n'), null, false));
		expect([missing.code, missing.detail.missing]).toEqual(['csv_columns', ['location']]);
		const nothing = await fileError(run(bytes('What,How many\nRice,4\n'), null, false));
		expect([nothing.code, nothing.detail.missing]).toEqual(['csv_columns', ['item', 'location', 'quantity']]);
		// With the form's place the column may be left out (41: the shelf holds 40 after the test above).
		const r = await run(bytes('Item,Quantity\nRice,41\n'), p.placeId, false);
		expect(rowsOf(r)).toEqual([[2, 'new', []]]);
		expect(r.rows[0]?.label).toBe('Rice @ School pantry: 41');
		// An empty cell without a place on the form.
		expect(rowsOf(await run(bytes('Item,Location,Quantity\nRice,,40\n'), null, false))).toEqual([[2, 'error', [{ field: 'location', code: 'required' }]]]);
		expect(await outcome(run(bytes('Item,Quantity\nRice,40\n'), 'no-such-place', false))).toBe('location_unknown');
	});

	it('is for those who run the pantry: a neighbour is refused', async () => {
		const before = await counts();
		await expect(run(bytes('Item,Location,Quantity\nRice,School pantry,1\n'), null, true, n1)).rejects.toBeInstanceOf(PolicyError);
		expect(await counts()).toEqual(before);
	});

	it('works per network: another network’s places and items are unknown here', async () => {
		const net = await addNetwork(t.ctx, c);
		const s = await asPerson(t.ctx, c.steward, net.slug);
		const r = await run(bytes('Item,Location,Quantity\nRice,School pantry,1\n'), null, false, s);
		expect(rowsOf(r)).toEqual([
			[
				2,
				'error',
				[
					{ field: 'item', code: 'item_unknown' },
					{ field: 'location', code: 'location_unknown' }
				]
			]
		]);
	});
});

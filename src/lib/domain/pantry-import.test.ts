import { describe, expect, it } from 'vitest';
import { normalizeHeader, parseCsv } from './csv';
import { ITEM_CATEGORIES, ITEM_UNITS } from './pantry-catalogue';
import { ITEM_COLUMNS, MAX_QUANTITY, STOCK_COLUMNS, parseWholeQuantity, readItemRows, readStockRows } from './pantry-import';

function csv(text: string) {
	const parsed = parseCsv(text);
	if (!parsed.ok) throw new Error(parsed.code);
	return parsed;
}

function items(text: string, languages: readonly string[] = ['en', 'es']) {
	const { header, rows } = csv(text);
	return readItemRows(header, rows, languages);
}

function itemRows(text: string, languages: readonly string[] = ['en', 'es']) {
	const r = items(text, languages);
	if (!r.ok) throw new Error(`columns: missing ${r.missing.join()} duplicate ${r.duplicate.join()}`);
	return r.rows;
}

function stock(text: string, defaultLocation = false) {
	const { header, rows } = csv(text);
	return readStockRows(header, rows, { defaultLocation });
}

function stockRows(text: string, defaultLocation = false) {
	const r = stock(text, defaultLocation);
	if (!r.ok) throw new Error(`columns: missing ${r.missing.join()} duplicate ${r.duplicate.join()}`);
	return r.rows;
}

describe('column names', () => {
	it('are written as normalizeHeader leaves them, so every lookup compares like with like', () => {
		for (const aliases of [...Object.values(ITEM_COLUMNS), ...Object.values(STOCK_COLUMNS)]) {
			for (const alias of aliases) expect(normalizeHeader(alias)).toBe(alias);
		}
	});
});

describe('parseWholeQuantity', () => {
	it('reads whole numbers, with or without thousands groups', () => {
		expect(parseWholeQuantity('0')).toBe(0);
		expect(parseWholeQuantity(' 24 ')).toBe(24);
		expect(parseWholeQuantity('007')).toBe(7);
		expect(parseWholeQuantity('1,200')).toBe(1200);
		expect(parseWholeQuantity('1.200')).toBe(1200);
		expect(parseWholeQuantity('1 200')).toBe(1200);
		expect(parseWholeQuantity('1\u202f200')).toBe(1200);
		expect(parseWholeQuantity('1,000,000')).toBe(MAX_QUANTITY);
	});

	it('refuses signs, decimals, exponents, words and mixed or short groups', () => {
		for (const text of [
			'',
			' ',
			'-3',
			'+3',
			'2.5',
			'2,5',
			'2.50',
			'12.0',
			'abc',
			'1e3',
			'1,20',
			'1,2000',
			',200',
			'1,200.500',
			'1.200,5',
			'1,200 300',
			'3 cans',
			'½',
			'٣'
		]) {
			expect(parseWholeQuantity(text), JSON.stringify(text)).toBeNull();
		}
	});

	it('refuses more than a million, which is a typo in any pantry', () => {
		expect(parseWholeQuantity('1000001')).toBeNull();
		expect(parseWholeQuantity('99999999999999999999')).toBeNull();
	});
});

describe('readItemRows', () => {
	it('reads an English item list, with codes or words for category and unit', () => {
		const rows = itemRows('Name,Category,Unit,Size,Barcode,Min\nRice,Dry goods,bags,,012345678905,20\nDiapers,baby,pack,4,,\n');
		expect(rows).toEqual([
			{
				line: 2,
				name: 'Rice',
				names: { en: 'Rice' },
				category: 'dry_goods',
				unit: 'bag',
				size: null,
				barcode: '012345678905',
				minLevel: 20,
				problems: [],
				repeatOf: null
			},
			{
				line: 3,
				name: 'Diapers',
				names: { en: 'Diapers' },
				category: 'baby',
				unit: 'pack',
				size: '4',
				barcode: null,
				minLevel: null,
				problems: [],
				repeatOf: null
			}
		]);
	});

	it('reads a Spanish spreadsheet: accented headers, `;` delimiters, Spanish words in any case', () => {
		const rows = itemRows('Artículo;Categoría;Unidad;Talla;Código de barras;Mínimo\nFrijoles negros;CONSERVAS;Lata;;;1.200\nCalcetines;Ropa;pares;M;;\n', [
			'es',
			'en'
		]);
		expect(rows.map((r) => [r.name, r.names, r.category, r.unit, r.size, r.minLevel, r.problems])).toEqual([
			['Frijoles negros', { es: 'Frijoles negros' }, 'canned_food', 'can', null, 1200, []],
			['Calcetines', { es: 'Calcetines' }, 'clothing', 'pair', 'M', null, []]
		]);
	});

	it('accepts category codes as written and accent-free Spanish words', () => {
		const rows = itemRows('name,category\nA,canned_food\nB,school_supplies\nC,Útiles escolares\nD,higiene\nE,Canned food\n');
		expect(rows.map((r) => r.category)).toEqual(['canned_food', 'school_supplies', 'school_supplies', 'hygiene', 'canned_food']);
	});

	it('reads every category and unit code as itself, so no word of another choice shadows it', () => {
		const categories = itemRows(['name,category', ...ITEM_CATEGORIES.map((c) => `x,${c}`)].join('\n'));
		expect(categories.map((r) => r.category)).toEqual([...ITEM_CATEGORIES]);
		const units = itemRows(['name,category,unit', ...ITEM_UNITS.map((u) => `x,other,${u.toUpperCase()}`)].join('\n'));
		expect(units.map((r) => r.unit)).toEqual([...ITEM_UNITS]);
		expect(itemRows('name,category,unit\nTuna,canned,cans\nTuna,canned,latas\nSoap,hygiene,each\n').map((r) => r.unit)).toEqual(['can', 'can', 'piece']);
	});

	it('defaults the unit to piece when the column is absent or the cell empty', () => {
		expect(itemRows('name,category\nBackpack,school supplies\n')[0]?.unit).toBe('piece');
		expect(itemRows('name,category,unit\nBackpack,school supplies,\n')[0]?.unit).toBe('piece');
	});

	it('names the columns it cannot find and those given twice', () => {
		expect(items('Qty,Where\n3,Pantry\n')).toEqual({ ok: false, missing: ['name', 'category'], duplicate: [] });
		expect(items('Name,Nombre,Category\nRice,Arroz,food\n')).toEqual({ ok: false, missing: [], duplicate: ['name'] });
		expect(items('Name,Category,Tipo\nRice,dry goods,x\n')).toEqual({ ok: false, missing: [], duplicate: ['category'] });
		// Two columns for one language leave the same doubt as two name columns.
		expect(items('Name,Name_es,Nombre (es),Category\nRice,Arroz,Arroz,dry goods\n')).toEqual({ ok: false, missing: [], duplicate: ['name'] });
	});

	it('reports every problem of every row, by line', () => {
		const rows = itemRows(
			[
				'Name,Category,Unit,Size,Barcode,Min',
				',dry goods,,,,', // no name
				'Rice,groceries,,,,', // not a category
				'Rice,dry goods,sack of 5,,,', // not a unit
				'Rice,dry goods,,extra extra extra large,,', // size over 20
				'Rice,dry goods,,,7.50101E+11,', // a barcode a spreadsheet rewrote
				'Rice,dry goods,,,12345,', // too short for a barcode
				'Rice,dry goods,,,,2.5', // half a minimum
				'Rice,dry goods,,,,-3',
				'Rice,,,,,' // no category
			].join('\n')
		);
		expect(rows.map((r) => [r.line, r.problems])).toEqual([
			[2, [{ field: 'name', code: 'required' }]],
			[3, [{ field: 'category', code: 'invalid_choice' }]],
			[4, [{ field: 'unit', code: 'invalid_choice' }]],
			[5, [{ field: 'size', code: 'too_long' }]],
			[6, [{ field: 'barcode', code: 'invalid' }]],
			[7, [{ field: 'barcode', code: 'invalid' }]],
			[8, [{ field: 'minLevel', code: 'quantity_invalid' }]],
			[9, [{ field: 'minLevel', code: 'quantity_invalid' }]],
			[10, [{ field: 'category', code: 'required' }]]
		]);
		expect(rows[1]?.category).toBeNull();
		expect(rows[2]?.unit).toBeNull();
		expect(rows[6]?.minLevel).toBeNull();
	});

	it('refuses a 100-character name and accepts one of 80', () => {
		const long = 'x'.repeat(100);
		const rows = itemRows(`name,name_es,category\n${long},${long},other\n${'y'.repeat(80)},,other\n`);
		expect(rows[0]?.problems).toEqual([
			{ field: 'name', code: 'too_long' },
			{ field: 'name_es', code: 'too_long' }
		]);
		expect(rows[1]?.problems).toEqual([]);
	});

	it('reads a name per network language from name_<lang>, name <lang>, nombre <lang> and Name (<lang>) columns', () => {
		for (const header of ['Name_es', 'name es', 'Nombre ES', 'Name (es)', 'Nombre [es]']) {
			const rows = itemRows(`Name,${header},Category\nRice,Arroz,dry goods\n`);
			expect(rows[0]?.names, header).toEqual({ en: 'Rice', es: 'Arroz' });
			expect(rows[0]?.name).toBe('Rice');
		}
	});

	it('gives the first language the default name when its own column is absent or empty', () => {
		const rows = itemRows('Name,Name (en),Name (es),Category\nRice,,Arroz,dry goods\nBeans,Dry beans,,dry goods\n');
		expect(rows.map((r) => [r.name, r.names])).toEqual([
			['Rice', { en: 'Rice', es: 'Arroz' }],
			['Beans', { en: 'Dry beans' }]
		]);
	});

	it('takes the first language’s column as the default name when there is no plain name column', () => {
		const rows = itemRows('Name (en),Name (es),Category\nRice,Arroz,dry goods\n,Frijoles,dry goods\n');
		expect(rows.map((r) => [r.name, r.names, r.problems])).toEqual([
			['Rice', { en: 'Rice', es: 'Arroz' }, []],
			['', { es: 'Frijoles' }, [{ field: 'name', code: 'required' }]]
		]);
		// Only the first language stands in: a Spanish column alone in an English-first network does not.
		expect(items('Name (es),Category\nArroz,dry goods\n')).toEqual({ ok: false, missing: ['name'], duplicate: [] });
	});

	it('skips a column for a language the network does not use, and keeps a bracketed note on the name column', () => {
		expect(itemRows('Name,Name (fr),name_vi,Category\nRice,Riz,Gạo,dry goods\n')[0]?.names).toEqual({ en: 'Rice' });
		expect(itemRows('Name (required),Category\nRice,dry goods\n')[0]?.name).toBe('Rice');
	});

	it('marks a later row with the same name and size as a repeat of the first', () => {
		const rows = itemRows('name,category,size\nRice,dry goods,\n RICE ,dry goods,\nrice,dry goods,5 lb\nSocks,clothing,M\nsocks,clothing,m\n');
		expect(rows.map((r) => r.repeatOf)).toEqual([null, 2, null, null, 5]);
	});
});

describe('readStockRows', () => {
	it('reads items by name and size or by barcode, with their place and quantity', () => {
		expect(stockRows('Item,Size,Barcode,Location,Quantity\nRice,,,Pantry,"1,200"\nDiapers,4,,Closet,12\n,,012345678905,Pantry,0\n')).toEqual([
			{ line: 2, item: 'Rice', size: null, barcode: null, location: 'Pantry', quantity: 1200, problems: [], repeatOf: null },
			{ line: 3, item: 'Diapers', size: '4', barcode: null, location: 'Closet', quantity: 12, problems: [], repeatOf: null },
			{ line: 4, item: null, size: null, barcode: '012345678905', location: 'Pantry', quantity: 0, problems: [], repeatOf: null }
		]);
	});

	it('reads Spanish headers in a `;`-delimited file with Spanish thousands', () => {
		const rows = stockRows('Artículo;Talla;Ubicación;Cantidad\nArroz;;Despensa;1.200\nPañales;3;Ropero;40\n');
		expect(rows.map((r) => [r.item, r.size, r.location, r.quantity, r.problems])).toEqual([
			['Arroz', null, 'Despensa', 1200, []],
			['Pañales', '3', 'Ropero', 40, []]
		]);
	});

	it('names the columns it cannot find and those given twice', () => {
		expect(stock('Shelf,How many\nTop,3\n')).toEqual({ ok: false, missing: ['item', 'location', 'quantity'], duplicate: [] });
		expect(stock('Barcode,Location,Quantity\n012345678905,Pantry,3\n')).toMatchObject({ ok: true });
		expect(stock('Item,Quantity\nRice,3\n')).toEqual({ ok: false, missing: ['location'], duplicate: [] });
		expect(stock('Item,Quantity,Cantidad,Location\nRice,3,3,Pantry\n')).toEqual({ ok: false, missing: [], duplicate: ['quantity'] });
		expect(stock('Item,Nombre,Quantity\nRice,Arroz,3\n', true)).toEqual({ ok: false, missing: [], duplicate: ['item'] });
	});

	it('allows no location column or an empty cell when the caller has a default place', () => {
		expect(stockRows('Item,Quantity\nRice,3\n', true)[0]).toMatchObject({ location: null, problems: [] });
		expect(stockRows('Item,Location,Quantity\nRice,,3\n', true)[0]).toMatchObject({ location: null, problems: [] });
		expect(stockRows('Item,Location,Quantity\nRice,,3\n', false)[0]?.problems).toEqual([{ field: 'location', code: 'required' }]);
	});

	it('reports every problem of every row, by line', () => {
		const rows = stockRows(
			[
				'Item,Size,Barcode,Location,Quantity',
				',,,Pantry,3', // which item?
				'Rice,,,Pantry,', // how many?
				'Rice,,,Pantry,-3',
				'Rice,,,Pantry,2.5',
				'Rice,,,Pantry,abc',
				'Rice,,,Pantry,1e3',
				`${'x'.repeat(100)},,,Pantry,3`,
				`Rice,,,${'p'.repeat(81)},3`,
				'Socks,extra extra extra large,,Closet,3',
				'Rice,,012345678901234,Pantry,3'
			].join('\n')
		);
		expect(rows.map((r) => [r.line, r.problems])).toEqual([
			[2, [{ field: 'item', code: 'required' }]],
			[3, [{ field: 'quantity', code: 'required' }]],
			[4, [{ field: 'quantity', code: 'quantity_invalid' }]],
			[5, [{ field: 'quantity', code: 'quantity_invalid' }]],
			[6, [{ field: 'quantity', code: 'quantity_invalid' }]],
			[7, [{ field: 'quantity', code: 'quantity_invalid' }]],
			[8, [{ field: 'item', code: 'too_long' }]],
			[9, [{ field: 'location', code: 'too_long' }]],
			[10, [{ field: 'size', code: 'too_long' }]],
			[11, [{ field: 'barcode', code: 'too_long' }]]
		]);
		expect(rows.slice(1, 6).map((r) => r.quantity)).toEqual([null, null, null, null, null]);
	});

	it('marks a later row for the same item in the same place as a repeat of the first', () => {
		const rows = stockRows(
			[
				'Item,Size,Barcode,Location,Quantity',
				'Rice,,,Pantry,10',
				'rice ,,,PANTRY,4', // the same shelf, typed differently
				'Rice,,,Car,4', // another place
				'Socks,M,,Closet,5',
				'Socks,L,,Closet,5', // another size
				',,012345678905,Pantry,1',
				',,012345678905,Pantry,2',
				',,,Pantry,1', // no item: nothing to repeat
				',,,Pantry,1'
			].join('\n')
		);
		expect(rows.map((r) => r.repeatOf)).toEqual([null, 2, null, null, null, null, 7, null, null]);
	});

	it('keeps repeats apart per default place when locations are left empty', () => {
		const rows = stockRows('Item,Location,Quantity\nRice,,1\nRice,,2\nRice,Pantry,3\n', true);
		expect(rows.map((r) => r.repeatOf)).toEqual([null, 2, null]);
	});
});

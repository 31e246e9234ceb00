/**
 * Reading a steward's spreadsheet of pantry items, or of the stock on the shelves on day one,
 * into rows to record: pure and row by row, so a preview can show every problem before anything
 * is written. Header names are accepted in English and Spanish, and choices (category, unit) as
 * the words people type rather than only our codes. Names are not resolved to ids here; the
 * caller does that against the network's own items and places.
 */
import { headerIndex, normalizeHeader, type CsvRow } from './csv';
import { isSpokenLanguage } from './languages';
import { ITEM_CATEGORIES, ITEM_UNITS, nameKey, type ItemCategory, type ItemUnit } from './pantry-catalogue';

// Aliases are written in normalizeHeader's form (no accents, punctuation as spaces) so they read
// as what is compared; headerIndex normalizes them again, which changes nothing.
export const ITEM_COLUMNS = {
	name: ['name', 'item', 'item name', 'product', 'product name', 'nombre', 'articulo', 'nombre del articulo', 'producto'],
	category: ['category', 'type', 'kind', 'categoria', 'tipo'],
	unit: ['unit', 'units', 'unit of measure', 'uom', 'unidad', 'unidad de medida'],
	size: ['size', 'talla', 'tamano'],
	barcode: ['barcode', 'bar code', 'upc', 'ean', 'gtin', 'codigo de barras'],
	minLevel: [
		'min',
		'minimum',
		'min level',
		'minimum level',
		'low stock at',
		'reorder at',
		'reorder level',
		'minimo',
		'nivel minimo',
		'stock minimo',
		'existencia minima'
	]
} as const satisfies Record<string, readonly string[]>;
export type ItemField = keyof typeof ITEM_COLUMNS;

export const STOCK_COLUMNS = {
	item: ['item', 'name', 'item name', 'product', 'product name', 'articulo', 'nombre', 'nombre del articulo', 'producto'],
	size: ['size', 'talla', 'tamano'],
	barcode: ['barcode', 'bar code', 'upc', 'ean', 'gtin', 'codigo de barras'],
	location: ['location', 'place', 'where', 'stored at', 'ubicacion', 'lugar', 'almacen'],
	quantity: ['quantity', 'qty', 'count', 'amount', 'on hand', 'in stock', 'cantidad', 'existencias', 'existencia']
} as const satisfies Record<string, readonly string[]>;
export type StockField = keyof typeof STOCK_COLUMNS;

export type ItemRowProblem = {
	field: ItemField | `name_${string}`;
	code: 'required' | 'too_long' | 'invalid_choice' | 'quantity_invalid' | 'invalid';
};

export interface ItemRowIn {
	line: number;
	/** The default name, trimmed; '' when the row has none (and a 'required' problem). */
	name: string;
	/** Name per network language; the first language falls back to the default name. */
	names: Record<string, string>;
	category: ItemCategory | null;
	unit: ItemUnit | null;
	size: string | null;
	barcode: string | null;
	minLevel: number | null;
	problems: ItemRowProblem[];
	/** An earlier line of this file with the same name and size (compared by nameKey). */
	repeatOf: number | null;
}

export type StockRowProblem = { field: StockField; code: 'required' | 'too_long' | 'quantity_invalid' };

export interface StockRowIn {
	line: number;
	item: string | null;
	size: string | null;
	barcode: string | null;
	/** null only when the caller allowed a default location and the cell was empty. */
	location: string | null;
	quantity: number | null;
	problems: StockRowProblem[];
	/** An earlier line of this file for the same item in the same place; the caller decides what that means. */
	repeatOf: number | null;
}

/** The largest quantity or minimum level accepted: more than a million of anything in a neighbourhood pantry is a typo. */
export const MAX_QUANTITY = 1_000_000;

// The item and place forms must use the same limits, or an imported row could not be saved
// again after an edit.
const NAME_MAX = 80;
const SIZE_MAX = 20;
const LOCATION_MAX = 80;
const BARCODE_MAX = 14;
// From UPC-E's six data digits (printed without its number-system and check digits) to GTIN-14.
const BARCODE = /^\d{6,14}$/;

// The words people put in a category or unit cell, in normalizeHeader's form. Each code is
// accepted as written too ('canned_food' normalizes to 'canned food').
const CATEGORY_WORDS: Record<ItemCategory, readonly string[]> = {
	canned_food: ['canned', 'canned goods', 'tinned food', 'conservas', 'enlatados', 'comida enlatada', 'alimentos enlatados'],
	dry_goods: ['dry food', 'staples', 'pantry staples', 'abarrotes', 'alimentos secos', 'comida seca', 'granos'],
	fresh_food: ['fresh', 'produce', 'fresh produce', 'perishables', 'alimentos frescos', 'comida fresca', 'frescos', 'perecederos', 'frutas y verduras'],
	drinks: ['drink', 'beverage', 'beverages', 'bebida', 'bebidas'],
	baby: ['baby items', 'baby supplies', 'infant', 'bebe', 'bebes', 'articulos para bebe'],
	hygiene: ['personal care', 'personal hygiene', 'toiletries', 'higiene', 'higiene personal', 'cuidado personal', 'aseo personal'],
	household: ['household goods', 'cleaning', 'cleaning supplies', 'home', 'hogar', 'limpieza', 'articulos de limpieza', 'articulos para el hogar'],
	clothing: ['clothes', 'apparel', 'ropa', 'vestimenta', 'prendas'],
	furniture: ['muebles', 'mobiliario'],
	school_supplies: ['school', 'utiles', 'utiles escolares', 'material escolar'],
	other: ['misc', 'miscellaneous', 'otro', 'otros', 'otra', 'varios']
};

const UNIT_WORDS: Record<ItemUnit, readonly string[]> = {
	can: ['cans', 'tin', 'tins', 'lata', 'latas'],
	bag: ['bags', 'sack', 'bolsa', 'bolsas', 'costal'],
	box: ['boxes', 'carton', 'cartons', 'caja', 'cajas', 'cartones'],
	pack: ['packs', 'package', 'packages', 'packet', 'paquete', 'paquetes'],
	piece: ['pieces', 'each', 'ea', 'unit', 'units', 'item', 'items', 'pc', 'pcs', 'pieza', 'piezas', 'pza', 'unidad', 'unidades'],
	bottle: ['bottles', 'botella', 'botellas'],
	jar: ['jars', 'frasco', 'frascos', 'tarro', 'tarros'],
	pair: ['pairs', 'pr', 'par', 'pares']
};

function choiceLookup<C extends string>(codes: readonly C[], words: Readonly<Record<C, readonly string[]>>): ReadonlyMap<string, C> {
	const map = new Map<string, C>();
	for (const code of codes) for (const word of [code, ...words[code]]) map.set(normalizeHeader(word), code);
	return map;
}

// Built once and never changed after: constants, not state.
const CATEGORY_BY_WORD = choiceLookup(ITEM_CATEGORIES, CATEGORY_WORDS);
const UNIT_BY_WORD = choiceLookup(ITEM_UNITS, UNIT_WORDS);

/**
 * A count typed by a person: digits, optionally grouped in threes by one kind of separator
 * ('1,200', '1.200', '1 200'), from 0 to MAX_QUANTITY. Anything with a decimal part, a sign or
 * an exponent is null, because half a can is always a typo and '1e3' a spreadsheet's rewriting.
 */
export function parseWholeQuantity(text: string): number | null {
	const t = text.trim();
	// Only groups of exactly three count as grouping, so '1,5' and '2.50' (decimals in Spanish
	// and English) are refused instead of read as 15 or 250. The backreference keeps one
	// separator throughout, so '1,200.500' (a decimal) is not read as 1,200,500. Spaces include
	// the no-break spaces Intl number formatting writes.
	if (!/^(?:\d+|\d{1,3}([,. \u00a0\u202f])\d{3}(?:\1\d{3})*)$/u.test(t)) return null;
	const value = Number(t.replace(/[,. \u00a0\u202f]/gu, ''));
	return value <= MAX_QUANTITY ? value : null;
}

/** Item-file header names for a language's own name column: `name es`, `nombre es`, `item es`. */
function languageColumnKeys(languages: readonly string[]): Map<string, string> {
	const keys = new Map<string, string>();
	for (const lang of languages) for (const alias of ITEM_COLUMNS.name) keys.set(normalizeHeader(`${alias} ${lang}`), lang);
	return keys;
}

/**
 * The language a header names a name column for, if any. `Name (es)` is recognised before
 * normalizeHeader, which would strip the bracket and leave a second `name` column; a bracket
 * holding another spoken language (`Name (fr)` in an English and Spanish network) is still a
 * language column, so it is skipped rather than taken for the default name.
 */
function languageOfColumn(raw: string, keys: ReadonlyMap<string, string>, languages: readonly string[]): string | null {
	const direct = keys.get(normalizeHeader(raw));
	if (direct !== undefined) return direct;
	const bracketed = /^(.*?)[\s_-]*[([]\s*([^)\]]*?)\s*[)\]]\s*$/u.exec(raw);
	if (!bracketed) return null;
	const base = normalizeHeader(bracketed[1] ?? '');
	const inner = normalizeHeader(bracketed[2] ?? '');
	if (!ITEM_COLUMNS.name.some((alias) => alias === base)) return null;
	// Anything else in the bracket is a note: `Name (required)` is still the name column.
	const lang = languages.find((l) => normalizeHeader(l) === inner);
	if (lang !== undefined) return lang;
	return isSpokenLanguage(inner) ? inner : null;
}

function cellAt(row: CsvRow, column: number | undefined): string {
	return column === undefined ? '' : (row.cells[column] ?? '').trim();
}

/**
 * Reads item rows. `languages` are the network's languages, first the default: a `name_<lang>`,
 * `name <lang>`, `nombre <lang>` or `Name (<lang>)` column gives that language's name. `name` is
 * the default name (required) and fills the first language's name where that is empty; a file
 * with only language columns takes the first language's column as the default name.
 * Category is required; unit defaults to 'piece'. repeatOf: an earlier line with the same name and size.
 */
export function readItemRows(
	header: readonly string[],
	rows: readonly CsvRow[],
	languages: readonly string[]
): { ok: true; rows: ItemRowIn[] } | { ok: false; missing: ItemField[]; duplicate: ItemField[] } {
	const keys = languageColumnKeys(languages);
	const columnLanguage = header.map((raw) => languageOfColumn(raw, keys, languages));
	const languageColumns = new Map<string, number>();
	let duplicateLanguage = false;
	columnLanguage.forEach((lang, column) => {
		// A language the network does not use is left out, as any unknown column is.
		if (lang === null || !languages.includes(lang)) return;
		if (languageColumns.has(lang)) duplicateLanguage = true;
		else languageColumns.set(lang, column);
	});
	// Language columns are hidden from headerIndex (it skips empty names), so `Name (es)`
	// beside `Name` is not taken for a second default-name column.
	const plainHeader = header.map((raw, column) => (columnLanguage[column] === null ? raw : ''));
	const first = languages[0];
	const firstColumn = first === undefined ? undefined : languageColumns.get(first);
	const required: ItemField[] = firstColumn === undefined ? ['name', 'category'] : ['category'];

	const found = headerIndex(plainHeader, ITEM_COLUMNS, required);
	if (!found.ok || duplicateLanguage) {
		const missing = found.ok ? [] : found.missing;
		const duplicate = found.ok ? [] : found.duplicate;
		// Two columns for one language are as ambiguous as two name columns.
		if (duplicateLanguage && !duplicate.includes('name')) duplicate.unshift('name');
		return { ok: false, missing, duplicate };
	}
	const col = found.index;
	const nameColumn = col.name ?? firstColumn;

	const seen = new Map<string, number>();
	const out: ItemRowIn[] = [];
	for (const r of rows) {
		const problems: ItemRowProblem[] = [];

		const name = cellAt(r, nameColumn);
		if (name === '') problems.push({ field: 'name', code: 'required' });
		else if (name.length > NAME_MAX) problems.push({ field: 'name', code: 'too_long' });

		const names: Record<string, string> = {};
		for (const [lang, column] of languageColumns) {
			const text = cellAt(r, column);
			if (text === '') continue;
			names[lang] = text;
			if (text.length > NAME_MAX) problems.push({ field: `name_${lang}`, code: 'too_long' });
		}
		// Without a name in the default language, every reader of that language would see
		// whichever other language happened to come first.
		if (first !== undefined && names[first] === undefined && name !== '') names[first] = name;

		const categoryCell = cellAt(r, col.category);
		const category = categoryCell === '' ? null : (CATEGORY_BY_WORD.get(normalizeHeader(categoryCell)) ?? null);
		if (categoryCell === '') problems.push({ field: 'category', code: 'required' });
		else if (category === null) problems.push({ field: 'category', code: 'invalid_choice' });

		const unitCell = cellAt(r, col.unit);
		const unit = unitCell === '' ? 'piece' : (UNIT_BY_WORD.get(normalizeHeader(unitCell)) ?? null);
		if (unit === null) problems.push({ field: 'unit', code: 'invalid_choice' });

		const sizeCell = cellAt(r, col.size);
		if (sizeCell.length > SIZE_MAX) problems.push({ field: 'size', code: 'too_long' });

		const barcodeCell = cellAt(r, col.barcode);
		// Digits only: a spreadsheet that rewrote a UPC as '7.50101E+11' has lost digits, and
		// guessing them back would attach donations to the wrong item.
		if (barcodeCell !== '' && !BARCODE.test(barcodeCell)) problems.push({ field: 'barcode', code: 'invalid' });

		const minCell = cellAt(r, col.minLevel);
		const minLevel = minCell === '' ? null : parseWholeQuantity(minCell);
		if (minCell !== '' && minLevel === null) problems.push({ field: 'minLevel', code: 'quantity_invalid' });

		let repeatOf: number | null = null;
		if (name !== '') {
			// The same key as the database's unique (name_key, size_key), so a repeat here is
			// exactly what would collide there.
			const key = `${nameKey(name)}\u0000${nameKey(sizeCell)}`;
			const earlier = seen.get(key);
			if (earlier !== undefined) repeatOf = earlier;
			else seen.set(key, r.line);
		}

		out.push({
			line: r.line,
			name,
			names,
			category,
			unit,
			size: sizeCell === '' ? null : sizeCell,
			barcode: barcodeCell === '' ? null : barcodeCell,
			minLevel,
			problems,
			repeatOf
		});
	}
	return { ok: true, rows: out };
}

function hasColumn(header: readonly string[], aliases: readonly string[]): boolean {
	return header.some((raw) => aliases.some((alias) => alias === normalizeHeader(raw)));
}

/**
 * Reads opening-stock rows: an item by name (with an optional size) or by barcode, a location by
 * name (may be empty when `defaultLocation`), and a whole quantity per parseWholeQuantity.
 * repeatOf: an earlier line naming the same item, size and barcode in the same location.
 */
export function readStockRows(
	header: readonly string[],
	rows: readonly CsvRow[],
	opts: { defaultLocation: boolean }
): { ok: true; rows: StockRowIn[] } | { ok: false; missing: StockField[]; duplicate: StockField[] } {
	const required: StockField[] = opts.defaultLocation ? ['quantity'] : ['location', 'quantity'];
	const found = headerIndex(header, STOCK_COLUMNS, required);
	// Either column can say which item a row is, so neither is required on its own; with
	// neither, the missing one to name is the item.
	const noItemColumn = !hasColumn(header, STOCK_COLUMNS.item) && !hasColumn(header, STOCK_COLUMNS.barcode);
	if (!found.ok || noItemColumn) {
		const missing: StockField[] = found.ok ? [] : [...found.missing];
		if (noItemColumn) missing.unshift('item');
		return { ok: false, missing, duplicate: found.ok ? [] : found.duplicate };
	}
	const col = found.index;

	const seen = new Map<string, number>();
	const out: StockRowIn[] = [];
	for (const r of rows) {
		const problems: StockRowProblem[] = [];

		const item = cellAt(r, col.item);
		const barcode = cellAt(r, col.barcode);
		if (item === '' && barcode === '') problems.push({ field: 'item', code: 'required' });
		if (item.length > NAME_MAX) problems.push({ field: 'item', code: 'too_long' });
		if (barcode.length > BARCODE_MAX) problems.push({ field: 'barcode', code: 'too_long' });

		const size = cellAt(r, col.size);
		if (size.length > SIZE_MAX) problems.push({ field: 'size', code: 'too_long' });

		const location = cellAt(r, col.location);
		if (location === '' && !opts.defaultLocation) problems.push({ field: 'location', code: 'required' });
		else if (location.length > LOCATION_MAX) problems.push({ field: 'location', code: 'too_long' });

		const quantityCell = cellAt(r, col.quantity);
		const quantity = quantityCell === '' ? null : parseWholeQuantity(quantityCell);
		if (quantityCell === '') problems.push({ field: 'quantity', code: 'required' });
		else if (quantity === null) problems.push({ field: 'quantity', code: 'quantity_invalid' });

		let repeatOf: number | null = null;
		if (item !== '' || barcode !== '') {
			// Names compare as the item and place tables compare them (nameKey), so 'Rice' at
			// 'Pantry' and 'rice ' at 'pantry' are one shelf.
			const key = [nameKey(item), nameKey(size), barcode, nameKey(location)].join('\u0000');
			const earlier = seen.get(key);
			if (earlier !== undefined) repeatOf = earlier;
			else seen.set(key, r.line);
		}

		out.push({
			line: r.line,
			item: item === '' ? null : item,
			size: size === '' ? null : size,
			barcode: barcode === '' ? null : barcode,
			location: location === '' ? null : location,
			quantity,
			problems,
			repeatOf
		});
	}
	return { ok: true, rows: out };
}

/**
 * The vocabulary of a pantry and clothing closet: item categories, counting units, kinds of
 * place, and a starter catalogue a new network can adopt instead of typing forty items by hand.
 * Pure: the catalogue is data, and the name helpers decide when two spellings are one item.
 */

export const ITEM_CATEGORIES = [
	'canned_food',
	'dry_goods',
	'fresh_food',
	'drinks',
	'baby',
	'hygiene',
	'household',
	'clothing',
	'furniture',
	'school_supplies',
	'other'
] as const;
export type ItemCategory = (typeof ITEM_CATEGORIES)[number];

export const ITEM_UNITS = ['can', 'bag', 'box', 'pack', 'piece', 'bottle', 'jar', 'pair'] as const;
export type ItemUnit = (typeof ITEM_UNITS)[number];

export const LOCATION_KINDS = ['pantry', 'closet', 'storage', 'car', 'other'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export interface StarterItem {
	/** Stable kebab-case id, stored as `starter_code` so a later catalogue update can find what was adopted. */
	code: string;
	names: { en: string; es: string };
	category: ItemCategory;
	unit: ItemUnit;
	size: string | null;
	/** Level below which a steward is told to restock; null where running out is not urgent. */
	minLevel: number | null;
}

// Spanish names use the words of the Mexican and Central American families most US school
// pantries serve ("frijoles", "crema de cacahuate", "jabón para trastes"), with the wider word
// beside it where the regions differ, so a family from elsewhere still recognises the item.
// Sizes are left null on food because can and bag sizes vary with every donation; only
// things a family chooses by size (diapers, socks, coats) carry one.
function diapers(size: string): StarterItem {
	return { code: `diapers-${size}`, names: { en: 'Diapers', es: 'Pañales' }, category: 'baby', unit: 'pack', size, minLevel: 4 };
}

function socks(size: string): StarterItem {
	return { code: `socks-${size.toLowerCase()}`, names: { en: 'Socks', es: 'Calcetines' }, category: 'clothing', unit: 'pair', size, minLevel: null };
}

function winterCoat(size: string): StarterItem {
	return {
		code: `winter-coat-kids-${size.toLowerCase()}`,
		names: { en: 'Kids winter coat', es: 'Abrigo de invierno infantil' },
		category: 'clothing',
		unit: 'piece',
		size,
		minLevel: null
	};
}

/** What a school pantry and clothing closet commonly stock; a network adopts it in one step. */
export const STARTER_CATALOGUE: readonly StarterItem[] = [
	{ code: 'rice', names: { en: 'Rice', es: 'Arroz' }, category: 'dry_goods', unit: 'bag', size: null, minLevel: 20 },
	{ code: 'dry-beans', names: { en: 'Dry beans', es: 'Frijoles secos' }, category: 'dry_goods', unit: 'bag', size: null, minLevel: 20 },
	{
		code: 'canned-black-beans',
		names: { en: 'Canned black beans', es: 'Frijoles negros en lata' },
		category: 'canned_food',
		unit: 'can',
		size: null,
		minLevel: 24
	},
	{
		code: 'canned-pinto-beans',
		names: { en: 'Canned pinto beans', es: 'Frijoles pintos en lata' },
		category: 'canned_food',
		unit: 'can',
		size: null,
		minLevel: 24
	},
	{ code: 'canned-tuna', names: { en: 'Canned tuna', es: 'Atún en lata' }, category: 'canned_food', unit: 'can', size: null, minLevel: 24 },
	{ code: 'canned-chicken', names: { en: 'Canned chicken', es: 'Pollo en lata' }, category: 'canned_food', unit: 'can', size: null, minLevel: 12 },
	{ code: 'canned-vegetables', names: { en: 'Canned vegetables', es: 'Verduras en lata' }, category: 'canned_food', unit: 'can', size: null, minLevel: 24 },
	{ code: 'canned-fruit', names: { en: 'Canned fruit', es: 'Fruta en lata' }, category: 'canned_food', unit: 'can', size: null, minLevel: 24 },
	{ code: 'canned-tomatoes', names: { en: 'Canned tomatoes', es: 'Tomates en lata' }, category: 'canned_food', unit: 'can', size: null, minLevel: 12 },
	{ code: 'pasta', names: { en: 'Pasta', es: 'Pasta' }, category: 'dry_goods', unit: 'box', size: null, minLevel: 20 },
	{ code: 'pasta-sauce', names: { en: 'Pasta sauce', es: 'Salsa para pasta' }, category: 'canned_food', unit: 'jar', size: null, minLevel: 12 },
	{ code: 'cooking-oil', names: { en: 'Cooking oil', es: 'Aceite de cocina' }, category: 'dry_goods', unit: 'bottle', size: null, minLevel: 10 },
	{ code: 'flour', names: { en: 'Flour', es: 'Harina de trigo' }, category: 'dry_goods', unit: 'bag', size: null, minLevel: 10 },
	{
		code: 'masa-harina',
		names: { en: 'Masa harina', es: 'Harina de maíz nixtamalizado (masa)' },
		category: 'dry_goods',
		unit: 'bag',
		size: null,
		minLevel: 10
	},
	{ code: 'sugar', names: { en: 'Sugar', es: 'Azúcar' }, category: 'dry_goods', unit: 'bag', size: null, minLevel: null },
	{ code: 'oats', names: { en: 'Oats', es: 'Avena' }, category: 'dry_goods', unit: 'box', size: null, minLevel: 10 },
	{ code: 'cereal', names: { en: 'Cereal', es: 'Cereal' }, category: 'dry_goods', unit: 'box', size: null, minLevel: 12 },
	{ code: 'peanut-butter', names: { en: 'Peanut butter', es: 'Crema de cacahuate (maní)' }, category: 'dry_goods', unit: 'jar', size: null, minLevel: 12 },
	{ code: 'shelf-stable-milk', names: { en: 'Shelf-stable milk', es: 'Leche de larga duración' }, category: 'drinks', unit: 'box', size: null, minLevel: 12 },
	{ code: 'baby-formula', names: { en: 'Baby formula', es: 'Fórmula infantil' }, category: 'baby', unit: 'can', size: null, minLevel: 6 },
	{ code: 'baby-food', names: { en: 'Baby food', es: 'Papilla para bebé' }, category: 'baby', unit: 'jar', size: null, minLevel: null },
	diapers('1'),
	diapers('2'),
	diapers('3'),
	diapers('4'),
	diapers('5'),
	diapers('6'),
	{ code: 'baby-wipes', names: { en: 'Baby wipes', es: 'Toallitas húmedas' }, category: 'baby', unit: 'pack', size: null, minLevel: 6 },
	{ code: 'bar-soap', names: { en: 'Bar soap', es: 'Jabón de barra' }, category: 'hygiene', unit: 'piece', size: null, minLevel: 12 },
	{ code: 'shampoo', names: { en: 'Shampoo', es: 'Champú' }, category: 'hygiene', unit: 'bottle', size: null, minLevel: 6 },
	{ code: 'toothpaste', names: { en: 'Toothpaste', es: 'Pasta de dientes' }, category: 'hygiene', unit: 'piece', size: null, minLevel: 12 },
	{ code: 'toothbrush', names: { en: 'Toothbrush', es: 'Cepillo de dientes' }, category: 'hygiene', unit: 'piece', size: null, minLevel: 12 },
	{ code: 'deodorant', names: { en: 'Deodorant', es: 'Desodorante' }, category: 'hygiene', unit: 'piece', size: null, minLevel: 6 },
	{ code: 'menstrual-pads', names: { en: 'Menstrual pads', es: 'Toallas sanitarias' }, category: 'hygiene', unit: 'pack', size: null, minLevel: 6 },
	{ code: 'toilet-paper', names: { en: 'Toilet paper', es: 'Papel higiénico' }, category: 'household', unit: 'pack', size: null, minLevel: 6 },
	{ code: 'laundry-detergent', names: { en: 'Laundry detergent', es: 'Detergente para ropa' }, category: 'household', unit: 'bottle', size: null, minLevel: 4 },
	{ code: 'dish-soap', names: { en: 'Dish soap', es: 'Jabón para trastes (lavavajillas)' }, category: 'household', unit: 'bottle', size: null, minLevel: 4 },
	// Fresh food goes out the day it comes in, so a low-stock warning would only be noise.
	{
		code: 'fresh-produce-bag',
		names: { en: 'Fresh produce bag', es: 'Bolsa de frutas y verduras frescas' },
		category: 'fresh_food',
		unit: 'bag',
		size: null,
		minLevel: null
	},
	{ code: 'eggs', names: { en: 'Eggs', es: 'Huevos' }, category: 'fresh_food', unit: 'box', size: null, minLevel: null },
	socks('S'),
	socks('M'),
	socks('L'),
	winterCoat('S'),
	winterCoat('M'),
	winterCoat('L'),
	{ code: 'backpack', names: { en: 'Backpack', es: 'Mochila' }, category: 'school_supplies', unit: 'piece', size: null, minLevel: null },
	{ code: 'notebook', names: { en: 'Notebook', es: 'Cuaderno' }, category: 'school_supplies', unit: 'piece', size: null, minLevel: null },
	{ code: 'pencils', names: { en: 'Pencils', es: 'Lápices' }, category: 'school_supplies', unit: 'pack', size: null, minLevel: null }
];

/** A key that makes "Rice ", "rice" and "RICE" the same item name (NFKC, lower case, spaces collapsed). */
export function nameKey(name: string): string {
	// NFKC folds full-width letters and ligatures typed on phones into their plain forms; accents
	// are kept because they can change the word ("papa" and "papá"). toLowerCase, not
	// toLocaleLowerCase: a key must not depend on the server's locale (Turkish dotless i).
	return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The item's name in `locale`, else in English, else the first one given. */
export function itemName(names: Readonly<Record<string, string>>, locale: string): string {
	// 'es-MX' falls back to 'es' before English; own properties only, so a locale such as
	// 'constructor' cannot read Object.prototype. An empty name counts as no name.
	const language = locale.split('-')[0] ?? locale;
	for (const key of [locale, language, 'en']) {
		const name = Object.hasOwn(names, key) ? names[key] : undefined;
		if (name !== undefined && name.trim() !== '') return name;
	}
	return Object.values(names).find((name) => name.trim() !== '') ?? '';
}

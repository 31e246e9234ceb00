import { describe, expect, it } from 'vitest';
import { ITEM_CATEGORIES, ITEM_UNITS, STARTER_CATALOGUE, itemName, nameKey } from './pantry-catalogue';

describe('STARTER_CATALOGUE', () => {
	it('holds about 45 items with unique kebab-case codes', () => {
		expect(STARTER_CATALOGUE.length).toBeGreaterThanOrEqual(40);
		expect(STARTER_CATALOGUE.length).toBeLessThanOrEqual(55);
		const codes = STARTER_CATALOGUE.map((item) => item.code);
		expect(new Set(codes).size).toBe(codes.length);
		for (const code of codes) expect(code).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
	});

	it('names every item in English and Spanish, and no two items share a name and size', () => {
		for (const item of STARTER_CATALOGUE) {
			expect(item.names.en.trim()).not.toBe('');
			expect(item.names.es.trim()).not.toBe('');
			// Within the import's limits, so the catalogue can be exported and imported back.
			expect(item.names.en.length).toBeLessThanOrEqual(80);
			expect(item.names.es.length).toBeLessThanOrEqual(80);
		}
		// The same pair the database keeps unique (name_key, size_key), in both languages.
		for (const lang of ['en', 'es'] as const) {
			const pairs = STARTER_CATALOGUE.map((item) => `${nameKey(item.names[lang])}|${nameKey(item.size ?? '')}`);
			expect(new Set(pairs).size).toBe(pairs.length);
		}
	});

	it('uses only known categories and units, and sensible minimum levels', () => {
		for (const item of STARTER_CATALOGUE) {
			expect(ITEM_CATEGORIES).toContain(item.category);
			expect(ITEM_UNITS).toContain(item.unit);
			if (item.minLevel !== null) {
				expect(Number.isInteger(item.minLevel)).toBe(true);
				expect(item.minLevel).toBeGreaterThan(0);
				expect(item.minLevel).toBeLessThanOrEqual(100);
			}
			if (item.size !== null) expect(item.size.length).toBeLessThanOrEqual(20);
		}
		expect(STARTER_CATALOGUE.find((item) => item.code === 'rice')?.minLevel).toBeGreaterThan(0);
		expect(STARTER_CATALOGUE.find((item) => item.code === 'backpack')?.minLevel).toBeNull();
	});

	it('has one diaper item per size 1 to 6, and socks and kids coats in S, M and L', () => {
		const sizes = (en: string) => STARTER_CATALOGUE.filter((item) => item.names.en === en).map((item) => item.size);
		expect(sizes('Diapers')).toEqual(['1', '2', '3', '4', '5', '6']);
		expect(STARTER_CATALOGUE.find((item) => item.code === 'diapers-4')).toEqual({
			code: 'diapers-4',
			names: { en: 'Diapers', es: 'Pañales' },
			category: 'baby',
			unit: 'pack',
			size: '4',
			minLevel: 4
		});
		expect(sizes('Socks')).toEqual(['S', 'M', 'L']);
		expect(sizes('Kids winter coat')).toEqual(['S', 'M', 'L']);
		expect(STARTER_CATALOGUE.find((item) => item.code === 'socks-m')?.unit).toBe('pair');
	});

	it('covers the staples a school pantry and closet stock', () => {
		const codes = new Set(STARTER_CATALOGUE.map((item) => item.code));
		for (const code of [
			'rice',
			'dry-beans',
			'canned-tuna',
			'masa-harina',
			'baby-formula',
			'baby-wipes',
			'toothpaste',
			'menstrual-pads',
			'toilet-paper',
			'eggs',
			'backpack',
			'pencils'
		]) {
			expect(codes.has(code), code).toBe(true);
		}
	});
});

describe('nameKey', () => {
	it('ignores case, surrounding spaces and runs of spaces', () => {
		expect(nameKey('Rice ')).toBe('rice');
		expect(nameKey('RICE')).toBe('rice');
		expect(nameKey('  canned\t black   beans ')).toBe('canned black beans');
	});

	it('folds compatibility forms (full-width letters, ligatures, no-break spaces) but keeps accents', () => {
		expect(nameKey('Ｒｉｃｅ')).toBe('rice');
		expect(nameKey('ﬂour')).toBe('flour');
		expect(nameKey('Canned\u00a0tuna')).toBe('canned tuna');
		// Decomposed and composed é are one letter after NFKC; "papá" and "papa" stay different words.
		expect(nameKey('Cafe\u0301')).toBe(nameKey('Café'));
		expect(nameKey('Papá')).not.toBe(nameKey('Papa'));
	});
});

describe('itemName', () => {
	const names = { en: 'Rice', es: 'Arroz' };

	it('uses the name in the reader’s language, or its base language', () => {
		expect(itemName(names, 'es')).toBe('Arroz');
		expect(itemName(names, 'es-MX')).toBe('Arroz');
		expect(itemName(names, 'en')).toBe('Rice');
	});

	it('falls back to English, then to the first name given', () => {
		expect(itemName(names, 'vi')).toBe('Rice');
		expect(itemName({ es: 'Arroz', vi: 'Gạo' }, 'fr')).toBe('Arroz');
		expect(itemName({ en: '', es: 'Arroz' }, 'en')).toBe('Arroz');
		expect(itemName({}, 'en')).toBe('');
	});

	it('reads only the names given, never Object.prototype', () => {
		expect(itemName({ es: 'Arroz' }, 'constructor')).toBe('Arroz');
	});
});

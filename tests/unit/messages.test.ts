import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages';
import { ERROR_CODES } from '../../src/lib/server/errors';

const root = fileURLToPath(new URL('../..', import.meta.url));

function readJson(path: string): unknown {
	return JSON.parse(readFileSync(join(root, path), 'utf8'));
}

function field(value: unknown, key: string): unknown {
	return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

const settings = readJson('project.inlang/settings.json');
const locales = field(settings, 'locales');
const baseLocale = field(settings, 'baseLocale');
const pathPatterns = [field(field(settings, 'plugin.inlang.messageFormat'), 'pathPattern')].flat();

function isStringList(value: unknown): value is string[] {
	return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
}

/**
 * Every text a message can show: a plain string, or each variant of a message with selectors
 * (inlang message format: `[{ declarations, selectors, match: { "countPlural=one": "…" } }]`).
 */
function texts(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (!Array.isArray(value)) return [];
	return value.flatMap((variant) => {
		const match = field(variant, 'match');
		return typeof match === 'object' && match !== null ? Object.values(match).filter((t) => typeof t === 'string') : [];
	});
}

/** The inputs a message takes: `{name}` placeholders and declared `input name`s. */
function inputs(value: unknown): string {
	const names = new Set(texts(value).flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((x) => x[1] ?? '')));
	if (Array.isArray(value)) {
		for (const variant of value) {
			const declarations = field(variant, 'declarations');
			if (!Array.isArray(declarations)) continue;
			for (const d of declarations) {
				const name = typeof d === 'string' ? /^input\s+(\w+)/.exec(d)?.[1] : undefined;
				if (name) names.add(name);
			}
		}
	}
	return [...names].sort().join(',');
}

function isEmptyMessage(value: unknown): boolean {
	const all = texts(value);
	return all.length === 0 || all.some((t) => t.trim() === '');
}

/** key → text of one message file; `$schema` is the format's marker, not a message. */
function messageFile(pattern: string, locale: string): Map<string, unknown> {
	const file = readJson(pattern.replace('{locale}', locale));
	if (typeof file !== 'object' || file === null) throw new Error(`${pattern} (${locale}) is not a JSON object`);
	return new Map(Object.entries(file).filter(([key]) => key !== '$schema'));
}

describe('message files', () => {
	it('the inlang project names its locales and message files', () => {
		expect(isStringList(locales), 'settings.json locales').toBe(true);
		expect(isStringList(pathPatterns), 'settings.json plugin.inlang.messageFormat.pathPattern').toBe(true);
		expect(locales).toContain(baseLocale);
	});

	// Without this, a key added in one language shows its raw name to people reading another.
	describe.each(isStringList(pathPatterns) ? pathPatterns : [])('%s', (pattern) => {
		const localeList = isStringList(locales) ? locales : [];
		const files = new Map(localeList.map((locale) => [locale, messageFile(pattern, locale)]));
		const allKeys = [...new Set([...files.values()].flatMap((f) => [...f.keys()]))].sort();

		it.each(localeList)('has every key, non-empty, in %s', (locale) => {
			const file = files.get(locale) ?? new Map<string, unknown>();
			const missing = allKeys.filter((key) => !file.has(key));
			const empty = allKeys.filter((key) => file.has(key) && isEmptyMessage(file.get(key)));
			expect({ missing, empty }, `${pattern.replace('{locale}', locale)}`).toEqual({ missing: [], empty: [] });
		});

		it('uses the same placeholders in every language', () => {
			const mismatched = allKeys.filter((key) => new Set(localeList.map((l) => inputs(files.get(l)?.get(key)))).size > 1);
			expect(mismatched).toEqual([]);
		});
	});

	it('every error code has an error_<code> message in every locale', () => {
		const localeList = isStringList(locales) ? locales : [];
		const patterns = isStringList(pathPatterns) ? pathPatterns : [];
		const missing: string[] = [];
		for (const locale of localeList) {
			const keys = new Set(patterns.flatMap((p) => [...messageFile(p, locale)].filter(([, v]) => !isEmptyMessage(v)).map(([k]) => k)));
			for (const code of ERROR_CODES) if (!keys.has(`error_${code}`)) missing.push(`${locale}: error_${code}`);
		}
		expect(missing).toEqual([]);
	});
});

describe('compiled messages', () => {
	// The Paraglide compiler can fail to load its message-format plugin and still emit a module in
	// which every message is empty; the type check passes and every page is blank. Render a few.
	it('render real text', () => {
		expect(m.app_name()).toBe('Hearth');
		expect(m.nav_signin({}, { locale: 'en' })).toBe('Sign in');
		expect(m.nav_signin({}, { locale: 'es' })).not.toBe('');
		expect(m.nav_signin({}, { locale: 'es' })).not.toBe(m.nav_signin({}, { locale: 'en' }));
	});

	it('fill in parameters', () => {
		expect(m.signed_in_as({ name: 'Rosa' }, { locale: 'en' })).toContain('Rosa');
		expect(m.signed_in_as({ name: 'Rosa' }, { locale: 'es' })).toContain('Rosa');
	});

	it('exist for every error code', () => {
		const compiled = new Map<string, unknown>(Object.entries(m));
		const missing = ERROR_CODES.filter((code) => typeof compiled.get(`error_${code}`) !== 'function');
		expect(missing).toEqual([]);
	});
});

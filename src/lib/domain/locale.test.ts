import { describe, expect, it } from 'vitest';
import { fromAcceptLanguage, negotiateLocale, safeRedirectPath, textDirection } from './locale';

const SUPPORTED = ['en', 'es'] as const;

describe('negotiateLocale', () => {
	it('prefers the saved choice over the cookie and the header', () => {
		expect(negotiateLocale(SUPPORTED, 'en', { saved: 'es', cookie: 'en', acceptLanguage: 'en' })).toBe('es');
	});
	it('falls back to the cookie when nothing is saved', () => {
		expect(negotiateLocale(SUPPORTED, 'en', { saved: null, cookie: 'es', acceptLanguage: 'en-US' })).toBe('es');
	});
	it('uses Accept-Language when there is no saved choice or cookie', () => {
		expect(negotiateLocale(SUPPORTED, 'en', { acceptLanguage: 'es-MX,es;q=0.9,en;q=0.8' })).toBe('es');
	});
	it('ignores unsupported values and uses the default', () => {
		expect(negotiateLocale(SUPPORTED, 'en', { saved: 'so', cookie: 'xx', acceptLanguage: 'so-SO, hmn' })).toBe('en');
	});
});

describe('fromAcceptLanguage', () => {
	it('orders by q-value, not by position', () => {
		expect(fromAcceptLanguage(SUPPORTED, 'en;q=0.4, es;q=0.9')).toBe('es');
	});
	it('matches a regional tag to its base language', () => {
		expect(fromAcceptLanguage(SUPPORTED, 'es-419')).toBe('es');
	});
	it('skips languages refused with q=0', () => {
		expect(fromAcceptLanguage(SUPPORTED, 'es;q=0, fr')).toBeUndefined();
	});
	it('survives garbage', () => {
		expect(fromAcceptLanguage(SUPPORTED, ';;,,q=abc')).toBeUndefined();
	});
});

describe('textDirection', () => {
	it('is rtl for Arabic and ltr for Spanish', () => {
		expect(textDirection('ar')).toBe('rtl');
		expect(textDirection('es')).toBe('ltr');
	});
});

describe('safeRedirectPath', () => {
	it.each([
		['/n/maple-street?tab=pending', '/n/maple-street?tab=pending'],
		['/account', '/account'],
		['https://evil.example/', '/'],
		['//evil.example/path', '/'],
		['/\\evil.example', '/'],
		['javascript:alert(1)', '/'],
		['/ok\u0000', '/'],
		['', '/'],
		[null, '/'],
		// Normalising dot segments and backslashes must not turn a path into another origin.
		['/.//evil.example/x', '/'],
		['/a/..//evil.example/x', '/'],
		['/%2e//evil.example/x', '/'],
		['/%2E//evil.example/x', '/'],
		['/./\\evil.example/x', '/'],
		['/a/../\\evil.example', '/'],
		['/a/b/../..//evil.example', '/'],
		['/.\\/evil.example', '/'],
		['/%2e%2e//evil.example', '/'],
		['/a/./b/../c', '/a/c'],
		['/n/maple-street/../account?x=1#top', '/n/account?x=1#top'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
		['/ok\t', '/'],
		['/ok\u2028', '/ok%E2%80%A8'],
		[' /account', '/'],
		['/account\u007f', '/']
	])('%s → %s', (input, expected) => {
		expect(safeRedirectPath(input)).toBe(expected);
	});

	it('never answers a target another origin could read as its own, for any short mix of the risky pieces', () => {
		const pieces = ['/', '\\', '.', '..', '%2e', '%2f', '%5c', 'evil.example', ':', '@', '?', '#'];
		const base = 'http://hearth.invalid';
		let checked = 0;
		const walk = (prefix: string, depth: number): void => {
			if (depth === 0) return;
			for (const p of pieces) {
				const target = `/${prefix}${p}`;
				const out = safeRedirectPath(target);
				checked += 1;
				// A safe answer is a path on our origin that stays there when a browser resolves it.
				expect(out.startsWith('/') && !out.startsWith('//') && !out.startsWith('/\\'), `${target} → ${out}`).toBe(true);
				expect(new URL(out, base).origin, `${target} → ${out}`).toBe(base);
				walk(`${prefix}${p}`, depth - 1);
			}
		};
		walk('', 4);
		expect(checked).toBe(12 + 12 ** 2 + 12 ** 3 + 12 ** 4);
	});
});

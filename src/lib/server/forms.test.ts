import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hasForbiddenControls, parseWith, queryParam } from './forms';

const schema = z.object({ name: z.string().min(1), note: z.string().optional(), tags: z.array(z.string()).optional() });

describe('control characters', () => {
	it.each([
		['NUL', 'pg\u0000admin', true],
		['BEL', 'a\u0007b', true],
		['ESC', '\u001b[31m', true],
		['DEL', 'x\u007f', true],
		['vertical tab', 'a\u000bb', true],
		['TAB', 'a\tb', false],
		['CRLF from a textarea', 'line one\r\nline two', false],
		['LF', 'a\nb', false],
		['plain text', 'Rosa M. — 5 Elm Road', false],
		['non-Latin text', 'مرحبا 你好', false]
	])('%s: refused %s', (_label, text, refused) => {
		expect(hasForbiddenControls(text)).toBe(refused);
		const parsed = parseWith(schema, { name: text });
		expect(parsed.ok).toBe(!refused);
		if (!parsed.ok) expect(parsed.errors).toEqual({ name: 'control_characters' });
	});

	it('finds them in lists, nested objects and keys, and still reports the other fields', () => {
		expect(parseWith(schema, { name: 'ok', tags: ['fine', 'bad\u0000'] })).toEqual({ ok: false, errors: { tags: 'control_characters' } });
		expect(parseWith(schema, { name: '', note: 'a\u0000' })).toEqual({ ok: false, errors: { name: 'required', note: 'control_characters' } });
		expect(parseWith(schema, { name: 'ok', 'x\u0000': 'y' })).toEqual({ ok: false, errors: { _form: 'control_characters' } });
		expect(hasForbiddenControls({ a: { b: [{ c: 'd\u0001' }] } })).toBe(true);
		expect(hasForbiddenControls({ a: { b: [{ c: 'd' }] } })).toBe(false);
	});

	it('a query parameter with one answers 400; others are read as they are', () => {
		const url = new URL('http://hearth.invalid/board?q=rice&area=a%00b');
		expect(queryParam(url, 'q')).toBe('rice');
		expect(queryParam(url, 'missing')).toBeNull();
		let thrown: unknown;
		try {
			queryParam(url, 'area');
		} catch (e) {
			thrown = e;
		}
		expect(isHttpError(thrown) && thrown.status).toBe(400);
	});
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacHex, newHumanCode, newToken, normaliseHumanCode, safeEqualHex, sha256Hex } from './tokens';
import { passphraseProblem } from './passphrases';

describe('tokens', () => {
	it('session tokens carry 32 random bytes', () => {
		expect(Buffer.from(newToken(), 'base64url')).toHaveLength(32);
		expect(newToken()).not.toBe(newToken());
	});
	it('human codes are three groups of four unambiguous characters', () => {
		const code = newHumanCode();
		expect(code).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/);
	});
	it('normalises what people type: case, spaces and missing dashes', () => {
		expect(normaliseHumanCode(' K7MQ 3XTE9pvh ')).toBe('k7mq-3xte-9pvh');
	});
	it('compares digests in constant time and rejects different lengths or empty input', () => {
		const a = sha256Hex('x');
		expect(safeEqualHex(a, sha256Hex('x'))).toBe(true);
		expect(safeEqualHex(a, sha256Hex('y'))).toBe(false);
		expect(safeEqualHex(a, a.slice(0, 10))).toBe(false);
		expect(safeEqualHex('', '')).toBe(false);
	});
	it('keyed hashes differ by purpose and by key', () => {
		const k = randomBytes(32);
		expect(hmacHex(k, 'a', 'v')).not.toBe(hmacHex(k, 'b', 'v'));
		expect(hmacHex(k, 'a', 'v')).not.toBe(hmacHex(randomBytes(32), 'a', 'v'));
	});
});

describe('passphraseProblem', () => {
	it.each([
		['short', 'too_short'],
		['password123', 'too_common'],
		['QWERTYUIOP', 'too_common'],
		['aaaaaaaaaaaa', 'too_common'],
		['rosa-maria1', 'contains_name'],
		['blue kettle on tuesdays', null]
	])('%s → %s', (pass, problem) => {
		expect(passphraseProblem(pass, { username: 'rosa-maria' })).toBe(problem);
	});
	it('refuses more than 200 characters', () => {
		expect(passphraseProblem('x'.repeat(150) + 'y'.repeat(51))).toBe('too_long');
	});
});

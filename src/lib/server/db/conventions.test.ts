import { describe, expect, it } from 'vitest';
import { fromDbBool, fromDbCount, fromDbJson, fromDbTime, ID_PATTERN, isStringArray, newId, toDbTime } from './conventions';

describe('conventions', () => {
	it('ids are UUIDv7 and sort by creation time', () => {
		const a = newId(new Date('2026-01-01T00:00:00Z'));
		const b = newId(new Date('2026-01-01T00:00:00.001Z'));
		expect(a).toMatch(ID_PATTERN);
		expect(a < b).toBe(true);
	});
	it('times are 24-character ISO strings either way', () => {
		const d = new Date('2026-11-25T10:00:00Z');
		expect(toDbTime(d)).toBe('2026-11-25T10:00:00.000Z');
		expect(fromDbTime('2026-11-25T10:00:00.000Z').getTime()).toBe(d.getTime());
		expect(fromDbTime(d)).toBe(d);
	});
	it('booleans and counts read the same from both drivers', () => {
		expect([fromDbBool(1), fromDbBool(true), fromDbBool(0), fromDbBool(false)]).toEqual([true, true, false, false]);
		expect([fromDbCount('12'), fromDbCount(12), fromDbCount(12n), fromDbCount(null)]).toEqual([12, 12, 12, 0]);
	});
	it('JSON falls back when a column holds something unexpected', () => {
		expect(fromDbJson('["en","es"]', isStringArray, [])).toEqual(['en', 'es']);
		expect(fromDbJson('{"x":1}', isStringArray, ['en'])).toEqual(['en']);
		expect(fromDbJson('not json', isStringArray, ['en'])).toEqual(['en']);
	});
});

import { describe, expect, it } from 'vitest';
import { bagsPossible, correctionLines, countDifference, isLow, kitContents, levelDrift, mergeLines, shortfalls } from './stock';

const THURSDAY_BAG = [
	{ itemId: 'rice', quantity: 2 },
	{ itemId: 'beans', quantity: 4 },
	{ itemId: 'oil', quantity: 1 }
];

describe('stock arithmetic', () => {
	it('adds up lines for the same item in first-seen order', () => {
		expect(
			mergeLines([
				{ itemId: 'a', quantity: 2 },
				{ itemId: 'b', quantity: 1 },
				{ itemId: 'a', quantity: 3 }
			])
		).toEqual([
			{ itemId: 'a', quantity: 5 },
			{ itemId: 'b', quantity: 1 }
		]);
	});

	it('multiplies a kit by the number of bags', () => {
		expect(kitContents(THURSDAY_BAG, 55)).toEqual([
			{ itemId: 'rice', quantity: 110 },
			{ itemId: 'beans', quantity: 220 },
			{ itemId: 'oil', quantity: 55 }
		]);
		expect(kitContents(THURSDAY_BAG, 0)).toEqual([
			{ itemId: 'rice', quantity: 0 },
			{ itemId: 'beans', quantity: 0 },
			{ itemId: 'oil', quantity: 0 }
		]);
	});

	it('reports only what is short, counting a negative shelf as empty', () => {
		const levels = new Map([
			['rice', 200],
			['beans', 180],
			['oil', -3]
		]);
		expect(shortfalls(kitContents(THURSDAY_BAG, 55), levels)).toEqual([
			{ itemId: 'beans', need: 220, have: 180, short: 40 },
			{ itemId: 'oil', need: 55, have: 0, short: 55 }
		]);
		expect(shortfalls([{ itemId: 'unknown', quantity: 3 }], levels)).toEqual([{ itemId: 'unknown', need: 3, have: 0, short: 3 }]);
	});

	it('counts how many whole bags the shelf can fill', () => {
		expect(
			bagsPossible(
				THURSDAY_BAG,
				new Map([
					['rice', 9],
					['beans', 17],
					['oil', 100]
				])
			)
		).toBe(4);
		expect(
			bagsPossible(
				THURSDAY_BAG,
				new Map([
					['rice', 9],
					['beans', 17]
				])
			)
		).toBe(0);
		expect(bagsPossible([], new Map([['rice', 9]]))).toBe(0);
	});

	it('records the difference a stock-take finds, in either direction', () => {
		expect(countDifference(12, 15)).toBe(-3);
		expect(countDifference(15, 12)).toBe(3);
		expect(countDifference(7, 7)).toBe(0);
	});

	it('warns at or below the minimum level, never without one', () => {
		expect(isLow(5, 5)).toBe(true);
		expect(isLow(6, 5)).toBe(false);
		expect(isLow(0, null)).toBe(false);
	});

	it('undoes lines with the opposite sign and keeps what else they carry', () => {
		expect(
			correctionLines([
				{ itemId: 'a', locationId: 'p', quantity: 3 },
				{ itemId: 'b', locationId: 'q', quantity: -2 }
			])
		).toEqual([
			{ itemId: 'a', locationId: 'p', quantity: -3 },
			{ itemId: 'b', locationId: 'q', quantity: 2 }
		]);
	});

	it('finds every cached level that differs from its movements, a missing side counting as zero', () => {
		const cached = new Map([
			['p:a', 5],
			['p:b', 0],
			['p:c', 2]
		]);
		const ledger = new Map([
			['p:a', 5],
			['p:c', 3],
			['q:a', 1]
		]);
		expect(levelDrift(cached, ledger)).toEqual([
			{ key: 'p:c', cached: 2, fromLedger: 3 },
			{ key: 'q:a', cached: 0, fromLedger: 1 }
		]);
		expect(levelDrift(new Map([['p:a', 4]]), new Map([['p:a', 4]]))).toEqual([]);
	});
});

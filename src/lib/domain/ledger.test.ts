import { describe, expect, it } from 'vitest';
import {
	FUND_PURPOSES,
	approvalLines,
	available,
	cancellationLines,
	donationLines,
	feeLines,
	fundSummary,
	grantsAccount,
	isBalanced,
	ledgerDrift,
	paymentLines,
	reversalLines,
	transferInLines,
	transferOutLines,
	type AccountCode,
	type Balances,
	type Line
} from './ledger';

/** Applies transactions to balances the way the repository's cache does. */
function apply(...txns: Line[][]): Balances {
	const out: Partial<Record<AccountCode, number>> = {};
	for (const lines of txns) for (const l of lines) out[l.account] = (out[l.account] ?? 0) + l.amountMinor;
	return out;
}

describe('transaction builders', () => {
	const builders: [string, Line[]][] = [
		['donation', donationLines(10_000)],
		['fee', feeLines(320)],
		['payment', paymentLines(40_000)],
		['transfer out', transferOutLines(2_500)],
		['transfer in', transferInLines(2_500)],
		...FUND_PURPOSES.map((p): [string, Line[]] => [`approval for ${p}`, approvalLines(40_000, p)]),
		...FUND_PURPOSES.map((p): [string, Line[]] => [`cancellation for ${p}`, cancellationLines(40_000, p)])
	];

	it.each(builders)('writes a balanced %s', (_name, lines) => {
		expect(isBalanced(lines)).toBe(true);
		expect(lines.reduce((s, l) => s + l.amountMinor, 0)).toBe(0);
	});

	it('debits and credits the accounts each event moves', () => {
		expect(donationLines(10_000)).toEqual([
			{ account: 'cash', amountMinor: 10_000 },
			{ account: 'donations', amountMinor: -10_000 }
		]);
		expect(feeLines(320)).toEqual([
			{ account: 'fees', amountMinor: 320 },
			{ account: 'cash', amountMinor: -320 }
		]);
		expect(approvalLines(40_000, 'rent')).toEqual([
			{ account: 'grants:rent', amountMinor: 40_000 },
			{ account: 'payable', amountMinor: -40_000 }
		]);
		expect(paymentLines(40_000)).toEqual([
			{ account: 'payable', amountMinor: 40_000 },
			{ account: 'cash', amountMinor: -40_000 }
		]);
		expect(transferOutLines(2_500)).toEqual([
			{ account: 'transfers', amountMinor: 2_500 },
			{ account: 'cash', amountMinor: -2_500 }
		]);
	});

	it('keeps help approved apart by what it was for', () => {
		expect(FUND_PURPOSES.map(grantsAccount)).toEqual(['grants:rent', 'grants:utilities', 'grants:medicine', 'grants:other']);
		expect(approvalLines(100, 'medicine')[0]?.account).toBe('grants:medicine');
		expect(cancellationLines(100, 'utilities')[1]?.account).toBe('grants:utilities');
	});

	it('undoes a transaction with a balanced one of opposite lines', () => {
		const original = approvalLines(40_000, 'utilities');
		const reversal = reversalLines(original);
		expect(isBalanced(reversal)).toBe(true);
		expect(reversal).toEqual([
			{ account: 'grants:utilities', amountMinor: -40_000 },
			{ account: 'payable', amountMinor: 40_000 }
		]);
		const after = apply(original, reversal);
		expect(Object.values(after).every((v) => v === 0)).toBe(true);
		// The original lines are left as they were.
		expect(original[0]).toEqual({ account: 'grants:utilities', amountMinor: 40_000 });
	});

	it('treats a cancellation as the reversal of an approval', () => {
		const byAccount = (lines: Line[]) => [...lines].sort((a, b) => a.account.localeCompare(b.account));
		expect(byAccount(cancellationLines(40_000, 'rent'))).toEqual(byAccount(reversalLines(approvalLines(40_000, 'rent'))));
	});
});

describe('isBalanced', () => {
	it('accepts whole non-zero lines that sum to zero, in any number', () => {
		expect(
			isBalanced([
				{ account: 'cash', amountMinor: 700 },
				{ account: 'donations', amountMinor: -1000 },
				{ account: 'fees', amountMinor: 300 }
			])
		).toBe(true);
	});

	it('refuses no lines and a single line', () => {
		expect(isBalanced([])).toBe(false);
		expect(isBalanced([{ account: 'cash', amountMinor: 100 }])).toBe(false);
	});

	it('refuses lines that do not sum to zero', () => {
		expect(
			isBalanced([
				{ account: 'cash', amountMinor: 100 },
				{ account: 'donations', amountMinor: -99 }
			])
		).toBe(false);
	});

	it('refuses zero lines even when the rest balance', () => {
		expect(
			isBalanced([
				{ account: 'cash', amountMinor: 0 },
				{ account: 'donations', amountMinor: 0 }
			])
		).toBe(false);
		expect(isBalanced([...donationLines(100), { account: 'fees', amountMinor: 0 }])).toBe(false);
	});

	it('refuses fractional and unsafe amounts', () => {
		expect(
			isBalanced([
				{ account: 'cash', amountMinor: 0.5 },
				{ account: 'donations', amountMinor: -0.5 }
			])
		).toBe(false);
		expect(
			isBalanced([
				{ account: 'cash', amountMinor: Number.NaN },
				{ account: 'donations', amountMinor: Number.NaN }
			])
		).toBe(false);
		expect(
			isBalanced([
				{ account: 'cash', amountMinor: 2 ** 53 },
				{ account: 'donations', amountMinor: -(2 ** 53) }
			])
		).toBe(false);
	});
});

describe('available and fundSummary', () => {
	// $1,000 given with a $30 fee, $400 approved for rent and paid, $250 approved for medicine
	// and not yet paid, $100 moved to another fund.
	const balances = apply(
		donationLines(100_000),
		feeLines(3_000),
		approvalLines(40_000, 'rent'),
		paymentLines(40_000),
		approvalLines(25_000, 'medicine'),
		transferOutLines(10_000)
	);

	it('sets approved money aside: available is cash minus what is owed', () => {
		expect(balances.cash).toBe(47_000);
		expect(balances.payable).toBe(-25_000);
		expect(available(balances)).toBe(22_000);
	});

	it('is zero for a fund with no accounts touched', () => {
		expect(available({})).toBe(0);
		const s = fundSummary({});
		expect(Object.keys(s).sort()).toEqual(['availableMinor', 'cashMinor', 'donatedMinor', 'feesMinor', 'grantedMinor', 'owedMinor', 'transferredOutMinor']);
		// Compared with ===, so a negative zero counts as zero here; formatMoney is what must not show its sign.
		expect(Object.values(s).every((v) => v === 0)).toBe(true);
	});

	it('puts the figures in the words people use', () => {
		expect(fundSummary(balances)).toEqual({
			cashMinor: 47_000,
			owedMinor: 25_000,
			availableMinor: 22_000,
			donatedMinor: 100_000,
			feesMinor: 3_000,
			grantedMinor: 65_000,
			transferredOutMinor: 10_000
		});
	});

	it('adds up: money given, less fees, grants paid and moved out, is cash', () => {
		const s = fundSummary(balances);
		expect(s.donatedMinor - s.feesMinor - (s.grantedMinor - s.owedMinor) - s.transferredOutMinor).toBe(s.cashMinor);
	});

	it('returns a cancelled approval to what is available', () => {
		const after = apply(donationLines(50_000), approvalLines(20_000, 'other'), cancellationLines(20_000, 'other'));
		expect(available(after)).toBe(50_000);
		expect(fundSummary(after).grantedMinor).toBe(0);
	});
});

describe('ledgerDrift', () => {
	it('finds nothing in an honest ledger', () => {
		const cached = new Map([
			['acc-cash', 700],
			['acc-donations', -1000],
			['acc-fees', 300]
		]);
		const txns = new Map([
			['t1', 0],
			['t2', 0]
		]);
		expect(ledgerDrift(cached, new Map(cached), txns)).toEqual({ drift: [], unbalanced: [] });
	});

	it('finds an account whose cached balance drifted from its lines', () => {
		const cached = new Map([
			['acc-cash', 750],
			['acc-donations', -1000]
		]);
		const recomputed = new Map([
			['acc-cash', 700],
			['acc-donations', -1000]
		]);
		expect(ledgerDrift(cached, recomputed, new Map()).drift).toEqual([{ account: 'acc-cash', cachedMinor: 750, ledgerMinor: 700 }]);
	});

	it('finds accounts known on one side only', () => {
		const { drift } = ledgerDrift(new Map([['acc-a', 5]]), new Map([['acc-b', -5]]), new Map());
		expect(drift).toEqual([
			{ account: 'acc-a', cachedMinor: 5, ledgerMinor: 0 },
			{ account: 'acc-b', cachedMinor: 0, ledgerMinor: -5 }
		]);
		// An account with no lines and a zero cache is not drift.
		expect(ledgerDrift(new Map([['acc-c', 0]]), new Map(), new Map()).drift).toEqual([]);
	});

	it('finds transactions that do not sum to zero (a single line is reported as NaN)', () => {
		const txns = new Map([
			['t1', 0],
			['t2', 15],
			['t3', Number.NaN]
		]);
		expect(ledgerDrift(new Map(), new Map(), txns).unbalanced).toEqual(['t2', 't3']);
	});
});

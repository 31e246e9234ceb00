/**
 * A fund's money as a double-entry ledger: every event is a transaction of lines that sum to
 * zero, amounts in integer minor units, debits positive and credits negative. Lines are never
 * changed; a mistake is undone by a new transaction of the opposite lines. Balances are sums of
 * lines, so they can always be recomputed and compared with the cached ones (`ledgerDrift`).
 *
 * Each fund has its own accounts, so each fund's books balance on their own:
 *   cash              (asset)     money the fund holds
 *   donations         (income)    money given to the fund
 *   fees              (expense)   what payment processors kept
 *   payable           (liability) approved help not yet paid out
 *   grants:<purpose>  (expense)   help approved, by what it was for
 *   transfers         (equity)    money moved to or from another fund
 *
 * An approval is an accrual (Dr grants, Cr payable), so approved money is set aside at once and
 * `available` (cash minus what is owed) can never promise the same dollar twice; the payment
 * later settles it (Dr payable, Cr cash).
 */

export const FUND_PURPOSES = ['rent', 'utilities', 'medicine', 'other'] as const;
export type FundPurpose = (typeof FUND_PURPOSES)[number];

export const ACCOUNT_CODES = [
	'cash',
	'donations',
	'fees',
	'payable',
	'transfers',
	'grants:rent',
	'grants:utilities',
	'grants:medicine',
	'grants:other'
] as const;
export type AccountCode = (typeof ACCOUNT_CODES)[number];

export const TXN_KINDS = ['donation', 'fee', 'approval', 'cancellation', 'payment', 'transfer_out', 'transfer_in', 'reversal'] as const;
export type TxnKind = (typeof TXN_KINDS)[number];

/** One side of a transaction: a positive amount is a debit, a negative one a credit. */
export interface Line {
	account: AccountCode;
	amountMinor: number;
}

export function grantsAccount(purpose: FundPurpose): AccountCode {
	switch (purpose) {
		case 'rent':
			return 'grants:rent';
		case 'utilities':
			return 'grants:utilities';
		case 'medicine':
			return 'grants:medicine';
		case 'other':
			return 'grants:other';
	}
}

function pair(debit: AccountCode, credit: AccountCode, amountMinor: number): Line[] {
	return [
		{ account: debit, amountMinor },
		{ account: credit, amountMinor: -amountMinor }
	];
}

/** Money given: the gross amount arrives in cash. */
export const donationLines = (amountMinor: number): Line[] => pair('cash', 'donations', amountMinor);
/** What a processor kept from a donation, as its own transaction. */
export const feeLines = (amountMinor: number): Line[] => pair('fees', 'cash', amountMinor);
/** Help approved: set aside as owed. */
export const approvalLines = (amountMinor: number, purpose: FundPurpose): Line[] => pair(grantsAccount(purpose), 'payable', amountMinor);
/** Approved help withdrawn before it was paid. */
export const cancellationLines = (amountMinor: number, purpose: FundPurpose): Line[] => pair('payable', grantsAccount(purpose), amountMinor);
/** Approved help paid out. */
export const paymentLines = (amountMinor: number): Line[] => pair('payable', 'cash', amountMinor);
export const transferOutLines = (amountMinor: number): Line[] => pair('transfers', 'cash', amountMinor);
export const transferInLines = (amountMinor: number): Line[] => pair('cash', 'transfers', amountMinor);

/** The lines that undo a transaction. */
export function reversalLines(lines: readonly Line[]): Line[] {
	return lines.map((l) => ({ account: l.account, amountMinor: -l.amountMinor }));
}

/** A transaction may be written only when it has lines, all whole non-zero amounts, summing to zero. */
export function isBalanced(lines: readonly Line[]): boolean {
	if (lines.length < 2) return false;
	let sum = 0;
	for (const l of lines) {
		if (!Number.isSafeInteger(l.amountMinor) || l.amountMinor === 0) return false;
		sum += l.amountMinor;
	}
	return sum === 0;
}

export type Balances = Partial<Record<AccountCode, number>>;

/** What the fund can still promise: cash it holds minus approved help not yet paid (payable is a credit, so negative). */
export function available(balances: Balances): number {
	return (balances.cash ?? 0) + (balances.payable ?? 0);
}

/** The fund's figures in the words people use, from account balances. */
export function fundSummary(balances: Balances) {
	const grants = FUND_PURPOSES.reduce((s, p) => s + (balances[grantsAccount(p)] ?? 0), 0);
	return {
		cashMinor: balances.cash ?? 0,
		owedMinor: -(balances.payable ?? 0),
		availableMinor: available(balances),
		donatedMinor: -(balances.donations ?? 0),
		feesMinor: balances.fees ?? 0,
		grantedMinor: grants,
		transferredOutMinor: balances.transfers ?? 0
	};
}

export interface DriftRow {
	account: string;
	cachedMinor: number;
	ledgerMinor: number;
}

/**
 * Compares cached balances with sums recomputed from the lines, and checks that every
 * transaction balances. An honest ledger returns no rows and no unbalanced transactions.
 */
export function ledgerDrift(
	cached: ReadonlyMap<string, number>,
	recomputed: ReadonlyMap<string, number>,
	txnSums: ReadonlyMap<string, number>
): { drift: DriftRow[]; unbalanced: string[] } {
	const drift: DriftRow[] = [];
	for (const account of new Set([...cached.keys(), ...recomputed.keys()])) {
		const c = cached.get(account) ?? 0;
		const r = recomputed.get(account) ?? 0;
		if (c !== r) drift.push({ account, cachedMinor: c, ledgerMinor: r });
	}
	const unbalanced = [...txnSums].filter(([, sum]) => sum !== 0).map(([id]) => id);
	return { drift, unbalanced };
}

/**
 * The public figures of a mutual-aid fund: balance, money in and out, households helped, how long
 * a request waits for its payment. Shown on a page anyone can read without signing in, so the
 * figures must never let a reader trace an amount to a neighbour.
 *
 * The rule is k-anonymity over paid requests: every published figure about payments is built from
 * either none or at least k of them (k configurable, default 5, never below 3 — with 2 a recipient
 * can subtract their own payment and learn the other one). Pure: no I/O, and `now` comes in.
 *
 * A single snapshot is not enough; a reader can save the page and compare it later (differencing).
 * If the page showed "14 requests, 9,200 out" in May and "15 requests, 9,650 out" in June, the
 * difference is one household's 450. So:
 *
 * - Only complete calendar months (in the network's time zone) are ever considered; the month
 *   containing `now` is never published, so a page watched day by day does not move when one
 *   payment is made.
 * - Months are grouped into periods greedily from the first month with any activity: a period
 *   closes at the end of the first month in which it has gathered ≥ k paid requests. A closed
 *   period depends only on its own and earlier months, so it never changes when later data arrives,
 *   and any two snapshots differ by whole periods of ≥ k requests.
 * - The trailing open period (< k requests so far) is not published at all. Folding it into the
 *   last closed period would look harmless but lets a reader subtract the old figure from the new.
 *   The page only learns the month it starts (`unpublished.since`), never its count or amount.
 * - The balance is frozen at the end of the last closed period (the cutoff). Every payment up to
 *   the cutoff lies in a published period and every flow up to it is in a period's flow columns, so
 *   the balance adds nothing a reader could not already compute, and a change between snapshots is
 *   explained by flows plus whole periods.
 * - Categories are suppressed cell by cell within each period (a category with < k requests goes
 *   into a "combined" remainder; if the remainder itself ends up between 1 and k−1, the smallest
 *   shown categories join it until it has ≥ k). The published table sums these per-period cells,
 *   so each row, and each change of a row between snapshots, is a union of cells of ≥ k requests.
 * - Donations and fees are published for every complete month, also after the cutoff: they are
 *   not requests, and with the balance frozen they reveal nothing about payments. This holds only
 *   while `fee` flows are fees on incoming money; a fee charged per payout to a household must be
 *   recorded in the payment's amount, or the monthly fee total would count payouts.
 *
 * What remains visible: period boundaries say in which month a group reached k requests, and the
 * first month of activity is the start of `inByMonth`. Neither is a figure about any household.
 */

export type FundCategory = 'rent' | 'utilities' | 'medicine' | 'other';

export const FUND_CATEGORIES: readonly FundCategory[] = ['rent', 'utilities', 'medicine', 'other'];

export interface PaidRequest {
	id: string;
	household: string;
	category: FundCategory;
	/** Paid to the household, in minor units (cents), positive. */
	amountMinor: number;
	requestedAt: Date;
	/** Decides the month the payment belongs to. */
	paidAt: Date;
}

/** Cash movements that are not payments to households, signed (+ in, - out): donations, processor fees, transfers between funds, reversals of mistakes. */
export interface CashFlow {
	at: Date;
	kind: 'donation' | 'fee' | 'transfer' | 'correction';
	amountMinor: number;
	/** How many movements this one stands for when they are passed summed by month (default 1). */
	count?: number;
}

export interface FundReportInput {
	k: number;
	now: Date;
	/** IANA zone whose calendar months are reported; 'UTC' unless given. */
	timeZone?: string;
	payments: readonly PaidRequest[];
	flows: readonly CashFlow[];
}

/**
 * One closed period. Flow columns keep the flows' signs (fees are normally negative); `outMinor`
 * is the positive total paid to households, so a period's net is in + fees + transfers + corrections − out.
 */
export interface FundPeriod {
	from: string;
	to: string;
	inMinor: number;
	feesMinor: number;
	transfersMinor: number;
	correctionsMinor: number;
	outMinor: number;
	requests: number;
	/** Distinct households within the period. */
	households: number;
}

export interface FundCategoryRow {
	category: FundCategory | 'combined';
	outMinor: number;
	requests: number;
}

export interface FundTotals {
	inMinor: number;
	feesMinor: number;
	outMinor: number;
	requests: number;
	/** Distinct households across all published periods. */
	households: number;
	/** Median days from request to payment over published requests, one decimal; null when none. */
	medianDaysToPay: number | null;
}

export interface FundMonthIn {
	month: string;
	inMinor: number;
	donations: number;
	feesMinor: number;
}

export interface PublicFundReport {
	/** The k actually applied. */
	k: number;
	/** Last month of the last closed period (YYYY-MM); nothing about requests after it is shown. */
	cutoff: string | null;
	/** Balance at the end of the cutoff month; null when nothing is published yet. */
	balanceMinor: number | null;
	periods: FundPeriod[];
	byCategory: FundCategoryRow[];
	totals: FundTotals;
	/** Every complete month from the first with any activity, including months after the cutoff. */
	inByMonth: FundMonthIn[];
	/** The first month whose payments are not published yet; null when there is no activity at all. */
	unpublished: { since: string | null };
}

export const DEFAULT_FUND_K = 5;
export const MIN_FUND_K = 3;

/** The k the report applies: the configured one, rounded up, never below 3. */
export function effectiveK(k: number): number {
	if (Number.isNaN(k)) return DEFAULT_FUND_K;
	return Math.max(MIN_FUND_K, Math.ceil(k));
}

const monthFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar month ('YYYY-MM') that `date` falls in, in the given IANA time zone. */
export function monthOf(date: Date, timeZone: string): string {
	if (timeZone === 'UTC') {
		return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
	}
	let formatter = monthFormatters.get(timeZone);
	if (formatter === undefined) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			calendar: 'gregory',
			numberingSystem: 'latn',
			year: 'numeric',
			month: '2-digit'
		});
		monthFormatters.set(timeZone, formatter);
	}
	let year = '';
	let month = '';
	for (const part of formatter.formatToParts(date)) {
		if (part.type === 'year') year = part.value;
		else if (part.type === 'month') month = part.value;
	}
	return `${year.padStart(4, '0')}-${month.padStart(2, '0')}`;
}

/** The month after a 'YYYY-MM' month. */
export function nextMonth(month: string): string {
	const year = Number(month.slice(0, 4));
	const m = Number(month.slice(5, 7));
	return m === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${month.slice(0, 4)}-${String(m + 1).padStart(2, '0')}`;
}

/** Paid requests and their total, for one category or the remainder of one period. */
export interface FundCell {
	outMinor: number;
	requests: number;
}

interface ClosedPeriod {
	months: string[];
	payments: PaidRequest[];
}

const DAY_MS = 86_400_000;

/** Builds the k-anonymous public report of a fund as of `now` (see the module comment for the rules). */
export function publicFundReport(input: FundReportInput): PublicFundReport {
	const k = effectiveK(input.k);
	const timeZone = input.timeZone ?? 'UTC';
	const current = monthOf(input.now, timeZone);

	const paymentsByMonth = new Map<string, PaidRequest[]>();
	for (const payment of input.payments) {
		const month = monthOf(payment.paidAt, timeZone);
		if (month < current) push(paymentsByMonth, month, payment);
	}
	const flowsByMonth = new Map<string, CashFlow[]>();
	for (const flow of input.flows) {
		const month = monthOf(flow.at, timeZone);
		if (month < current) push(flowsByMonth, month, flow);
	}

	const months: string[] = [];
	const first = [...paymentsByMonth.keys(), ...flowsByMonth.keys()].sort()[0];
	if (first !== undefined) {
		for (let month = first; month < current; month = nextMonth(month)) months.push(month);
	}

	const closed: ClosedPeriod[] = [];
	let open: ClosedPeriod = { months: [], payments: [] };
	for (const month of months) {
		open.months.push(month);
		open.payments.push(...(paymentsByMonth.get(month) ?? []));
		if (open.payments.length >= k) {
			closed.push(open);
			open = { months: [], payments: [] };
		}
	}

	const periods = closed.map((period) => periodRow(period, flowsByMonth));
	const published = closed.flatMap((period) => period.payments);
	const cutoff = periods.at(-1)?.to ?? null;

	const balanceMinor =
		cutoff === null ? null : periods.reduce((sum, p) => sum + p.inMinor + p.feesMinor + p.transfersMinor + p.correctionsMinor - p.outMinor, 0);

	return {
		k,
		cutoff,
		balanceMinor,
		periods,
		byCategory: categoryTable(closed, k),
		totals: {
			inMinor: sumBy(periods, (p) => p.inMinor),
			feesMinor: sumBy(periods, (p) => p.feesMinor),
			outMinor: sumBy(periods, (p) => p.outMinor),
			requests: published.length,
			households: new Set(published.map((p) => p.household)).size,
			medianDaysToPay: medianDays(published)
		},
		inByMonth: months.map((month) => {
			const flows = flowsByMonth.get(month) ?? [];
			const donations = flows.filter((f) => f.kind === 'donation');
			return {
				month,
				inMinor: sumBy(donations, (f) => f.amountMinor),
				donations: sumBy(donations, (f) => f.count ?? 1),
				feesMinor: sumBy(
					flows.filter((f) => f.kind === 'fee'),
					(f) => f.amountMinor
				)
			};
		}),
		unpublished: { since: cutoff === null ? (months[0] ?? null) : nextMonth(cutoff) }
	};
}

function periodRow(period: ClosedPeriod, flowsByMonth: ReadonlyMap<string, readonly CashFlow[]>): FundPeriod {
	const flows = period.months.flatMap((month) => flowsByMonth.get(month) ?? []);
	const ofKind = (kind: CashFlow['kind']) =>
		sumBy(
			flows.filter((f) => f.kind === kind),
			(f) => f.amountMinor
		);
	return {
		from: period.months[0] ?? '',
		to: period.months.at(-1) ?? '',
		inMinor: ofKind('donation'),
		feesMinor: ofKind('fee'),
		transfersMinor: ofKind('transfer'),
		correctionsMinor: ofKind('correction'),
		outMinor: sumBy(period.payments, (p) => p.amountMinor),
		requests: period.payments.length,
		households: new Set(period.payments.map((p) => p.household)).size
	};
}

/**
 * Splits one period's payments into categories shown on their own (each ≥ k requests) and a
 * remainder of 0 or ≥ k requests. A remainder of 1..k−1 would be recoverable as the period total
 * minus the shown cells, so the smallest shown category joins it until it is safe.
 */
export function foldCategories(payments: readonly PaidRequest[], k: number): { shown: Map<FundCategory, FundCell>; remainder: FundCell } {
	const cells = new Map<FundCategory, FundCell>();
	for (const payment of payments) {
		const cell = cells.get(payment.category) ?? { outMinor: 0, requests: 0 };
		cell.outMinor += payment.amountMinor;
		cell.requests += 1;
		cells.set(payment.category, cell);
	}
	const shown = new Map<FundCategory, FundCell>();
	const remainder: FundCell = { outMinor: 0, requests: 0 };
	for (const [category, cell] of cells) {
		if (cell.requests >= k) shown.set(category, cell);
		else addCell(remainder, cell);
	}
	while (remainder.requests > 0 && remainder.requests < k) {
		const smallest = [...shown].sort(([a, x], [b, y]) => x.requests - y.requests || x.outMinor - y.outMinor || a.localeCompare(b))[0];
		// Unreachable while the period has ≥ k requests: moving every category leaves all of them in the remainder.
		if (smallest === undefined) break;
		shown.delete(smallest[0]);
		addCell(remainder, smallest[1]);
	}
	return { shown, remainder };
}

function categoryTable(closed: readonly ClosedPeriod[], k: number): FundCategoryRow[] {
	const rows = new Map<FundCategory | 'combined', FundCell>();
	const add = (key: FundCategory | 'combined', cell: FundCell) => {
		const row = rows.get(key) ?? { outMinor: 0, requests: 0 };
		addCell(row, cell);
		rows.set(key, row);
	};
	for (const period of closed) {
		const { shown, remainder } = foldCategories(period.payments, k);
		for (const [category, cell] of shown) add(category, cell);
		add('combined', remainder);
	}
	const order: readonly (FundCategory | 'combined')[] = [...FUND_CATEGORIES, 'combined'];
	return [...rows]
		.filter(([, cell]) => cell.requests > 0)
		.map(([category, cell]) => ({ category, outMinor: cell.outMinor, requests: cell.requests }))
		.sort((a, b) => b.outMinor - a.outMinor || b.requests - a.requests || order.indexOf(a.category) - order.indexOf(b.category));
}

function medianDays(payments: readonly PaidRequest[]): number | null {
	const waits = payments.map((p) => p.paidAt.getTime() - p.requestedAt.getTime()).sort((a, b) => a - b);
	const mid = Math.floor(waits.length / 2);
	const upper = waits[mid];
	if (upper === undefined) return null;
	const lower = waits.length % 2 === 0 ? (waits[mid - 1] ?? upper) : upper;
	// `+ 0` turns a rounded -0 into 0.
	return Math.round(((lower + upper) / 2 / DAY_MS) * 10) / 10 + 0;
}

function addCell(into: FundCell, cell: FundCell): void {
	into.outMinor += cell.outMinor;
	into.requests += cell.requests;
}

function sumBy<T>(items: readonly T[], value: (item: T) => number): number {
	let sum = 0;
	for (const item of items) sum += value(item);
	return sum;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
	const list = map.get(key);
	if (list === undefined) map.set(key, [value]);
	else list.push(value);
}

import { GRANTED_STATUSES } from '$lib/domain/fund-requests';
import { sql } from 'kysely';
import { ACCOUNT_CODES, isBalanced, type AccountCode, type Line, type TxnKind } from '$lib/domain/ledger';
import { fromDbBool, fromDbCount, fromDbTime, fromDbTimeOrNull, newId, toDbTime } from '../db/conventions';
import type { DialectName, Executor } from '../db/index';

/* Every line of SQL for funds, their ledger, donations, requests and decisions. */

export interface FundRow {
	id: string;
	networkId: string;
	name: string;
	purpose: string;
	currency: string;
	minorDigits: number;
	approvalsRequired: number;
	approverMode: 'stewards' | 'named';
	maxPerRequestMinor: number | null;
	maxPerHouseholdMinor: number | null;
	allowWaitlist: boolean;
	kThreshold: number;
	retentionDays: number;
	publicPage: boolean;
	status: 'active' | 'closed';
	createdAt: Date;
}

const FUND_COLUMNS = [
	'id',
	'network_id',
	'name',
	'purpose',
	'currency',
	'minor_digits',
	'approvals_required',
	'approver_mode',
	'max_per_request_minor',
	'max_per_household_minor',
	'allow_waitlist',
	'k_threshold',
	'retention_days',
	'public_page',
	'status',
	'created_at'
] as const;

function money(v: number | string): number {
	return Number(v);
}
function moneyOrNull(v: number | string | null): number | null {
	return v === null ? null : Number(v);
}

function toFund(r: {
	id: string;
	network_id: string;
	name: string;
	purpose: string;
	currency: string;
	minor_digits: number | string;
	approvals_required: number | string;
	approver_mode: string;
	max_per_request_minor: number | string | null;
	max_per_household_minor: number | string | null;
	allow_waitlist: boolean | number;
	k_threshold: number | string;
	retention_days: number | string;
	public_page: boolean | number;
	status: string;
	created_at: string | Date;
}): FundRow {
	return {
		id: r.id,
		networkId: r.network_id,
		name: r.name,
		purpose: r.purpose,
		currency: r.currency,
		minorDigits: fromDbCount(r.minor_digits),
		approvalsRequired: fromDbCount(r.approvals_required),
		approverMode: r.approver_mode === 'named' ? 'named' : 'stewards',
		maxPerRequestMinor: moneyOrNull(r.max_per_request_minor),
		maxPerHouseholdMinor: moneyOrNull(r.max_per_household_minor),
		allowWaitlist: fromDbBool(r.allow_waitlist),
		kThreshold: fromDbCount(r.k_threshold),
		retentionDays: fromDbCount(r.retention_days),
		publicPage: fromDbBool(r.public_page),
		status: r.status === 'closed' ? 'closed' : 'active',
		createdAt: fromDbTime(r.created_at)
	};
}

export interface FundWrite {
	name: string;
	purpose: string;
	currency: string;
	minorDigits: number;
	approvalsRequired: number;
	approverMode: 'stewards' | 'named';
	maxPerRequestMinor: number | null;
	maxPerHouseholdMinor: number | null;
	allowWaitlist: boolean;
	kThreshold: number;
	retentionDays: number;
	publicPage: boolean;
	status: 'active' | 'closed';
}

function fundColumns(f: FundWrite) {
	return {
		name: f.name,
		name_key: f.name.toLowerCase(),
		purpose: f.purpose,
		currency: f.currency,
		minor_digits: f.minorDigits,
		approvals_required: f.approvalsRequired,
		approver_mode: f.approverMode,
		max_per_request_minor: f.maxPerRequestMinor,
		max_per_household_minor: f.maxPerHouseholdMinor,
		allow_waitlist: f.allowWaitlist,
		k_threshold: f.kThreshold,
		retention_days: f.retentionDays,
		public_page: f.publicPage,
		status: f.status
	};
}

/** A new fund and its accounts, each starting at zero. */
export async function insertFund(db: Executor, id: string, networkId: string, f: FundWrite, now: Date): Promise<void> {
	await db
		.insertInto('funds')
		.values({ id, network_id: networkId, ...fundColumns(f), lock_version: 0, created_at: toDbTime(now), updated_at: toDbTime(now) })
		.execute();
	await db
		.insertInto('ledger_accounts')
		.values(ACCOUNT_CODES.map((code) => ({ id: newId(now), network_id: networkId, fund_id: id, code, balance_minor: 0 })))
		.execute();
}

export async function updateFund(db: Executor, id: string, f: FundWrite, now: Date): Promise<void> {
	await db
		.updateTable('funds')
		.set({ ...fundColumns(f), updated_at: toDbTime(now) })
		.where('id', '=', id)
		.execute();
}

export async function nameTaken(db: Executor, networkId: string, name: string, exceptId: string | null): Promise<boolean> {
	let q = db.selectFrom('funds').select('id').where('network_id', '=', networkId).where('name_key', '=', name.toLowerCase());
	if (exceptId !== null) q = q.where('id', '!=', exceptId);
	return (await q.executeTakeFirst()) !== undefined;
}

export async function findFund(db: Executor, networkId: string, id: string): Promise<FundRow | undefined> {
	const r = await db.selectFrom('funds').select(FUND_COLUMNS).where('network_id', '=', networkId).where('id', '=', id).executeTakeFirst();
	return r ? toFund(r) : undefined;
}

export async function listFunds(db: Executor, networkId: string): Promise<FundRow[]> {
	const rows = await db.selectFrom('funds').select(FUND_COLUMNS).where('network_id', '=', networkId).orderBy('status').orderBy('created_at').execute();
	return rows.map(toFund);
}

/**
 * Takes the fund's lock for the rest of the transaction: an update of its row, which makes any
 * other transaction touching the fund's money wait (a row lock in PostgreSQL, the write lock
 * in SQLite). Decisions that read balances or limits and then write take it first, so two
 * approvers or two payments can never both spend the last dollars.
 */
export async function lockFund(trx: Executor, fundId: string): Promise<void> {
	await trx
		.updateTable('funds')
		.set({ lock_version: sql`lock_version + 1` })
		.where('id', '=', fundId)
		.execute();
}

export async function replaceApprovers(db: Executor, fundId: string, userIds: readonly string[]): Promise<void> {
	await db.deleteFrom('fund_approvers').where('fund_id', '=', fundId).execute();
	if (userIds.length > 0)
		await db
			.insertInto('fund_approvers')
			.values(userIds.map((u) => ({ fund_id: fundId, user_id: u })))
			.execute();
}

export async function listApproverIds(db: Executor, fundId: string): Promise<string[]> {
	const rows = await db.selectFrom('fund_approvers').select('user_id').where('fund_id', '=', fundId).orderBy('user_id').execute();
	return rows.map((r) => r.user_id);
}

/** Named approvers who are still active members of the network. */
export async function listActiveApprovers(db: Executor, fundId: string, networkId: string): Promise<{ id: string; name: string }[]> {
	const rows = await db
		.selectFrom('fund_approvers')
		.innerJoin('memberships', (j) => j.onRef('memberships.user_id', '=', 'fund_approvers.user_id').on('memberships.network_id', '=', networkId))
		.innerJoin('users', 'users.id', 'fund_approvers.user_id')
		.select(['users.id', 'users.display_name'])
		.where('fund_approvers.fund_id', '=', fundId)
		.where('memberships.status', '=', 'active')
		.orderBy('users.display_name')
		.execute();
	return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

// ── Ledger ────────────────────────────────────────────────────────────────────────────────

export async function accountBalances(db: Executor, fundIds: readonly string[]): Promise<Map<string, Map<AccountCode, number>>> {
	const out = new Map<string, Map<AccountCode, number>>();
	if (fundIds.length === 0) return out;
	const rows = await db
		.selectFrom('ledger_accounts')
		.select(['fund_id', 'code', 'balance_minor'])
		.where('fund_id', 'in', [...fundIds])
		.execute();
	for (const r of rows) {
		const code = ACCOUNT_CODES.find((c) => c === r.code);
		if (code === undefined) continue;
		const m = out.get(r.fund_id) ?? new Map<AccountCode, number>();
		m.set(code, money(r.balance_minor));
		out.set(r.fund_id, m);
	}
	return out;
}

export interface TxnWrite {
	networkId: string;
	fundId: string;
	kind: TxnKind;
	occurredOn: string;
	lines: readonly Line[];
	donationId?: string | null;
	requestId?: string | null;
	reversesId?: string | null;
	otherFundId?: string | null;
	purpose?: string | null;
	memo?: string | null;
	actorId: string | null;
	now: Date;
}

/**
 * Writes one balanced transaction: its row, its lines, and the cached balances of the accounts
 * it touches, all in the caller's transaction. An unbalanced set of lines is a bug and throws
 * before anything is written.
 */
export async function postTxn(trx: Executor, t: TxnWrite): Promise<string> {
	if (!isBalanced(t.lines)) throw new Error(`ledger: unbalanced ${t.kind} transaction`);
	const accounts = await trx.selectFrom('ledger_accounts').select(['id', 'code']).where('fund_id', '=', t.fundId).execute();
	const idOf = new Map(accounts.map((a) => [a.code, a.id]));
	const id = newId(t.now);
	await trx
		.insertInto('ledger_txns')
		.values({
			id,
			network_id: t.networkId,
			fund_id: t.fundId,
			kind: t.kind,
			occurred_on: t.occurredOn,
			donation_id: t.donationId ?? null,
			request_id: t.requestId ?? null,
			reverses_id: t.reversesId ?? null,
			other_fund_id: t.otherFundId ?? null,
			purpose: t.purpose ?? null,
			memo: t.memo ?? null,
			actor_id: t.actorId,
			created_at: toDbTime(t.now)
		})
		.execute();
	const entries = t.lines.map((l) => {
		const accountId = idOf.get(l.account);
		if (accountId === undefined) throw new Error(`ledger: fund ${t.fundId} has no ${l.account} account`);
		return {
			id: newId(t.now),
			txn_id: id,
			network_id: t.networkId,
			fund_id: t.fundId,
			account_id: accountId,
			amount_minor: l.amountMinor,
			created_at: toDbTime(t.now)
		};
	});
	await trx.insertInto('ledger_entries').values(entries).execute();
	for (const e of entries) {
		await trx
			.updateTable('ledger_accounts')
			.set({ balance_minor: sql`balance_minor + ${e.amount_minor}` })
			.where('id', '=', e.account_id)
			.execute();
	}
	return id;
}

export interface TxnRow {
	id: string;
	kind: TxnKind;
	occurredOn: string;
	donationId: string | null;
	requestId: string | null;
	reversesId: string | null;
	otherFundId: string | null;
	purpose: string | null;
	memo: string | null;
	actorName: string | null;
	createdAt: Date;
	lines: Line[];
}

function asTxnKind(v: string): TxnKind {
	switch (v) {
		case 'donation':
		case 'fee':
		case 'approval':
		case 'cancellation':
		case 'payment':
		case 'transfer_out':
		case 'transfer_in':
		case 'reversal':
			return v;
		default:
			throw new Error(`ledger: unknown transaction kind ${v}`);
	}
}

function asAccount(v: string): AccountCode {
	const code = ACCOUNT_CODES.find((c) => c === v);
	if (code === undefined) throw new Error(`ledger: unknown account ${v}`);
	return code;
}

/** Transactions of a fund with their lines, newest first, optionally within [from, to) by record time. */
export async function listTxns(
	db: Executor,
	fundId: string,
	opts: { limit: number; offset: number; from?: Date; to?: Date; oldestFirst?: boolean; ids?: readonly string[] }
): Promise<TxnRow[]> {
	let q = db
		.selectFrom('ledger_txns')
		.leftJoin('users', 'users.id', 'ledger_txns.actor_id')
		.select([
			'ledger_txns.id',
			'ledger_txns.kind',
			'ledger_txns.occurred_on',
			'ledger_txns.donation_id',
			'ledger_txns.request_id',
			'ledger_txns.reverses_id',
			'ledger_txns.other_fund_id',
			'ledger_txns.purpose',
			'ledger_txns.memo',
			'ledger_txns.created_at',
			'users.display_name'
		])
		.where('ledger_txns.fund_id', '=', fundId);
	if (opts.ids) q = q.where('ledger_txns.id', 'in', [...opts.ids]);
	if (opts.from) q = q.where('ledger_txns.created_at', '>=', toDbTime(opts.from));
	if (opts.to) q = q.where('ledger_txns.created_at', '<', toDbTime(opts.to));
	const dir = opts.oldestFirst ? 'asc' : 'desc';
	const txns = await q.orderBy('ledger_txns.created_at', dir).orderBy('ledger_txns.id', dir).limit(opts.limit).offset(opts.offset).execute();
	if (txns.length === 0) return [];
	const lines = await db
		.selectFrom('ledger_entries')
		.innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_entries.account_id')
		.select(['ledger_entries.txn_id', 'ledger_accounts.code', 'ledger_entries.amount_minor'])
		.where(
			'ledger_entries.txn_id',
			'in',
			txns.map((t) => t.id)
		)
		.orderBy('ledger_entries.id')
		.execute();
	const byTxn = new Map<string, Line[]>();
	for (const l of lines) {
		const list = byTxn.get(l.txn_id) ?? [];
		list.push({ account: asAccount(l.code), amountMinor: money(l.amount_minor) });
		byTxn.set(l.txn_id, list);
	}
	return txns.map((t) => ({
		id: t.id,
		kind: asTxnKind(t.kind),
		occurredOn: t.occurred_on,
		donationId: t.donation_id,
		requestId: t.request_id,
		reversesId: t.reverses_id,
		otherFundId: t.other_fund_id,
		purpose: t.purpose,
		memo: t.memo,
		actorName: t.display_name,
		createdAt: fromDbTime(t.created_at),
		lines: byTxn.get(t.id) ?? []
	}));
}

export async function countTxns(db: Executor, fundId: string): Promise<number> {
	const r = await db
		.selectFrom('ledger_txns')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('fund_id', '=', fundId)
		.executeTakeFirst();
	return fromDbCount(r?.n);
}

/** The transactions written for a donation (the gift and its fee), oldest first. */
export async function txnIdsForDonation(db: Executor, donationId: string): Promise<{ id: string; kind: string }[]> {
	return db.selectFrom('ledger_txns').select(['id', 'kind']).where('donation_id', '=', donationId).orderBy('created_at').execute();
}

/** Cached balance per account against the sum of its lines, and each transaction's sum. */
export async function ledgerSums(db: Executor, opts: { networkId?: string }) {
	let cachedQ = db.selectFrom('ledger_accounts').select(['id', 'fund_id', 'code', 'balance_minor']);
	let sumsQ = db
		.selectFrom('ledger_entries')
		.select((eb) => ['account_id', eb.fn.sum<number | string>('amount_minor').as('total')])
		.groupBy('account_id');
	let txnQ = db
		.selectFrom('ledger_entries')
		.select((eb) => ['txn_id', eb.fn.sum<number | string>('amount_minor').as('total'), eb.fn.countAll<number | string>().as('n')])
		.groupBy('txn_id');
	if (opts.networkId !== undefined) {
		cachedQ = cachedQ.where('network_id', '=', opts.networkId);
		sumsQ = sumsQ.where('network_id', '=', opts.networkId);
		txnQ = txnQ.where('network_id', '=', opts.networkId);
	}
	const [cached, sums, txns] = await Promise.all([cachedQ.execute(), sumsQ.execute(), txnQ.execute()]);
	return {
		accounts: cached.map((a) => ({ id: a.id, fundId: a.fund_id, code: a.code, balance: money(a.balance_minor) })),
		sums: new Map(sums.map((s) => [s.account_id, Number(s.total ?? 0)])),
		txnSums: new Map(txns.map((t) => [t.txn_id, fromDbCount(t.n) < 2 ? Number.NaN : Number(t.total ?? 0)]))
	};
}

// ── Donations ─────────────────────────────────────────────────────────────────────────────

export interface DonationWrite {
	id: string;
	networkId: string;
	fundId: string;
	amountMinor: number;
	feeMinor: number;
	receivedOn: string;
	method: string;
	donorName: string | null;
	recurring: boolean;
	providerRef: string | null;
	source: 'manual' | 'import';
	recordedBy: string;
	now: Date;
}

export async function insertDonation(db: Executor, d: DonationWrite): Promise<void> {
	await db
		.insertInto('fund_donations')
		.values({
			id: d.id,
			network_id: d.networkId,
			fund_id: d.fundId,
			amount_minor: d.amountMinor,
			fee_minor: d.feeMinor,
			received_on: d.receivedOn,
			method: d.method,
			donor_name: d.donorName,
			recurring: d.recurring,
			provider_ref: d.providerRef,
			source: d.source,
			reversed_at: null,
			recorded_by: d.recordedBy,
			created_at: toDbTime(d.now)
		})
		.execute();
}

export interface DonationRow {
	id: string;
	amountMinor: number;
	feeMinor: number;
	receivedOn: string;
	method: string;
	donorName: string | null;
	recurring: boolean;
	providerRef: string | null;
	source: string;
	reversedAt: Date | null;
	createdAt: Date;
}

const DONATION_COLUMNS = [
	'id',
	'amount_minor',
	'fee_minor',
	'received_on',
	'method',
	'donor_name',
	'recurring',
	'provider_ref',
	'source',
	'reversed_at',
	'created_at'
] as const;

function toDonation(r: {
	id: string;
	amount_minor: number | string;
	fee_minor: number | string;
	received_on: string;
	method: string;
	donor_name: string | null;
	recurring: boolean | number;
	provider_ref: string | null;
	source: string;
	reversed_at: string | Date | null;
	created_at: string | Date;
}): DonationRow {
	return {
		id: r.id,
		amountMinor: money(r.amount_minor),
		feeMinor: money(r.fee_minor),
		receivedOn: r.received_on,
		method: r.method,
		donorName: r.donor_name,
		recurring: fromDbBool(r.recurring),
		providerRef: r.provider_ref,
		source: r.source,
		reversedAt: fromDbTimeOrNull(r.reversed_at),
		createdAt: fromDbTime(r.created_at)
	};
}

export async function listDonations(db: Executor, fundId: string, opts: { limit: number; offset: number }): Promise<DonationRow[]> {
	const rows = await db
		.selectFrom('fund_donations')
		.select(DONATION_COLUMNS)
		.where('fund_id', '=', fundId)
		.orderBy('received_on', 'desc')
		.orderBy('id', 'desc')
		.limit(opts.limit)
		.offset(opts.offset)
		.execute();
	return rows.map(toDonation);
}

export async function countDonations(db: Executor, fundId: string): Promise<number> {
	const r = await db
		.selectFrom('fund_donations')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('fund_id', '=', fundId)
		.executeTakeFirst();
	return fromDbCount(r?.n);
}

export async function findDonation(db: Executor, fundId: string, id: string): Promise<DonationRow | undefined> {
	const r = await db.selectFrom('fund_donations').select(DONATION_COLUMNS).where('fund_id', '=', fundId).where('id', '=', id).executeTakeFirst();
	return r ? toDonation(r) : undefined;
}

/** Marks a donation reversed; false when it already was (another steward got there first). */
export async function markDonationReversed(db: Executor, id: string, now: Date): Promise<boolean> {
	const r = await db
		.updateTable('fund_donations')
		.set({ reversed_at: toDbTime(now) })
		.where('id', '=', id)
		.where('reversed_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Provider references already imported into this fund, among those given. */
export async function existingRefs(db: Executor, fundId: string, refs: readonly string[]): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	for (let i = 0; i < refs.length; i += 500) {
		const chunk = refs.slice(i, i + 500);
		const rows = await db
			.selectFrom('fund_donations')
			.select(['provider_ref', 'amount_minor'])
			.where('fund_id', '=', fundId)
			.where('provider_ref', 'in', chunk)
			.execute();
		for (const r of rows) if (r.provider_ref !== null) out.set(r.provider_ref, money(r.amount_minor));
	}
	return out;
}

// ── Requests and decisions ────────────────────────────────────────────────────────────────

export interface RequestRow {
	id: string;
	networkId: string;
	fundId: string;
	source: 'self' | 'on_behalf';
	requesterId: string | null;
	requesterName: string | null;
	recordedById: string | null;
	askId: string | null;
	householdKey: string;
	purpose: string;
	amountMinor: number;
	approvedMinor: number | null;
	dueOn: string | null;
	privateEnc: string | null;
	status: string;
	declineReason: string | null;
	decidedAt: Date | null;
	paidAt: Date | null;
	paymentMethod: string | null;
	paymentReference: string | null;
	finishedAt: Date | null;
	privatePurgedAt: Date | null;
	version: number;
	createdAt: Date;
	updatedAt: Date;
}

function requestQuery(db: Executor) {
	return db
		.selectFrom('fund_requests')
		.leftJoin('users', 'users.id', 'fund_requests.requester_id')
		.select([
			'fund_requests.id',
			'fund_requests.network_id',
			'fund_requests.fund_id',
			'fund_requests.source',
			'fund_requests.requester_id',
			'users.display_name as requester_name',
			'fund_requests.recorded_by',
			'fund_requests.ask_id',
			'fund_requests.household_key',
			'fund_requests.purpose',
			'fund_requests.amount_minor',
			'fund_requests.approved_minor',
			'fund_requests.due_on',
			'fund_requests.private_enc',
			'fund_requests.status',
			'fund_requests.decline_reason',
			'fund_requests.decided_at',
			'fund_requests.paid_at',
			'fund_requests.payment_method',
			'fund_requests.payment_reference',
			'fund_requests.finished_at',
			'fund_requests.private_purged_at',
			'fund_requests.version',
			'fund_requests.created_at',
			'fund_requests.updated_at'
		]);
}

type RequestDbRow = Awaited<ReturnType<ReturnType<typeof requestQuery>['executeTakeFirstOrThrow']>>;

function toRequest(r: RequestDbRow): RequestRow {
	return {
		id: r.id,
		networkId: r.network_id,
		fundId: r.fund_id,
		source: r.source === 'on_behalf' ? 'on_behalf' : 'self',
		requesterId: r.requester_id,
		requesterName: r.requester_name,
		recordedById: r.recorded_by,
		askId: r.ask_id,
		householdKey: r.household_key,
		purpose: r.purpose,
		amountMinor: money(r.amount_minor),
		approvedMinor: moneyOrNull(r.approved_minor),
		dueOn: r.due_on,
		privateEnc: r.private_enc,
		status: r.status,
		declineReason: r.decline_reason,
		decidedAt: fromDbTimeOrNull(r.decided_at),
		paidAt: fromDbTimeOrNull(r.paid_at),
		paymentMethod: r.payment_method,
		paymentReference: r.payment_reference,
		finishedAt: fromDbTimeOrNull(r.finished_at),
		privatePurgedAt: fromDbTimeOrNull(r.private_purged_at),
		version: fromDbCount(r.version),
		createdAt: fromDbTime(r.created_at),
		updatedAt: fromDbTime(r.updated_at)
	};
}

export interface RequestWrite {
	id: string;
	networkId: string;
	fundId: string;
	source: 'self' | 'on_behalf';
	requesterId: string | null;
	recordedBy: string | null;
	askId: string | null;
	householdKey: string;
	purpose: string;
	amountMinor: number;
	dueOn: string | null;
	privateEnc: string | null;
	now: Date;
}

export async function insertRequest(db: Executor, r: RequestWrite): Promise<void> {
	await db
		.insertInto('fund_requests')
		.values({
			id: r.id,
			network_id: r.networkId,
			fund_id: r.fundId,
			source: r.source,
			requester_id: r.requesterId,
			recorded_by: r.recordedBy,
			ask_id: r.askId,
			household_key: r.householdKey,
			purpose: r.purpose,
			amount_minor: r.amountMinor,
			approved_minor: null,
			due_on: r.dueOn,
			private_enc: r.privateEnc,
			status: 'pending',
			decline_reason: null,
			decided_at: null,
			paid_at: null,
			payment_method: null,
			payment_reference: null,
			finished_at: null,
			private_purged_at: null,
			version: 0,
			created_at: toDbTime(r.now),
			updated_at: toDbTime(r.now)
		})
		.execute();
}

export async function findRequest(db: Executor, fundId: string, id: string): Promise<RequestRow | undefined> {
	const r = await requestQuery(db).where('fund_requests.fund_id', '=', fundId).where('fund_requests.id', '=', id).executeTakeFirst();
	return r ? toRequest(r) : undefined;
}

export interface RequestFilter {
	statuses?: readonly string[];
	/** Only requests this person asked for or recorded. */
	involving?: string;
}

export async function listRequests(db: Executor, fundId: string, f: RequestFilter, opts: { limit: number; offset: number }): Promise<RequestRow[]> {
	let q = requestQuery(db).where('fund_requests.fund_id', '=', fundId);
	if (f.statuses && f.statuses.length > 0) q = q.where('fund_requests.status', 'in', [...f.statuses]);
	const who = f.involving;
	if (who !== undefined) q = q.where((eb) => eb.or([eb('fund_requests.requester_id', '=', who), eb('fund_requests.recorded_by', '=', who)]));
	const rows = await q.orderBy('fund_requests.created_at', 'desc').orderBy('fund_requests.id', 'desc').limit(opts.limit).offset(opts.offset).execute();
	return rows.map(toRequest);
}

export async function countRequests(db: Executor, fundId: string, f: RequestFilter): Promise<number> {
	let q = db
		.selectFrom('fund_requests')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('fund_id', '=', fundId);
	if (f.statuses && f.statuses.length > 0) q = q.where('status', 'in', [...f.statuses]);
	const who = f.involving;
	if (who !== undefined) q = q.where((eb) => eb.or([eb('requester_id', '=', who), eb('recorded_by', '=', who)]));
	const r = await q.executeTakeFirst();
	return fromDbCount(r?.n);
}

/**
 * Locks a request for a decision: bumps its version only if it is still in one of `from`, so a
 * decision taken on a stale page loses cleanly, and concurrent decisions on the same request
 * queue behind each other (row lock in PostgreSQL, write lock in SQLite).
 */
export async function lockRequest(trx: Executor, id: string, from: readonly string[], now: Date): Promise<boolean> {
	const r = await trx
		.updateTable('fund_requests')
		.set({ version: sql`version + 1`, updated_at: toDbTime(now) })
		.where('id', '=', id)
		.where('status', 'in', [...from])
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export interface RequestSet {
	status: string;
	approvedMinor?: number | null;
	declineReason?: string | null;
	decidedAt?: Date | null;
	paidAt?: Date | null;
	paymentMethod?: string | null;
	paymentReference?: string | null;
	finishedAt?: Date | null;
}

export async function setRequest(trx: Executor, id: string, s: RequestSet, now: Date): Promise<void> {
	await trx
		.updateTable('fund_requests')
		.set({
			status: s.status,
			...(s.approvedMinor !== undefined ? { approved_minor: s.approvedMinor } : {}),
			...(s.declineReason !== undefined ? { decline_reason: s.declineReason } : {}),
			...(s.decidedAt !== undefined ? { decided_at: s.decidedAt === null ? null : toDbTime(s.decidedAt) } : {}),
			...(s.paidAt !== undefined ? { paid_at: s.paidAt === null ? null : toDbTime(s.paidAt) } : {}),
			...(s.paymentMethod !== undefined ? { payment_method: s.paymentMethod } : {}),
			...(s.paymentReference !== undefined ? { payment_reference: s.paymentReference } : {}),
			...(s.finishedAt !== undefined ? { finished_at: s.finishedAt === null ? null : toDbTime(s.finishedAt) } : {}),
			updated_at: toDbTime(now)
		})
		.where('id', '=', id)
		.execute();
}

/** What a household has been granted from a fund since `since` (approved, waiting for money, or paid). */
export async function householdGranted(db: Executor, fundId: string, householdKey: string, since: Date, exceptId: string): Promise<number> {
	const r = await db
		.selectFrom('fund_requests')
		.select((eb) => eb.fn.sum<number | string>('approved_minor').as('total'))
		.where('fund_id', '=', fundId)
		.where('household_key', '=', householdKey)
		.where('status', 'in', GRANTED_STATUSES)
		.where('decided_at', '>=', toDbTime(since))
		.where('id', '!=', exceptId)
		.executeTakeFirst();
	return Number(r?.total ?? 0);
}

/** Waitlisted requests of a fund, first decided first. */
export async function listWaitlisted(db: Executor, fundId: string): Promise<RequestRow[]> {
	const rows = await requestQuery(db)
		.where('fund_requests.fund_id', '=', fundId)
		.where('fund_requests.status', '=', 'waitlisted')
		.orderBy('fund_requests.decided_at')
		.orderBy('fund_requests.id')
		.limit(200)
		.execute();
	return rows.map(toRequest);
}

export interface DecisionWrite {
	requestId: string;
	networkId: string;
	actorId: string | null;
	kind: string;
	amountMinor: number | null;
	reason: string | null;
	noteEnc: string | null;
	now: Date;
}

/** Appends a decision. An approval carries its approver as `approval_key`, unique per request. */
export async function insertDecision(db: Executor, d: DecisionWrite): Promise<string> {
	const id = newId(d.now);
	await db
		.insertInto('fund_decisions')
		.values({
			id,
			request_id: d.requestId,
			network_id: d.networkId,
			actor_id: d.actorId,
			kind: d.kind,
			amount_minor: d.amountMinor,
			reason: d.reason,
			note_enc: d.noteEnc,
			approval_key: d.kind === 'approve' ? d.actorId : null,
			created_at: toDbTime(d.now)
		})
		.execute();
	return id;
}

export interface DecisionRow {
	id: string;
	actorId: string | null;
	actorName: string | null;
	kind: string;
	amountMinor: number | null;
	reason: string | null;
	noteEnc: string | null;
	createdAt: Date;
}

export async function listDecisions(db: Executor, requestId: string): Promise<DecisionRow[]> {
	const rows = await db
		.selectFrom('fund_decisions')
		.leftJoin('users', 'users.id', 'fund_decisions.actor_id')
		.select([
			'fund_decisions.id',
			'fund_decisions.actor_id',
			'users.display_name',
			'fund_decisions.kind',
			'fund_decisions.amount_minor',
			'fund_decisions.reason',
			'fund_decisions.note_enc',
			'fund_decisions.created_at'
		])
		.where('fund_decisions.request_id', '=', requestId)
		.orderBy('fund_decisions.created_at')
		.orderBy('fund_decisions.id')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		actorId: r.actor_id,
		actorName: r.display_name,
		kind: r.kind,
		amountMinor: moneyOrNull(r.amount_minor),
		reason: r.reason,
		noteEnc: r.note_enc,
		createdAt: fromDbTime(r.created_at)
	}));
}

/** Every approval of a request, each person once (the unique key), eligible today or not. */
export async function listApprovals(db: Executor, requestId: string): Promise<{ actorId: string; amountMinor: number }[]> {
	const rows = await db
		.selectFrom('fund_decisions')
		.select(['actor_id', 'amount_minor'])
		.where('request_id', '=', requestId)
		.where('kind', '=', 'approve')
		.execute();
	return rows.flatMap((r) => (r.actor_id === null || r.amount_minor === null ? [] : [{ actorId: r.actor_id, amountMinor: money(r.amount_minor) }]));
}

/**
 * Approvals that count toward a decision: by people who may still approve for this fund (active
 * stewards and admins, or the fund's named approvers who are still active members). An approval
 * by someone since removed or demoted stays in the history but no longer counts.
 */
export async function listEligibleApprovals(
	db: Executor,
	requestId: string,
	fund: Pick<FundRow, 'id' | 'networkId' | 'approverMode'>
): Promise<{ actorId: string; amountMinor: number }[]> {
	let q = db
		.selectFrom('fund_decisions')
		.innerJoin('memberships', (j) => j.onRef('memberships.user_id', '=', 'fund_decisions.actor_id').on('memberships.network_id', '=', fund.networkId))
		.select(['fund_decisions.actor_id', 'fund_decisions.amount_minor'])
		.where('fund_decisions.request_id', '=', requestId)
		.where('fund_decisions.kind', '=', 'approve')
		.where('memberships.status', '=', 'active');
	q =
		fund.approverMode === 'stewards'
			? q.where('memberships.role', 'in', ['steward', 'admin'])
			: q.where('fund_decisions.actor_id', 'in', db.selectFrom('fund_approvers').select('user_id').where('fund_id', '=', fund.id));
	const rows = await q.execute();
	return rows.flatMap((r) => (r.actor_id === null || r.amount_minor === null ? [] : [{ actorId: r.actor_id, amountMinor: money(r.amount_minor) }]));
}

/** Counts of approvals per request, for lists. */
export async function approvalCounts(db: Executor, requestIds: readonly string[]): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	if (requestIds.length === 0) return out;
	const rows = await db
		.selectFrom('fund_decisions')
		.select((eb) => ['request_id', eb.fn.countAll<number | string>().as('n')])
		.where('request_id', 'in', [...requestIds])
		.where('kind', '=', 'approve')
		.groupBy('request_id')
		.execute();
	for (const r of rows) out.set(r.request_id, fromDbCount(r.n));
	return out;
}

/** Every fund with its retention period, for the purge. */
export async function listRetention(db: Executor): Promise<{ id: string; retentionDays: number }[]> {
	const rows = await db.selectFrom('funds').select(['id', 'retention_days']).execute();
	return rows.map((r) => ({ id: r.id, retentionDays: fromDbCount(r.retention_days) }));
}

/** Finished requests of a fund whose private parts are still there and finished before `before`. */
export async function listPurgeDue(db: Executor, fundId: string, before: Date, limit: number): Promise<string[]> {
	const rows = await db
		.selectFrom('fund_requests')
		.select('id')
		.where('fund_id', '=', fundId)
		.where('status', 'in', ['paid', 'declined', 'cancelled'])
		.where('private_purged_at', 'is', null)
		.where('finished_at', '<=', toDbTime(before))
		.orderBy('finished_at')
		.limit(limit)
		.execute();
	return rows.map((r) => r.id);
}

/** Erases a request's private part and its decisions' notes; amounts, purposes and dates stay. */
export async function purgeRequestPrivate(db: Executor, id: string, now: Date): Promise<void> {
	await db
		.updateTable('fund_requests')
		.set({ private_enc: null, private_purged_at: toDbTime(now), updated_at: toDbTime(now) })
		.where('id', '=', id)
		.execute();
	await db.updateTable('fund_decisions').set({ note_enc: null }).where('request_id', '=', id).execute();
}

// ── Reports ───────────────────────────────────────────────────────────────────────────────

/** Paid requests of a fund, for the public figures (no names, no notes). */
export async function listPaidForReport(db: Executor, fundId: string) {
	const rows = await db
		.selectFrom('fund_requests')
		.select(['id', 'household_key', 'purpose', 'approved_minor', 'created_at', 'paid_at'])
		.where('fund_id', '=', fundId)
		.where('status', '=', 'paid')
		.execute();
	return rows.flatMap((r) =>
		r.paid_at === null || r.approved_minor === null
			? []
			: [
					{
						id: r.id,
						household: r.household_key,
						purpose: r.purpose,
						amountMinor: money(r.approved_minor),
						requestedAt: fromDbTime(r.created_at),
						paidAt: fromDbTime(r.paid_at)
					}
				]
	);
}

/**
 * The fund's cash lines that are not payments to households (donations, fees, transfers,
 * corrections), summed per calendar month (UTC) of when they were recorded and per kind, with how
 * many there were: the public figures need no more, and a month's sums stay small however many
 * donations a fund has had.
 */
export async function cashFlowsByMonth(db: Executor, dialect: DialectName, fundId: string) {
	const month =
		dialect === 'sqlite' ? sql<string>`substr(ledger_txns.created_at, 1, 7)` : sql<string>`to_char(ledger_txns.created_at at time zone 'UTC', 'YYYY-MM')`;
	const rows = await db
		.selectFrom('ledger_entries')
		.innerJoin('ledger_txns', 'ledger_txns.id', 'ledger_entries.txn_id')
		.select((eb) => [
			month.as('month'),
			'ledger_txns.kind',
			eb.fn.sum<number | string>('ledger_entries.amount_minor').as('total'),
			eb.fn.countAll<number | string>().as('n')
		])
		.where('ledger_entries.account_id', '=', (eb) => eb.selectFrom('ledger_accounts').select('id').where('fund_id', '=', fundId).where('code', '=', 'cash'))
		.where('ledger_txns.kind', '!=', 'payment')
		.groupBy([month, 'ledger_txns.kind'])
		.execute();
	return rows.map((r) => ({ month: r.month, kind: r.kind, amountMinor: Number(r.total ?? 0), count: fromDbCount(r.n) }));
}

/** Entries for the bookkeeping export, oldest first, for money that moved on days within [fromDay, toDay). */
export async function listEntriesForExport(db: Executor, fundId: string, fromDay: string, toDay: string) {
	const rows = await db
		.selectFrom('ledger_txns')
		.innerJoin('ledger_entries', 'ledger_entries.txn_id', 'ledger_txns.id')
		.innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_entries.account_id')
		.select([
			'ledger_txns.id as txn_id',
			'ledger_txns.kind',
			'ledger_txns.occurred_on',
			'ledger_txns.created_at',
			'ledger_txns.purpose',
			'ledger_txns.memo',
			'ledger_txns.reverses_id',
			'ledger_accounts.code',
			'ledger_entries.amount_minor'
		])
		.where('ledger_txns.fund_id', '=', fundId)
		.where('ledger_txns.occurred_on', '>=', fromDay)
		.where('ledger_txns.occurred_on', '<', toDay)
		.orderBy('ledger_txns.occurred_on')
		.orderBy('ledger_txns.created_at')
		.orderBy('ledger_txns.id')
		.orderBy('ledger_entries.id')
		.execute();
	return rows.map((r) => ({
		txnId: r.txn_id,
		kind: r.kind,
		occurredOn: r.occurred_on,
		recordedAt: fromDbTime(r.created_at),
		purpose: r.purpose,
		memo: r.memo,
		reversesId: r.reverses_id,
		account: r.code,
		amountMinor: money(r.amount_minor)
	}));
}

/** Sum of lines per account for money that moved on or after `fromDay` (YYYY-MM-DD), found through the day index. */
export async function accountTotalsSince(db: Executor, fundId: string, fromDay: string): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('ledger_txns')
		.innerJoin('ledger_entries', 'ledger_entries.txn_id', 'ledger_txns.id')
		.innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_entries.account_id')
		.select((eb) => ['ledger_accounts.code', eb.fn.sum<number | string>('ledger_entries.amount_minor').as('total')])
		.where('ledger_txns.fund_id', '=', fundId)
		.where('ledger_txns.occurred_on', '>=', fromDay)
		.groupBy('ledger_accounts.code')
		.execute();
	return new Map(rows.map((r) => [r.code, Number(r.total ?? 0)]));
}

/** Sum of cash lines per kind of transaction for money that moved on days within [fromDay, toDay). */
export async function cashByKindBetween(db: Executor, fundId: string, fromDay: string, toDay: string): Promise<Map<string, number>> {
	const rows = await db
		.selectFrom('ledger_txns')
		.innerJoin('ledger_entries', 'ledger_entries.txn_id', 'ledger_txns.id')
		.innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_entries.account_id')
		.select((eb) => ['ledger_txns.kind', eb.fn.sum<number | string>('ledger_entries.amount_minor').as('total')])
		.where('ledger_txns.fund_id', '=', fundId)
		.where('ledger_accounts.code', '=', 'cash')
		.where('ledger_txns.occurred_on', '>=', fromDay)
		.where('ledger_txns.occurred_on', '<', toDay)
		.groupBy('ledger_txns.kind')
		.execute();
	return new Map(rows.map((r) => [r.kind, Number(r.total ?? 0)]));
}

/** Who read a request's private parts (its own and its decisions' notes), newest first. */
export async function listRequestAccess(db: Executor, requestId: string, decisionIds: readonly string[]) {
	const rows = await db
		.selectFrom('access_log')
		.leftJoin('users', 'users.id', 'access_log.actor_id')
		.select(['access_log.field', 'access_log.purpose', 'access_log.created_at', 'users.display_name'])
		.where((eb) =>
			eb.or([
				eb.and([eb('access_log.resource', '=', 'fund_requests'), eb('access_log.resource_id', '=', requestId)]),
				...(decisionIds.length > 0 ? [eb.and([eb('access_log.resource', '=', 'fund_decisions'), eb('access_log.resource_id', 'in', [...decisionIds])])] : [])
			])
		)
		.orderBy('access_log.created_at', 'desc')
		.limit(200)
		.execute();
	return rows.map((r) => ({ field: r.field, purpose: r.purpose, at: fromDbTime(r.created_at), actorName: r.display_name }));
}

import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { localDay } from '$lib/domain/days';
import { findSensitive } from '$lib/domain/sensitive-text';
import {
	ACTION_FROM,
	allowedActions,
	approvedAmount,
	GRANTED_STATUSES,
	HOUSEHOLD_WINDOW_DAYS,
	householdRoom,
	mayAct,
	mayReadPrivate,
	REQUEST_STATUSES,
	type RequestAction,
	type RequestRoles,
	type RequestStatus
} from '$lib/domain/fund-requests';
import {
	approvalLines,
	available,
	cancellationLines,
	donationLines,
	feeLines,
	FUND_PURPOSES,
	fundSummary,
	ledgerDrift,
	paymentLines,
	reversalLines,
	transferInLines,
	transferOutLines,
	type Balances,
	type FundPurpose
} from '$lib/domain/ledger';
import { checkMinor, minorDigits, parseAmount } from '$lib/domain/money';
import { decodeCsvBytes, parseCsv } from '$lib/domain/csv';
import { readDonationRows, type DonationRowIn, type ImportField } from '$lib/domain/donation-import';
import { publicFundReport, type CashFlow, type PublicFundReport } from '$lib/domain/fund-report';
import type { Ctx } from '../context';
import { fromDbJson, toDbJson } from '../db/conventions';
import { flushErased, isUniqueViolation, type Executor } from '../db/index';
import { ServiceError } from '../errors';
import { findMembership } from '../members/members.repository';
import type { NetworkAccess } from '../networks/networks.service';
import { pageFrom } from '../networks/networks.service';
import { notify } from '../notify/notify.service';
import { authorize, requireAllowed, type Actor, type Resource, type Role } from '../policy/policy';
import { readPrivate, sealPrivate } from '../privacy/private-fields';
import { newId } from '../db/conventions';
import { listStewardIds } from '../asks/asks.repository';
import { findAsk } from '../asks/asks.repository';
import { SensitiveTextError } from '../asks/asks.service';
import * as repo from './funds.repository';
import type { AmountIn, DecisionInput, DonationInput, FundInput, FundRequestInput, PaymentMethod, TransferInput } from './funds.schema';

export { pageFrom };
export const FUND_PAGE_SIZE = 25;
const DAY_MS = 24 * 60 * 60 * 1000;
const REQUEST_PRIVATE = { resource: 'fund_requests', field: 'private' } as const;
const DECISION_NOTE = { resource: 'fund_decisions', field: 'note' } as const;
/** The ask category whose asks can be carried over into a fund request. */
export const LINKABLE_ASK_CATEGORY = 'rent_bills';

export interface RequestPrivate {
	note: string | null;
	payeeName: string | null;
	payeeReference: string | null;
}
const privateShape = z.object({ note: z.string().nullable(), payeeName: z.string().nullable(), payeeReference: z.string().nullable() });

export type FundRow = repo.FundRow;

/** How the person looking stands to a fund. */
export interface FundRoles {
	isMember: boolean;
	isSteward: boolean;
	isAdmin: boolean;
	isApprover: boolean;
}

export interface FundContext {
	fund: repo.FundRow;
	roles: FundRoles;
	resource: Extract<Resource, { kind: 'fund' }>;
}

function userOf(actor: Actor): string {
	if (actor.userId === null) throw new ServiceError('signed_out', undefined, 401);
	return actor.userId;
}

/** Reads an amount in the fund's currency, or refuses it with a message for that field. */
export function resolveAmount(amount: AmountIn, digits: number, locale: string, field: string): number {
	const r = 'minor' in amount ? checkMinor(amount.minor, digits) : parseAmount(amount.text, digits, locale);
	if (!r.ok) throw new ServiceError(r.code, field);
	return r.minor;
}

/** The per-household limit counts by a keyed hash, so no name or phone number is kept to apply it. */
/** The refusal of an amount over a household's limit, saying how much the household has left. */
function overHouseholdLimit(fund: repo.FundRow, usedMinor: number, field: string | undefined, status: 400 | 409): ServiceError {
	const left = householdRoom(fund.maxPerHouseholdMinor, usedMinor) ?? 0;
	return new ServiceError('over_household_limit', field, status, {
		left: { minor: left, currency: fund.currency, minorDigits: fund.minorDigits },
		days: HOUSEHOLD_WINDOW_DAYS
	});
}

function householdKey(ctx: Ctx, networkId: string, identity: string): string {
	const normal = identity
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[\s\p{P}]+/gu, '');
	return createHmac('sha256', ctx.secrets.hmacKey).update(`fund-household:${networkId}:${normal}`).digest('hex');
}

function checkSensitive(confirmed: boolean, ...texts: (string | null)[]): void {
	if (confirmed) return;
	const kinds = findSensitive(...texts);
	if (kinds.length > 0) throw new SensitiveTextError(kinds);
}

async function fundResource(db: Executor, access: NetworkAccess, fund: repo.FundRow): Promise<Extract<Resource, { kind: 'fund' }>> {
	const named = fund.approverMode === 'named' && access.actorId !== null ? (await repo.listApproverIds(db, fund.id)).includes(access.actorId) : false;
	return { kind: 'fund', networkId: access.network.id, membership: access.membership, approverMode: fund.approverMode, namedApprover: named };
}

function rolesOf(actor: Actor, access: NetworkAccess, resource: Extract<Resource, { kind: 'fund' }>): FundRoles {
	return {
		isMember: authorize(actor, 'network.member', access.resource),
		isSteward: authorize(actor, 'fund.record', access.resource),
		isAdmin: authorize(actor, 'fund.manage', access.resource),
		isApprover: authorize(actor, 'fund.approve', resource)
	};
}

/**
 * Loads a fund of the network with the person's roles. A fund without a public page is
 * visible to members only; to anyone else it does not exist (404).
 */
export async function loadFund(ctx: Ctx, actor: Actor, access: NetworkAccess, fundId: string): Promise<FundContext> {
	requireAllowed(actor, 'network.view', access.resource);
	const fund = await repo.findFund(ctx.db, access.network.id, fundId);
	if (!fund) throw new ServiceError('not_found', undefined, 404);
	const resource = await fundResource(ctx.db, access, fund);
	const roles = rolesOf(actor, access, resource);
	if (!fund.publicPage && !roles.isMember) throw new ServiceError('not_found', undefined, 404);
	return { fund, roles, resource };
}

// ── Funds ──────────────────────────────────────────────────────────────────────────────────

export interface FundListItem {
	fund: repo.FundRow;
	/** Balances for members; null for the public, who see the published figures on the fund's page. */
	summary: ReturnType<typeof fundSummary> | null;
}

/** The network's funds: all of them with balances for members, the public ones for everyone else. */
export async function listFunds(ctx: Ctx, actor: Actor, access: NetworkAccess): Promise<FundListItem[]> {
	requireAllowed(actor, 'network.view', access.resource);
	const member = authorize(actor, 'network.member', access.resource);
	const funds = (await repo.listFunds(ctx.db, access.network.id)).filter((f) => member || f.publicPage);
	if (!member) return funds.map((fund) => ({ fund, summary: null }));
	const balances = await repo.accountBalances(
		ctx.db,
		funds.map((f) => f.id)
	);
	return funds.map((fund) => ({ fund, summary: fundSummary(Object.fromEntries(balances.get(fund.id) ?? [])) }));
}

async function checkedFund(ctx: Ctx, db: Executor, access: NetworkAccess, input: FundInput, locale: string, currencyDigits: number, exceptId: string | null) {
	if (await repo.nameTaken(db, access.network.id, input.name, exceptId)) throw new ServiceError('fund_name_taken', 'name', 409);
	const maxPerRequestMinor = input.maxPerRequest === null ? null : resolveAmount(input.maxPerRequest, currencyDigits, locale, 'maxPerRequest');
	const maxPerHouseholdMinor = input.maxPerHousehold === null ? null : resolveAmount(input.maxPerHousehold, currencyDigits, locale, 'maxPerHousehold');
	let approverIds: string[] = [];
	if (input.approverMode === 'named') {
		for (const id of input.approverIds) {
			const m = await findMembership(db, access.network.id, id);
			if (!m || m.status !== 'active') throw new ServiceError('approver_not_member', 'approverIds');
		}
		approverIds = input.approverIds;
		// One more than the approvals needed, so a request made or recorded by an approver can still be decided.
		if (approverIds.length < input.approvalsRequired + 1) throw new ServiceError('approvers_too_few', 'approverIds');
	}
	const write: repo.FundWrite = {
		name: input.name,
		purpose: input.purpose,
		currency: input.currency,
		minorDigits: currencyDigits,
		approvalsRequired: input.approvalsRequired,
		approverMode: input.approverMode,
		maxPerRequestMinor,
		maxPerHouseholdMinor,
		allowWaitlist: input.allowWaitlist,
		kThreshold: input.kThreshold,
		retentionDays: input.retentionDays,
		publicPage: input.publicPage,
		status: input.closed ? 'closed' : 'active'
	};
	return { write, approverIds };
}

/** An admin creates a fund with its accounts at zero. */
export async function createFund(ctx: Ctx, actor: Actor, access: NetworkAccess, input: FundInput, locale: string): Promise<{ id: string }> {
	requireAllowed(actor, 'fund.manage', access.resource);
	const now = ctx.now();
	const id = newId(now);
	try {
		await ctx.db.transaction().execute(async (trx) => {
			const { write, approverIds } = await checkedFund(ctx, trx, access, input, locale, minorDigits(input.currency), null);
			await repo.insertFund(trx, id, access.network.id, write, now);
			await repo.replaceApprovers(trx, id, approverIds);
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('fund_name_taken', 'name', 409);
		throw e;
	}
	return { id };
}

/** An admin changes a fund's rules. The currency is fixed once money has been recorded. */
export async function updateFund(ctx: Ctx, actor: Actor, access: NetworkAccess, fundId: string, input: FundInput, locale: string): Promise<void> {
	requireAllowed(actor, 'fund.manage', access.resource);
	const fund = await repo.findFund(ctx.db, access.network.id, fundId);
	if (!fund) throw new ServiceError('not_found', undefined, 404);
	try {
		await ctx.db.transaction().execute(async (trx) => {
			await repo.lockFund(trx, fund.id);
			// Amounts already asked for are in the old currency's minor units: changing it would revalue them.
			const moneyRecorded = (await repo.countTxns(trx, fund.id)) > 0 || (await repo.countRequests(trx, fund.id, {})) > 0;
			if (input.currency !== fund.currency && moneyRecorded) throw new ServiceError('currency_locked', 'currency', 409);
			const { write, approverIds } = await checkedFund(ctx, trx, access, input, locale, minorDigits(input.currency), fund.id);
			await repo.updateFund(trx, fund.id, write, ctx.now());
			await repo.replaceApprovers(trx, fund.id, approverIds);
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('fund_name_taken', 'name', 409);
		throw e;
	}
}

/** The fund's named approvers (for the settings form and the fund page). */
export async function listFundApprovers(ctx: Ctx, fc: FundContext): Promise<{ id: string; name: string }[]> {
	return fc.fund.approverMode === 'named' ? repo.listActiveApprovers(ctx.db, fc.fund.id, fc.fund.networkId) : [];
}

async function balancesOf(db: Executor, fundId: string): Promise<Balances> {
	return Object.fromEntries((await repo.accountBalances(db, [fundId])).get(fundId) ?? []);
}

/** Current balances in people's words, for members. */
export async function fundBalances(ctx: Ctx, actor: Actor, access: NetworkAccess, fc: FundContext) {
	requireAllowed(actor, 'network.member', access.resource);
	return fundSummary(await balancesOf(ctx.db, fc.fund.id));
}

function requireActive(fund: repo.FundRow): void {
	if (fund.status !== 'active') throw new ServiceError('fund_closed', undefined, 409);
}

// ── Money in ───────────────────────────────────────────────────────────────────────────────

interface DonationFacts {
	amountMinor: number;
	feeMinor: number;
	receivedOn: string;
	method: PaymentMethod;
	donorName: string | null;
	recurring: boolean;
	providerRef: string | null;
	source: 'manual' | 'import';
}

function checkDonation(ctx: Ctx, fund: repo.FundRow, input: DonationInput, locale: string): DonationFacts {
	const amountMinor = resolveAmount(input.amount, fund.minorDigits, locale, 'amount');
	const feeMinor = input.fee === null ? 0 : resolveAmount(input.fee, fund.minorDigits, locale, 'fee');
	if (feeMinor >= amountMinor) throw new ServiceError('fee_too_large', 'fee');
	if (input.receivedOn > localDay(ctx.now())) throw new ServiceError('date_in_future', 'receivedOn');
	return {
		amountMinor,
		feeMinor,
		receivedOn: input.receivedOn,
		method: input.method,
		donorName: input.donorName,
		recurring: input.recurring,
		providerRef: input.reference,
		source: 'manual'
	};
}

/** Writes a donation and its ledger transactions (the gift, then the processor's fee) inside `trx`. */
async function writeDonation(ctx: Ctx, trx: Executor, fund: repo.FundRow, userId: string, d: DonationFacts): Promise<string> {
	const now = ctx.now();
	const id = newId(now);
	await repo.insertDonation(trx, { id, networkId: fund.networkId, fundId: fund.id, ...d, recordedBy: userId, now });
	const memo = d.providerRef === null ? d.method : `${d.method} · ${d.providerRef}`;
	await repo.postTxn(trx, {
		networkId: fund.networkId,
		fundId: fund.id,
		kind: 'donation',
		occurredOn: d.receivedOn,
		lines: donationLines(d.amountMinor),
		donationId: id,
		memo,
		actorId: userId,
		now
	});
	if (d.feeMinor > 0) {
		await repo.postTxn(trx, {
			networkId: fund.networkId,
			fundId: fund.id,
			kind: 'fee',
			occurredOn: d.receivedOn,
			lines: feeLines(d.feeMinor),
			donationId: id,
			memo,
			actorId: userId,
			now
		});
	}
	return id;
}

/** A steward records money given to the fund; requests waiting for money are funded in order. */
export async function recordDonation(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	fc: FundContext,
	input: DonationInput,
	locale: string
): Promise<{ id: string }> {
	requireAllowed(actor, 'fund.record', access.resource);
	const userId = userOf(actor);
	requireActive(fc.fund);
	const facts = checkDonation(ctx, fc.fund, input, locale);
	try {
		return await ctx.db.transaction().execute(async (trx) => {
			await repo.lockFund(trx, fc.fund.id);
			const id = await writeDonation(ctx, trx, fc.fund, userId, facts);
			await fundWaitlist(ctx, trx, access, fc.fund);
			return { id };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('duplicate_reference', 'reference', 409);
		throw e;
	}
}

/**
 * Undoes a donation recorded by mistake with new transactions of the opposite lines; the
 * original stays in the ledger. Refused when the money is already promised to requests.
 */
export async function reverseDonation(ctx: Ctx, actor: Actor, access: NetworkAccess, fc: FundContext, donationId: string): Promise<void> {
	requireAllowed(actor, 'fund.record', access.resource);
	const userId = userOf(actor);
	const donation = await repo.findDonation(ctx.db, fc.fund.id, donationId);
	if (!donation) throw new ServiceError('not_found', undefined, 404);
	await ctx.db.transaction().execute(async (trx) => {
		await repo.lockFund(trx, fc.fund.id);
		const now = ctx.now();
		if (!(await repo.markDonationReversed(trx, donation.id, now))) throw new ServiceError('already_reversed', undefined, 409);
		const net = donation.amountMinor - donation.feeMinor;
		if (available(await balancesOf(trx, fc.fund.id)) < net) throw new ServiceError('insufficient_funds', undefined, 409);
		const ids = (await repo.txnIdsForDonation(trx, donation.id)).map((t) => t.id);
		for (const original of await repo.listTxns(trx, fc.fund.id, { limit: ids.length, offset: 0, ids, oldestFirst: true })) {
			if (original.kind === 'reversal') continue;
			await repo.postTxn(trx, {
				networkId: fc.fund.networkId,
				fundId: fc.fund.id,
				kind: 'reversal',
				occurredOn: localDay(now),
				lines: reversalLines(original.lines),
				donationId: donation.id,
				reversesId: original.id,
				memo: original.memo,
				actorId: userId,
				now
			});
		}
	});
}

/** A donation as stewards list it. */
export type DonationListItem = repo.DonationRow;

export async function listDonations(ctx: Ctx, actor: Actor, access: NetworkAccess, fc: FundContext, page: number) {
	requireAllowed(actor, 'fund.record', access.resource);
	const [items, total] = await Promise.all([
		repo.listDonations(ctx.db, fc.fund.id, { limit: FUND_PAGE_SIZE, offset: (page - 1) * FUND_PAGE_SIZE }),
		repo.countDonations(ctx.db, fc.fund.id)
	]);
	return { items, total, page, pages: Math.max(1, Math.ceil(total / FUND_PAGE_SIZE)) };
}

/** Moves money to another fund of the same network and currency: an admin's decision, recorded on both sides. */
export async function transferBetweenFunds(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	fc: FundContext,
	input: TransferInput,
	locale: string
): Promise<void> {
	requireAllowed(actor, 'fund.manage', access.resource);
	const userId = userOf(actor);
	requireActive(fc.fund);
	if (input.toFund === fc.fund.id) throw new ServiceError('same_fund', 'toFund');
	const to = await repo.findFund(ctx.db, access.network.id, input.toFund);
	if (!to) throw new ServiceError('invalid_choice', 'toFund');
	requireActive(to);
	if (to.currency !== fc.fund.currency) throw new ServiceError('currency_mismatch', 'toFund');
	const amount = resolveAmount(input.amount, fc.fund.minorDigits, locale, 'amount');
	await ctx.db.transaction().execute(async (trx) => {
		// Both funds' locks, always in the same order, so two opposite transfers cannot deadlock.
		for (const id of [fc.fund.id, to.id].sort()) await repo.lockFund(trx, id);
		if (available(await balancesOf(trx, fc.fund.id)) < amount) throw new ServiceError('insufficient_funds', 'amount', 409);
		const now = ctx.now();
		const memo = input.note;
		const on = localDay(now);
		await repo.postTxn(trx, {
			networkId: fc.fund.networkId,
			fundId: fc.fund.id,
			kind: 'transfer_out',
			occurredOn: on,
			lines: transferOutLines(amount),
			otherFundId: to.id,
			memo,
			actorId: userId,
			now
		});
		await repo.postTxn(trx, {
			networkId: to.networkId,
			fundId: to.id,
			kind: 'transfer_in',
			occurredOn: on,
			lines: transferInLines(amount),
			otherFundId: fc.fund.id,
			memo,
			actorId: userId,
			now
		});
		await fundWaitlist(ctx, trx, access, to);
	});
}

/** Rows one import may hold: a provider's monthly export, not a whole history in one go. */
export const IMPORT_MAX_ROWS = 5000;

export interface ImportRow extends DonationRowIn {
	status: 'new' | 'already_imported' | 'repeat' | 'error';
}

export interface ImportReport {
	rows: ImportRow[];
	counts: { new: number; alreadyImported: number; repeats: number; errors: number };
	/** Whether this call recorded the new rows (only when asked to and no row has a problem). */
	committed: boolean;
	newMinor: number;
}

/** A file that cannot be read at all: which columns are missing, or why it is not CSV. */
export class ImportFileError extends ServiceError {
	constructor(
		code: 'csv_bad_encoding' | 'csv_empty' | 'csv_unterminated_quote' | 'csv_too_many_rows' | 'csv_columns',
		public readonly detail: { line?: number; missing?: ImportField[]; duplicate?: ImportField[] } = {}
	) {
		super(code, 'csv', 400);
	}
}

/**
 * Imports donations from a payment provider's CSV export, all or nothing. Without `commit` it
 * only reports what would happen, row by row. With `commit`, if any row has a problem nothing is
 * written; otherwise every new row is recorded in one transaction. Rows whose provider
 * reference is already in the fund are skipped, so importing the same file twice records
 * each donation once.
 */
export async function importDonations(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	fc: FundContext,
	input: { file: Uint8Array | string; method: PaymentMethod; commit: boolean },
	locale: string
): Promise<ImportReport> {
	requireAllowed(actor, 'fund.record', access.resource);
	const userId = userOf(actor);
	requireActive(fc.fund);
	let text: string;
	if (typeof input.file === 'string') {
		text = input.file;
	} else {
		const decoded = decodeCsvBytes(input.file);
		if (!decoded.ok) throw new ImportFileError('csv_bad_encoding');
		text = decoded.text;
	}
	const parsed = parseCsv(text, { maxRows: IMPORT_MAX_ROWS });
	if (!parsed.ok) throw new ImportFileError(parsed.code, parsed.line === undefined ? {} : { line: parsed.line });
	if (parsed.rows.length === 0) throw new ImportFileError('csv_empty');
	const read = readDonationRows(parsed.header, parsed.rows, fc.fund.minorDigits, locale, localDay(ctx.now()));
	if (!read.ok) throw new ImportFileError('csv_columns', { missing: read.missing, duplicate: read.duplicate });

	const classify = async (db: Executor): Promise<ImportReport> => {
		const refs = read.rows.flatMap((r) => (r.reference === '' ? [] : [r.reference]));
		const existing = await repo.existingRefs(db, fc.fund.id, [...new Set(refs)]);
		const rows: ImportRow[] = read.rows.map((r) => {
			if (r.problems.length > 0) return { ...r, status: 'error' };
			if (r.repeatOf !== null) return { ...r, status: 'repeat' };
			const before = existing.get(r.reference);
			if (before === undefined) return { ...r, status: 'new' };
			// Already imported with another amount: the provider's record changed, which a person should look at.
			return before === r.amountMinor
				? { ...r, status: 'already_imported' }
				: { ...r, status: 'error', problems: [{ field: 'reference', code: 'duplicate_reference' }] };
		});
		const count = (s: ImportRow['status']) => rows.filter((r) => r.status === s).length;
		return {
			rows,
			counts: { new: count('new'), alreadyImported: count('already_imported'), repeats: count('repeat'), errors: count('error') },
			committed: false,
			newMinor: rows.reduce((sum, r) => sum + (r.status === 'new' ? (r.amountMinor ?? 0) : 0), 0)
		};
	};

	if (!input.commit) return classify(ctx.db);
	try {
		return await ctx.db.transaction().execute(async (trx) => {
			await repo.lockFund(trx, fc.fund.id);
			// Classified again under the fund's lock: another import of the same file may have just finished.
			const report = await classify(trx);
			if (report.counts.errors > 0) return report;
			for (const r of report.rows) {
				if (r.status !== 'new' || r.amountMinor === null || r.receivedOn === null) continue;
				await writeDonation(ctx, trx, fc.fund, userId, {
					amountMinor: r.amountMinor,
					feeMinor: r.feeMinor,
					receivedOn: r.receivedOn,
					method: input.method,
					donorName: r.donorName,
					recurring: false,
					providerRef: r.reference,
					source: 'import'
				});
			}
			await fundWaitlist(ctx, trx, access, fc.fund);
			return { ...report, committed: true };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('duplicate_reference', 'csv', 409);
		throw e;
	}
}

// ── Requests ───────────────────────────────────────────────────────────────────────────────

function asStatus(v: string): RequestStatus {
	return REQUEST_STATUSES.find((s) => s === v) ?? 'pending';
}
function asPurpose(v: string): FundPurpose {
	return FUND_PURPOSES.find((p) => p === v) ?? 'other';
}

async function notifyApprovers(
	ctx: Ctx,
	trx: Executor,
	access: NetworkAccess,
	fund: repo.FundRow,
	request: { id: string; requesterId: string | null; recordedById: string | null }
) {
	const ids =
		fund.approverMode === 'named' ? (await repo.listActiveApprovers(trx, fund.id, fund.networkId)).map((a) => a.id) : await listStewardIds(trx, fund.networkId);
	for (const userId of ids) {
		if (userId === request.requesterId || userId === request.recordedById) continue;
		await notify(ctx, trx, {
			userId,
			networkId: fund.networkId,
			kind: 'fund_request_waiting',
			params: { fund: fund.name, network: access.network.name },
			link: requestLink(access, fund, request.id),
			dedupeKey: `fund_request_waiting:${request.id}:${userId}`
		});
	}
}

function requestLink(access: NetworkAccess, fund: repo.FundRow, requestId: string): string {
	return `/n/${access.network.slug}/funds/${fund.id}/requests/${requestId}`;
}

/** Tells the person a request is for (or, for a neighbour without an account, whoever recorded it). */
async function notifyRequester(
	ctx: Ctx,
	trx: Executor,
	access: NetworkAccess,
	fund: repo.FundRow,
	request: repo.RequestRow,
	kind: 'fund_request_info' | 'fund_request_approved' | 'fund_request_waitlisted' | 'fund_request_paid',
	actorId: string | null
): Promise<void> {
	const to = request.requesterId ?? request.recordedById;
	if (to === null || to === actorId) return;
	await notify(ctx, trx, {
		userId: to,
		networkId: fund.networkId,
		kind,
		params: { fund: fund.name, network: access.network.name },
		link: requestLink(access, fund, request.id)
	});
}

/**
 * A request for money: for oneself (any member) or recorded by a steward for a neighbour,
 * perhaps carried over from a "rent or bills" ask. The note and payee details are sealed;
 * the household is kept only as a keyed hash, to apply the fund's per-household limit.
 */
export async function createRequest(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	fc: FundContext,
	input: FundRequestInput,
	mode: 'self' | 'on_behalf',
	locale: string
): Promise<{ id: string }> {
	requireAllowed(actor, mode === 'self' ? 'network.member' : 'fund.record', access.resource);
	const userId = userOf(actor);
	const fund = fc.fund;
	requireActive(fund);
	const amount = resolveAmount(input.amount, fund.minorDigits, locale, 'amount');
	if (fund.maxPerRequestMinor !== null && amount > fund.maxPerRequestMinor) throw new ServiceError('over_request_limit', 'amount');
	checkSensitive(input.confirmSensitive, input.note, input.payeeName, input.payeeReference, input.household);
	let identity: string;
	if (input.askId !== null) {
		const ask = await findAsk(ctx.db, access.network.id, input.askId);
		const mayLink = ask !== undefined && ask.category === LINKABLE_ASK_CATEGORY && (mode === 'on_behalf' || ask.requesterId === userId);
		if (!ask || !mayLink) throw new ServiceError('ask_not_linkable', 'askId');
		identity = ask.requesterId !== null ? `user:${ask.requesterId}` : input.household !== null ? `named:${input.household}` : `ask:${ask.id}`;
	} else if (mode === 'self') {
		identity = `user:${userId}`;
	} else {
		if (input.household === null) throw new ServiceError('household_required', 'household');
		identity = `named:${input.household}`;
	}
	const key = householdKey(ctx, access.network.id, identity);
	const now = ctx.now();
	if (fund.maxPerHouseholdMinor !== null) {
		const used = await repo.householdGranted(ctx.db, fund.id, key, new Date(now.getTime() - HOUSEHOLD_WINDOW_DAYS * DAY_MS), '');
		if (used + amount > fund.maxPerHouseholdMinor) throw overHouseholdLimit(fund, used, 'amount', 400);
	}
	const p: RequestPrivate = { note: input.note, payeeName: input.payeeName, payeeReference: input.payeeReference };
	const privateEnc = Object.values(p).every((v) => v === null) ? null : sealPrivate(ctx, REQUEST_PRIVATE, toDbJson(p));
	const id = newId(now);
	await ctx.db.transaction().execute(async (trx) => {
		const write: repo.RequestWrite = {
			id,
			networkId: access.network.id,
			fundId: fund.id,
			source: mode,
			requesterId: mode === 'self' ? userId : null,
			recordedBy: mode === 'on_behalf' ? userId : null,
			askId: input.askId,
			householdKey: key,
			purpose: input.purpose,
			amountMinor: amount,
			dueOn: input.dueOn,
			privateEnc,
			now
		};
		await repo.insertRequest(trx, write);
		await notifyApprovers(ctx, trx, access, fund, { id, requesterId: write.requesterId, recordedById: write.recordedBy });
	});
	return { id };
}

export interface RequestListItem {
	/** Only when the person may open it (their own, or they decide or coordinate). */
	id: string | null;
	purpose: FundPurpose;
	amountMinor: number;
	approvedMinor: number | null;
	status: RequestStatus;
	/** Month and day it came in; no names, no notes. */
	createdAt: Date;
	dueOn: string | null;
	approvals: number;
	mine: boolean;
}

/**
 * Requests of a fund for members: anonymised (what for, how much, where it stands, when), with
 * a link only on those the person may open. `only: 'mine'` keeps one's own and those one recorded.
 */
export async function listRequests(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	fc: FundContext,
	filter: { status: RequestStatus | 'open' | 'all'; mine: boolean },
	page: number
) {
	requireAllowed(actor, 'network.member', access.resource);
	const userId = userOf(actor);
	const statuses = filter.status === 'all' ? [] : filter.status === 'open' ? ['pending', 'info_requested', 'waitlisted', 'approved'] : [filter.status];
	const f: repo.RequestFilter = { statuses, ...(filter.mine ? { involving: userId } : {}) };
	const [rows, total] = await Promise.all([
		repo.listRequests(ctx.db, fc.fund.id, f, { limit: FUND_PAGE_SIZE, offset: (page - 1) * FUND_PAGE_SIZE }),
		repo.countRequests(ctx.db, fc.fund.id, f)
	]);
	const counts = await repo.approvalCounts(
		ctx.db,
		rows.map((r) => r.id)
	);
	const seesAll = fc.roles.isApprover || fc.roles.isSteward;
	const items: RequestListItem[] = rows.map((r) => {
		const mine = r.requesterId === userId || r.recordedById === userId;
		return {
			id: mine || seesAll ? r.id : null,
			purpose: asPurpose(r.purpose),
			amountMinor: r.amountMinor,
			approvedMinor: r.approvedMinor,
			status: asStatus(r.status),
			createdAt: r.createdAt,
			dueOn: r.dueOn,
			approvals: counts.get(r.id) ?? 0,
			mine
		};
	});
	return { items, total, page, pages: Math.max(1, Math.ceil(total / FUND_PAGE_SIZE)) };
}

export interface DecisionView {
	id: string;
	kind: string;
	actorName: string | null;
	amountMinor: number | null;
	reason: string | null;
	hasNote: boolean;
	/** Shown to the person the request is for without a click; to approvers after "show". */
	note: string | null;
	createdAt: Date;
}

export interface RequestDetail {
	id: string;
	source: 'self' | 'on_behalf';
	requesterName: string | null;
	purpose: FundPurpose;
	amountMinor: number;
	approvedMinor: number | null;
	status: RequestStatus;
	declineReason: string | null;
	dueOn: string | null;
	askId: string | null;
	createdAt: Date;
	decidedAt: Date | null;
	paidAt: Date | null;
	paymentMethod: string | null;
	paymentReference: string | null;
	approvals: number;
	approvalsRequired: number;
	decisions: DecisionView[];
	actions: RequestAction[];
	roles: RequestRoles;
	privatePurged: boolean;
	/** The person's own private details (the requester sees their own without a click). */
	own: RequestPrivate | null;
	/** For deciders: what this household received in the window, and the fund's limit. */
	household: { usedMinor: number; capMinor: number | null; roomMinor: number | null } | null;
}

async function rolesFor(db: Executor, fc: FundContext, request: repo.RequestRow, userId: string): Promise<RequestRoles> {
	const approvals = await repo.listApprovals(db, request.id);
	return {
		isRequester: request.requesterId === userId,
		isRecorder: request.recordedById === userId,
		isApprover: fc.roles.isApprover,
		isSteward: fc.roles.isSteward,
		hasApproved: approvals.some((a) => a.actorId === userId)
	};
}

async function loadRequest(ctx: Ctx, db: Executor, actor: Actor, access: NetworkAccess, fc: FundContext, requestId: string) {
	requireAllowed(actor, 'network.member', access.resource);
	const userId = userOf(actor);
	const request = await repo.findRequest(db, fc.fund.id, requestId);
	if (!request) throw new ServiceError('not_found', undefined, 404);
	const roles = await rolesFor(db, fc, request, userId);
	// Anyone else gets the same answer as for a request that does not exist.
	if (!roles.isRequester && !roles.isRecorder && !roles.isApprover && !roles.isSteward) throw new ServiceError('not_found', undefined, 404);
	return { request, roles, userId };
}

function parsePrivate(text: string | null): RequestPrivate {
	return fromDbJson(text, (v): v is RequestPrivate => privateShape.safeParse(v).success, { note: null, payeeName: null, payeeReference: null });
}

/** One request with its history and what this person may do next. */
export async function getRequest(ctx: Ctx, actor: Actor, access: NetworkAccess, fc: FundContext, requestId: string): Promise<RequestDetail> {
	const { request, roles, userId } = await loadRequest(ctx, ctx.db, actor, access, fc, requestId);
	const decisions = await repo.listDecisions(ctx.db, request.id);
	const status = asStatus(request.status);
	const own =
		roles.isRequester && request.privateEnc !== null
			? parsePrivate(await readPrivate(ctx, ctx.db, userId, privateRef(request), request.privateEnc, 'fund.own'))
			: null;
	const views: DecisionView[] = [];
	for (const d of decisions) {
		const note = roles.isRequester && d.noteEnc !== null ? await readPrivate(ctx, ctx.db, userId, noteRef(request, d.id), d.noteEnc, 'fund.own') : null;
		views.push({
			id: d.id,
			kind: d.kind,
			actorName: d.actorName,
			amountMinor: d.amountMinor,
			reason: d.reason,
			hasNote: d.noteEnc !== null,
			note,
			createdAt: d.createdAt
		});
	}
	let household: RequestDetail['household'] = null;
	if (roles.isApprover) {
		const used = await repo.householdGranted(
			ctx.db,
			fc.fund.id,
			request.householdKey,
			new Date(ctx.now().getTime() - HOUSEHOLD_WINDOW_DAYS * DAY_MS),
			request.id
		);
		// What the household received includes this request once it is granted (it was left out,
		// so a household just paid $600 read "received $0.00"); the room is what is left now.
		const thisOne = GRANTED_STATUSES.includes(status) ? (request.approvedMinor ?? 0) : 0;
		const received = used + thisOne;
		household = { usedMinor: received, capMinor: fc.fund.maxPerHouseholdMinor, roomMinor: householdRoom(fc.fund.maxPerHouseholdMinor, received) };
	}
	return {
		id: request.id,
		source: request.source,
		requesterName: roles.isApprover || roles.isSteward ? request.requesterName : null,
		purpose: asPurpose(request.purpose),
		amountMinor: request.amountMinor,
		approvedMinor: request.approvedMinor,
		status,
		declineReason: request.declineReason,
		dueOn: request.dueOn,
		askId: request.askId,
		createdAt: request.createdAt,
		decidedAt: request.decidedAt,
		paidAt: request.paidAt,
		paymentMethod: request.paymentMethod,
		paymentReference: request.paymentReference,
		approvals: decisions.filter((d) => d.kind === 'approve').length,
		approvalsRequired: fc.fund.approvalsRequired,
		decisions: views,
		actions: allowedActions(status, roles),
		roles,
		privatePurged: request.privatePurgedAt !== null,
		own,
		household
	};
}

function privateRef(request: repo.RequestRow) {
	return { ...REQUEST_PRIVATE, resourceId: request.id, ownerId: request.requesterId, networkId: request.networkId };
}
function noteRef(request: repo.RequestRow, decisionId: string) {
	return { ...DECISION_NOTE, resourceId: decisionId, ownerId: request.requesterId, networkId: request.networkId };
}

/**
 * An approver asks to see the payee details, the note and the decisions' notes. Each value read
 * is logged through `readPrivate`, and the person the request is for can see who looked.
 */
export async function revealRequest(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	fc: FundContext,
	requestId: string
): Promise<{ private: RequestPrivate; notes: Record<string, string> }> {
	const { request, roles, userId } = await loadRequest(ctx, ctx.db, actor, access, fc, requestId);
	if (!mayReadPrivate(roles)) throw new ServiceError('private_not_visible', undefined, 403);
	if (request.privatePurgedAt !== null) throw new ServiceError('private_not_visible', undefined, 409);
	return ctx.db.transaction().execute(async (trx) => {
		const p = parsePrivate(await readPrivate(ctx, trx, userId, privateRef(request), request.privateEnc, 'fund.decide'));
		const notes: Record<string, string> = {};
		for (const d of await repo.listDecisions(trx, request.id)) {
			const note = await readPrivate(ctx, trx, userId, noteRef(request, d.id), d.noteEnc, 'fund.decide');
			if (note !== null) notes[d.id] = note;
		}
		return { private: p, notes };
	});
}

/** Who read the private parts of a request, for the person it is for. */
export async function requestAccessLog(ctx: Ctx, actor: Actor, access: NetworkAccess, fc: FundContext, requestId: string) {
	const { request, roles } = await loadRequest(ctx, ctx.db, actor, access, fc, requestId);
	if (!roles.isRequester) return [];
	const decisionIds = (await repo.listDecisions(ctx.db, request.id)).map((d) => d.id);
	return repo.listRequestAccess(ctx.db, request.id, decisionIds);
}

/**
 * One step on a request: comment, ask for information, approve (perhaps a smaller amount),
 * decline with a reason, cancel, or record the payment. The request is locked first, so
 * concurrent decisions queue; the last approval also locks the fund, checks the per-household
 * limit and the money available, and sets the money aside (or puts the request on the
 * waiting list). Every decision is appended and never edited.
 */
export async function actOnRequest(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	fc: FundContext,
	requestId: string,
	input: DecisionInput,
	locale: string
): Promise<{ status: RequestStatus }> {
	const { request, roles, userId } = await loadRequest(ctx, ctx.db, actor, access, fc, requestId);
	const fund = fc.fund;
	const action = input.action;
	const status = asStatus(request.status);
	if (action === 'approve' && roles.hasApproved) throw new ServiceError('already_approved', undefined, 409);
	if (!mayAct(action, status, roles)) {
		if ((action === 'approve' || action === 'decline' || action === 'ask_info') && (roles.isRequester || roles.isRecorder) && roles.isApprover) {
			throw new ServiceError('own_request', undefined, 403);
		}
		const couldEver = REQUEST_STATUSES.some((s) => mayAct(action, s, roles));
		throw new ServiceError(couldEver ? 'request_status_changed' : 'forbidden', undefined, couldEver ? 409 : 403);
	}
	if ((action === 'comment' || action === 'ask_info') && input.note === null) throw new ServiceError('note_required', 'note');
	if (action === 'decline' && input.reason === null) throw new ServiceError('reason_required', 'reason');
	if (action === 'pay' && input.method === null) throw new ServiceError('required', 'method');
	let approveMinor = request.amountMinor;
	if (action === 'approve' && input.amount !== null) {
		approveMinor = resolveAmount(input.amount, fund.minorDigits, locale, 'amount');
		if (approveMinor > request.amountMinor) throw new ServiceError('over_requested', 'amount');
	}
	if (action === 'pay' && input.paidOn !== null && input.paidOn > localDay(ctx.now())) throw new ServiceError('date_in_future', 'paidOn');
	checkSensitive(input.confirmSensitive, input.note, input.reference);
	const from = ACTION_FROM[action];

	try {
		return await ctx.db.transaction().execute(async (trx) => {
			const now = ctx.now();
			if (!(await repo.lockRequest(trx, request.id, from, now))) throw new ServiceError('request_status_changed', undefined, 409);
			const fresh = await repo.findRequest(trx, fund.id, request.id);
			if (!fresh) throw new ServiceError('not_found', undefined, 404);
			const freshStatus = asStatus(fresh.status);
			// Decided against the request as it is now, under its lock, not as the page last saw it.
			if (!mayAct(action, freshStatus, roles)) throw new ServiceError('request_status_changed', undefined, 409);
			if (action === 'approve' || action === 'decline' || action === 'ask_info' || action === 'pay') {
				// The approver role was read when the page loaded; read it again where it counts.
				await requireStillApprover(trx, access, fund, userId);
			}
			const noteEnc = input.note === null ? null : sealPrivate(ctx, DECISION_NOTE, input.note);
			const decision = (kind: string, extra: { amountMinor?: number | null; reason?: string | null } = {}) =>
				repo.insertDecision(trx, {
					requestId: request.id,
					networkId: fund.networkId,
					actorId: userId,
					kind,
					amountMinor: extra.amountMinor ?? null,
					reason: extra.reason ?? null,
					noteEnc,
					now
				});
			switch (action) {
				case 'comment': {
					await decision('comment');
					// The person it is for answering a question puts it back before the approvers.
					if (freshStatus === 'info_requested' && (roles.isRequester || roles.isRecorder)) {
						await repo.setRequest(trx, request.id, { status: 'pending' }, now);
						await notifyApprovers(ctx, trx, access, fund, { id: request.id, requesterId: fresh.requesterId, recordedById: fresh.recordedById });
						return { status: 'pending' };
					}
					return { status: freshStatus };
				}
				case 'ask_info': {
					await decision('ask_info');
					await repo.setRequest(trx, request.id, { status: 'info_requested' }, now);
					await notifyRequester(ctx, trx, access, fund, fresh, 'fund_request_info', userId);
					return { status: 'info_requested' };
				}
				case 'decline': {
					await decision('decline', { reason: input.reason });
					await repo.setRequest(trx, request.id, { status: 'declined', declineReason: input.reason, decidedAt: now, finishedAt: now }, now);
					const to = fresh.requesterId ?? fresh.recordedById;
					if (to !== null && to !== userId) {
						await notify(ctx, trx, {
							userId: to,
							networkId: fund.networkId,
							kind: 'fund_request_declined',
							params: { fund: fund.name, network: access.network.name, reason: input.reason ?? 'other' },
							link: requestLink(access, fund, request.id)
						});
					}
					return { status: 'declined' };
				}
				case 'cancel': {
					await decision('cancel');
					if (freshStatus === 'approved' && fresh.approvedMinor !== null) {
						await repo.lockFund(trx, fund.id);
						await repo.postTxn(trx, {
							networkId: fund.networkId,
							fundId: fund.id,
							kind: 'cancellation',
							occurredOn: localDay(now),
							lines: cancellationLines(fresh.approvedMinor, asPurpose(fresh.purpose)),
							requestId: fresh.id,
							purpose: fresh.purpose,
							actorId: userId,
							now
						});
					}
					await repo.setRequest(trx, request.id, { status: 'cancelled', finishedAt: now }, now);
					if (freshStatus === 'approved') await fundWaitlist(ctx, trx, access, fund);
					return { status: 'cancelled' };
				}
				case 'approve': {
					try {
						await decision('approve', { amountMinor: approveMinor });
					} catch (e) {
						if (isUniqueViolation(e)) throw new ServiceError('already_approved', undefined, 409);
						throw e;
					}
					const amount = approvedAmount(await repo.listEligibleApprovals(trx, request.id, fund), fund.approvalsRequired);
					if (amount === null) return { status: freshStatus };
					return { status: await settleApproval(ctx, trx, access, fund, fresh, amount, userId) };
				}
				case 'pay': {
					const amount = fresh.approvedMinor;
					if (amount === null) throw new ServiceError('request_status_changed', undefined, 409);
					await repo.lockFund(trx, fund.id);
					const balances = await balancesOf(trx, fund.id);
					// Approved money was set aside, so cash covers it; checked again so a broken invariant can never overdraw.
					if ((balances.cash ?? 0) < amount) throw new ServiceError('insufficient_funds', undefined, 409);
					const method = input.method ?? 'other';
					await repo.postTxn(trx, {
						networkId: fund.networkId,
						fundId: fund.id,
						kind: 'payment',
						occurredOn: input.paidOn ?? localDay(now),
						lines: paymentLines(amount),
						requestId: fresh.id,
						purpose: fresh.purpose,
						memo: input.reference === null ? method : `${method} · ${input.reference}`,
						actorId: userId,
						now
					});
					await decision('pay', { amountMinor: amount });
					await repo.setRequest(
						trx,
						request.id,
						{ status: 'paid', paidAt: now, paymentMethod: method, paymentReference: input.reference, finishedAt: now },
						now
					);
					await notifyRequester(ctx, trx, access, fund, fresh, 'fund_request_paid', userId);
					return { status: 'paid' };
				}
			}
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('already_approved', undefined, 409);
		throw e;
	}
}

async function requireStillApprover(trx: Executor, access: NetworkAccess, fund: repo.FundRow, userId: string): Promise<void> {
	const m = await findMembership(trx, access.network.id, userId);
	const role: Role = m?.role === 'admin' ? 'admin' : m?.role === 'steward' ? 'steward' : 'neighbor';
	const membership = m ? { role, status: m.status === 'active' ? ('active' as const) : ('pending' as const) } : null;
	const named = fund.approverMode === 'named' ? (await repo.listApproverIds(trx, fund.id)).includes(userId) : false;
	const resource: Resource = { kind: 'fund', networkId: access.network.id, membership, approverMode: fund.approverMode, namedApprover: named };
	if (!authorize({ userId, isInstanceAdmin: false }, 'fund.approve', resource)) throw new ServiceError('forbidden', undefined, 403);
}

/**
 * The last approval: inside the fund's lock, the per-household limit and the money available
 * decide whether the money is set aside now, the request waits for money, or the approval is
 * refused (and rolled back with everything else in the transaction).
 */
async function settleApproval(
	ctx: Ctx,
	trx: Executor,
	access: NetworkAccess,
	stale: repo.FundRow,
	request: repo.RequestRow,
	amount: number,
	actorId: string
): Promise<RequestStatus> {
	const now = ctx.now();
	await repo.lockFund(trx, stale.id);
	// The rules as they are now, under the lock: an admin may have changed them since the page loaded.
	const fund = (await repo.findFund(trx, stale.networkId, stale.id)) ?? stale;
	if (fund.maxPerHouseholdMinor !== null) {
		const used = await repo.householdGranted(trx, fund.id, request.householdKey, new Date(now.getTime() - HOUSEHOLD_WINDOW_DAYS * DAY_MS), request.id);
		if (used + amount > fund.maxPerHouseholdMinor) throw overHouseholdLimit(fund, used, undefined, 409);
	}
	if (available(await balancesOf(trx, fund.id)) >= amount) {
		await setAside(ctx, trx, fund, request, amount, actorId, now);
		await repo.setRequest(trx, request.id, { status: 'approved', approvedMinor: amount, decidedAt: now }, now);
		await notifyRequester(ctx, trx, access, fund, request, 'fund_request_approved', actorId);
		return 'approved';
	}
	if (!fund.allowWaitlist) throw new ServiceError('insufficient_funds', undefined, 409);
	// A millisecond after the approval that caused it, so the history lists them in that order.
	const after = new Date(now.getTime() + 1);
	await repo.insertDecision(trx, {
		requestId: request.id,
		networkId: fund.networkId,
		actorId: null,
		kind: 'waitlist',
		amountMinor: amount,
		reason: null,
		noteEnc: null,
		now: after
	});
	await repo.setRequest(trx, request.id, { status: 'waitlisted', approvedMinor: amount, decidedAt: now }, now);
	await notifyRequester(ctx, trx, access, fund, request, 'fund_request_waitlisted', actorId);
	return 'waitlisted';
}

async function setAside(
	ctx: Ctx,
	trx: Executor,
	fund: repo.FundRow,
	request: repo.RequestRow,
	amount: number,
	actorId: string | null,
	now: Date
): Promise<void> {
	await repo.postTxn(trx, {
		networkId: fund.networkId,
		fundId: fund.id,
		kind: 'approval',
		occurredOn: localDay(now),
		lines: approvalLines(amount, asPurpose(request.purpose)),
		requestId: request.id,
		purpose: request.purpose,
		actorId,
		now
	});
}

/**
 * After money arrives (inside the transaction that brought it, with the fund locked): requests
 * on the waiting list are funded in the order they were approved, stopping at the first that
 * does not fit so nobody is skipped over.
 */
async function fundWaitlist(ctx: Ctx, trx: Executor, access: NetworkAccess, fund: repo.FundRow): Promise<number> {
	if (!fund.allowWaitlist) return 0;
	const waiting = await repo.listWaitlisted(trx, fund.id);
	if (waiting.length === 0) return 0;
	let funded = 0;
	const now = ctx.now();
	// Read once under the fund's lock; each request funded here sets its amount aside.
	let room = available(await balancesOf(trx, fund.id));
	for (const r of waiting) {
		const amount = r.approvedMinor;
		if (amount === null) continue;
		if (room < amount) break;
		if (!(await repo.lockRequest(trx, r.id, ['waitlisted'], now))) continue;
		await setAside(ctx, trx, fund, r, amount, null, now);
		room -= amount;
		await repo.insertDecision(trx, {
			requestId: r.id,
			networkId: fund.networkId,
			actorId: null,
			kind: 'fund',
			amountMinor: amount,
			reason: null,
			noteEnc: null,
			now
		});
		await repo.setRequest(trx, r.id, { status: 'approved' }, now);
		await notifyRequester(ctx, trx, access, fund, r, 'fund_request_approved', null);
		funded++;
	}
	return funded;
}

// ── Ledger, checks and exports ─────────────────────────────────────────────────────────────

export async function listLedger(ctx: Ctx, actor: Actor, access: NetworkAccess, fc: FundContext, page: number) {
	requireAllowed(actor, 'fund.record', access.resource);
	const [items, total] = await Promise.all([
		repo.listTxns(ctx.db, fc.fund.id, { limit: FUND_PAGE_SIZE, offset: (page - 1) * FUND_PAGE_SIZE }),
		repo.countTxns(ctx.db, fc.fund.id)
	]);
	return { items, total, page, pages: Math.max(1, Math.ceil(total / FUND_PAGE_SIZE)) };
}

export interface LedgerCheck {
	accounts: number;
	transactions: number;
	drift: { fundId: string; account: string; cachedMinor: number; ledgerMinor: number }[];
	unbalanced: string[];
}

/**
 * Recomputes every account's balance from its lines and compares it with the cached balance,
 * and checks that every transaction sums to zero. An honest ledger reports nothing.
 */
export async function checkLedger(ctx: Pick<Ctx, 'db'>, options: { networkId?: string } = {}): Promise<LedgerCheck> {
	const { accounts, sums, txnSums } = await repo.ledgerSums(ctx.db, options);
	const cached = new Map(accounts.map((a) => [a.id, a.balance]));
	const { drift, unbalanced } = ledgerDrift(cached, sums, txnSums);
	const byId = new Map(accounts.map((a) => [a.id, a]));
	return {
		accounts: accounts.length,
		transactions: txnSums.size,
		drift: drift.map((d) => ({
			fundId: byId.get(d.account)?.fundId ?? '',
			account: byId.get(d.account)?.code ?? d.account,
			cachedMinor: d.cachedMinor,
			ledgerMinor: d.ledgerMinor
		})),
		unbalanced
	};
}

/** The ledger check for one fund's network, for stewards. */
export async function checkFundLedger(ctx: Ctx, actor: Actor, access: NetworkAccess): Promise<LedgerCheck> {
	requireAllowed(actor, 'fund.record', access.resource);
	return checkLedger(ctx, { networkId: access.network.id });
}

/**
 * Lines for the bookkeeping export (no names, no payee details) of money that moved in a
 * calendar year: by the day it moved (a donation's received date, a payment's sent date), as the
 * books count it, not the day it was typed in.
 */
export async function exportEntries(ctx: Ctx, actor: Actor, access: NetworkAccess, fc: FundContext, year: number) {
	requireAllowed(actor, 'fund.record', access.resource);
	return repo.listEntriesForExport(ctx.db, fc.fund.id, `${year}-01-01`, `${year + 1}-01-01`);
}

/**
 * A calendar year for the books, by the day money moved: cash at its start and end and what
 * moved it, by kind of transaction, plus help approved by purpose and what was still owed at the end.
 */
export async function yearlySummary(ctx: Ctx, actor: Actor, access: NetworkAccess, fc: FundContext, year: number) {
	requireAllowed(actor, 'fund.record', access.resource);
	const start = `${year}-01-01`;
	const end = `${year + 1}-01-01`;
	// From the balances and the lines since the year began: only the recent part of a long history is read.
	const [balances, sinceStart, sinceEnd, cash] = await Promise.all([
		balancesOf(ctx.db, fc.fund.id),
		repo.accountTotalsSince(ctx.db, fc.fund.id, start),
		repo.accountTotalsSince(ctx.db, fc.fund.id, end),
		repo.cashByKindBetween(ctx.db, fc.fund.id, start, end)
	]);
	const get = (m: Map<string, number>, key: string) => m.get(key) ?? 0;
	const balance = (code: 'cash' | 'payable') => balances[code] ?? 0;
	const before = new Map([
		['cash', balance('cash') - get(sinceStart, 'cash')],
		['payable', balance('payable') - get(sinceStart, 'payable')]
	]);
	const during = new Map([...new Set([...sinceStart.keys(), ...sinceEnd.keys()])].map((code) => [code, get(sinceStart, code) - get(sinceEnd, code)]));
	const openingCashMinor = get(before, 'cash');
	return {
		year,
		openingCashMinor,
		donationsMinor: get(cash, 'donation'),
		feesMinor: -get(cash, 'fee'),
		paymentsMinor: -get(cash, 'payment'),
		transfersInMinor: get(cash, 'transfer_in'),
		transfersOutMinor: -get(cash, 'transfer_out'),
		correctionsMinor: get(cash, 'reversal'),
		closingCashMinor: openingCashMinor + get(during, 'cash'),
		approvedByPurpose: FUND_PURPOSES.map((p) => ({ purpose: p, minor: get(during, `grants:${p}`) })),
		owedAtEndMinor: -(get(before, 'payable') + get(during, 'payable'))
	};
}

/** How a ledger transaction's cash line counts in the public figures. */
function flowKind(kind: string): CashFlow['kind'] {
	switch (kind) {
		case 'donation':
			return 'donation';
		case 'fee':
			return 'fee';
		case 'transfer_in':
		case 'transfer_out':
			return 'transfer';
		default:
			return 'correction';
	}
}

/**
 * The fund's public figures, computed from the ledger and the paid requests by the
 * k-anonymous rules of `$lib/domain/fund-report` (nothing traceable to fewer than k requests).
 */
export async function publicReport(ctx: Ctx, fc: FundContext): Promise<PublicFundReport> {
	const [paid, flows] = await Promise.all([repo.listPaidForReport(ctx.db, fc.fund.id), repo.cashFlowsByMonth(ctx.db, ctx.dialect, fc.fund.id)]);
	return publicFundReport({
		k: fc.fund.kThreshold,
		now: ctx.now(),
		payments: paid.map((p) => ({
			id: p.id,
			household: p.household,
			category: asPurpose(p.purpose),
			amountMinor: p.amountMinor,
			requestedAt: p.requestedAt,
			paidAt: p.paidAt
		})),
		// A month's sum per kind stands for its lines, dated at the month's first instant (UTC, as grouped).
		flows: flows.map((f) => ({ at: new Date(`${f.month}-01T00:00:00Z`), kind: flowKind(f.kind), amountMinor: f.amountMinor, count: f.count }))
	});
}

// ── Retention ──────────────────────────────────────────────────────────────────────────────

/**
 * Erases the private parts of finished requests once the fund's retention period has passed;
 * amounts, purposes, dates and decisions stay for the books and the public figures.
 */
export async function purgeFundPrivate(ctx: Ctx): Promise<number> {
	const now = ctx.now();
	let purged = 0;
	// Fund by fund with each fund's own cut-off, so a fund keeping details longer never holds up another's purge.
	for (const fund of await repo.listRetention(ctx.db)) {
		const before = new Date(now.getTime() - fund.retentionDays * DAY_MS);
		for (;;) {
			const due = await repo.listPurgeDue(ctx.db, fund.id, before, 500);
			for (const id of due) {
				await ctx.db.transaction().execute((trx) => repo.purgeRequestPrivate(trx, id, now));
				purged++;
			}
			if (due.length < 500) break;
		}
	}
	if (purged > 0) await flushErased(ctx.db, ctx.dialect);
	return purged;
}

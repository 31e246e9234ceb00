import { z } from 'zod';
import { REQUEST_STATUSES, type RequestStatus } from '$lib/domain/fund-requests';
import type { PublicFundReport } from '$lib/domain/fund-report';
import type { fundSummary } from '$lib/domain/ledger';
import { ApiError, type ApiContext, apiQueryParam } from '$lib/server/api/respond';
import type { AmountIn } from '$lib/server/funds/funds.schema';
import {
	loadFund,
	type DonationListItem,
	type FundContext,
	type FundRow,
	type RequestDetail,
	type RequestListItem,
	type RequestPrivate
} from '$lib/server/funds/funds.service';
import type { NetworkAccess } from '$lib/server/networks/networks.service';

/**
 * What the funds endpoints send. Every answer is built field by field from a list kept here,
 * never by spreading a service object or a row, so a column added later (a household key, a
 * sealed note, a network id) does not reach API clients unless it is added here on purpose.
 */

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/**
 * An amount as the API takes it: an integer of the currency's minor units (cents). Text is
 * refused here, because "12,50" means different things in different languages; the service
 * then checks it is a whole, positive, not absurdly large number and names the field if not.
 */
const minorIn = z
	.number({ error: (issue) => (issue.input === undefined || issue.input === null ? 'required' : 'amount_minor_units') })
	.refine(Number.isInteger, { error: 'amount_minor_units' })
	.transform((v): AmountIn => ({ minor: v }));
export const requiredMinor = minorIn;
export const optionalMinor = minorIn
	.optional()
	.nullable()
	.transform((v) => v ?? null);

/** Any signed-in person may look at a network's funds; without a token the answer is 401. */
export function requireToken(api: ApiContext): void {
	if (api.actor.userId === null) throw new ApiError(401, 'token_required');
}

/** The fund named in the URL, with the caller's roles; 404 when missing or not visible to them. */
export function apiFund(api: ApiContext, access: NetworkAccess): Promise<FundContext> {
	return loadFund(api.ctx, api.actor, access, api.event.params.fundId ?? '');
}

/** A fund's name and rules; the same for everyone who may see the fund at all. */
export function fundJson(f: FundRow) {
	return {
		id: f.id,
		name: f.name,
		purpose: f.purpose,
		currency: f.currency,
		minorDigits: f.minorDigits,
		approvalsRequired: f.approvalsRequired,
		approverMode: f.approverMode,
		maxPerRequestMinor: f.maxPerRequestMinor,
		maxPerHouseholdMinor: f.maxPerHouseholdMinor,
		allowWaitlist: f.allowWaitlist,
		kThreshold: f.kThreshold,
		retentionDays: f.retentionDays,
		publicPage: f.publicPage,
		status: f.status,
		createdAt: f.createdAt.toISOString()
	};
}

/** Current balances from the ledger, for members. */
export function balancesJson(s: ReturnType<typeof fundSummary>) {
	return {
		cashMinor: s.cashMinor,
		owedMinor: s.owedMinor,
		availableMinor: s.availableMinor,
		donatedMinor: s.donatedMinor,
		feesMinor: s.feesMinor,
		grantedMinor: s.grantedMinor,
		transferredOutMinor: s.transferredOutMinor
	};
}

/** The k-anonymous public figures, exactly as computed (nothing about fewer than k requests). */
export function reportJson(r: PublicFundReport) {
	return {
		k: r.k,
		cutoff: r.cutoff,
		balanceMinor: r.balanceMinor,
		periods: r.periods.map((p) => ({
			from: p.from,
			to: p.to,
			inMinor: p.inMinor,
			feesMinor: p.feesMinor,
			transfersMinor: p.transfersMinor,
			correctionsMinor: p.correctionsMinor,
			outMinor: p.outMinor,
			requests: p.requests,
			households: p.households
		})),
		byCategory: r.byCategory.map((c) => ({ category: c.category, outMinor: c.outMinor, requests: c.requests })),
		totals: {
			inMinor: r.totals.inMinor,
			feesMinor: r.totals.feesMinor,
			outMinor: r.totals.outMinor,
			requests: r.totals.requests,
			households: r.totals.households,
			medianDaysToPay: r.totals.medianDaysToPay
		},
		inByMonth: r.inByMonth.map((m) => ({ month: m.month, inMinor: m.inMinor, donations: m.donations, feesMinor: m.feesMinor })),
		unpublished: { since: r.unpublished.since }
	};
}

/** How the caller stands to the fund, so a client knows which steps to offer. */
export function rolesJson(fc: FundContext) {
	return { member: fc.roles.isMember, steward: fc.roles.isSteward, admin: fc.roles.isAdmin, approver: fc.roles.isApprover };
}

/** A donation as stewards see it: with the donor's name and the provider's reference. */
export function donationJson(d: DonationListItem) {
	return {
		id: d.id,
		amountMinor: d.amountMinor,
		feeMinor: d.feeMinor,
		receivedOn: d.receivedOn,
		method: d.method,
		donorName: d.donorName,
		recurring: d.recurring,
		reference: d.providerRef,
		source: d.source,
		reversedAt: iso(d.reversedAt),
		createdAt: d.createdAt.toISOString()
	};
}

/**
 * A request as the fund's list shows it. The day it came in, not the minute: a neighbour who
 * saw someone at the computer at 14:03 must not be able to match them to an amount.
 */
export function requestItemJson(r: RequestListItem) {
	return {
		id: r.id,
		purpose: r.purpose,
		amountMinor: r.amountMinor,
		approvedMinor: r.approvedMinor,
		status: r.status,
		createdOn: r.createdAt.toISOString().slice(0, 10),
		dueOn: r.dueOn,
		approvals: r.approvals,
		mine: r.mine
	};
}

function privateJson(p: RequestPrivate) {
	return { note: p.note, payeeName: p.payeeName, payeeReference: p.payeeReference };
}

/**
 * One request as the caller may see it. `own` and the decisions' notes are filled by the
 * service for the person the request is for only; the access log is theirs alone too.
 */
export function requestDetailJson(d: RequestDetail, accessLog: { field: string; purpose: string; at: Date; actorName: string | null }[] | null) {
	return {
		id: d.id,
		source: d.source,
		requesterName: d.requesterName,
		purpose: d.purpose,
		amountMinor: d.amountMinor,
		approvedMinor: d.approvedMinor,
		status: d.status,
		declineReason: d.declineReason,
		dueOn: d.dueOn,
		askId: d.askId,
		createdAt: d.createdAt.toISOString(),
		decidedAt: iso(d.decidedAt),
		paidAt: iso(d.paidAt),
		paymentMethod: d.paymentMethod,
		paymentReference: d.paymentReference,
		approvals: d.approvals,
		approvalsRequired: d.approvalsRequired,
		decisions: d.decisions.map((x) => ({
			id: x.id,
			kind: x.kind,
			actorName: x.actorName,
			amountMinor: x.amountMinor,
			reason: x.reason,
			hasNote: x.hasNote,
			note: x.note,
			createdAt: x.createdAt.toISOString()
		})),
		actions: [...d.actions],
		roles: {
			requester: d.roles.isRequester,
			recorder: d.roles.isRecorder,
			approver: d.roles.isApprover,
			steward: d.roles.isSteward,
			hasApproved: d.roles.hasApproved
		},
		privatePurged: d.privatePurged,
		own: d.own === null ? null : privateJson(d.own),
		household: d.household === null ? null : { usedMinor: d.household.usedMinor, capMinor: d.household.capMinor, roomMinor: d.household.roomMinor },
		accessLog: accessLog?.map((r) => ({ field: r.field, purpose: r.purpose, viewerName: r.actorName, at: r.at.toISOString() })) ?? null
	};
}

/** What an approver sees after asking: the sealed details and the decisions' notes, by decision id. */
export function revealJson(shown: { private: RequestPrivate; notes: Record<string, string> }) {
	return {
		...privateJson(shown.private),
		decisionNotes: Object.entries(shown.notes).map(([decisionId, note]) => ({ decisionId, note }))
	};
}

const STATUS_FILTERS = ['open', 'all', ...REQUEST_STATUSES] as const;

function isStatusFilter(v: string): v is RequestStatus | 'open' | 'all' {
	return STATUS_FILTERS.some((s) => s === v);
}

/** ?status= (open by default, all, or one status) and ?mine=1 for the requests list; 400 otherwise. */
export function requestFilterFrom(url: URL): { status: RequestStatus | 'open' | 'all'; mine: boolean } {
	const status = apiQueryParam(url, 'status') ?? 'open';
	if (!isStatusFilter(status)) throw new ApiError(400, 'invalid', { status: 'invalid_choice' });
	const mineRaw = apiQueryParam(url, 'mine') ?? '0';
	if (!['0', '1', 'true', 'false'].includes(mineRaw)) throw new ApiError(400, 'invalid', { mine: 'invalid_choice' });
	return { status, mine: mineRaw === '1' || mineRaw === 'true' };
}

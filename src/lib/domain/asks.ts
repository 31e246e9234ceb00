/**
 * The life of an ask, as pure rules: which step may follow which, who may take it, and who may
 * see the private part. Services apply these inside a transaction with a conditional update
 * (`where status in (from)`), so the database, not this module, decides a race.
 *
 *   review ──approve──▶ open ──claim──▶ claimed ──pick_up──▶ picked_up
 *                        ▲  ◀─release / could_not_deliver / claim expired─┘ │
 *                        │                                                 ▼
 *                        └─────────────────────────── deliver ──▶ delivered ──confirm / auto──▶ closed
 *   cancel: from review, open, claimed or picked_up;  expire: open past its needed-by date.
 */
import type { Urgency } from './matching';

export const ASK_STATUSES = ['review', 'open', 'claimed', 'picked_up', 'delivered', 'closed', 'cancelled', 'expired'] as const;
export type AskStatus = (typeof ASK_STATUSES)[number];

/** Finished asks: their private part waits for the retention purge. */
export const FINISHED_STATUSES: readonly AskStatus[] = ['closed', 'cancelled', 'expired'];
/** A claim is held in these. */
export const CLAIMED_STATUSES: readonly AskStatus[] = ['claimed', 'picked_up'];

export const URGENCIES = ['today', 'days', 'week', 'whenever'] as const satisfies readonly Urgency[];
export const URGENCY_RANK: Readonly<Record<Urgency, number>> = { today: 0, days: 1, week: 2, whenever: 3 };

/** The categories a new network starts with; each network can switch them off and add its own. */
export const DEFAULT_CATEGORIES = [
	'groceries',
	'medicine',
	'hygiene',
	'household',
	'clothing',
	'furniture',
	'rent_bills',
	'ride',
	'childcare',
	'tutoring',
	'legal',
	'company',
	'other'
] as const;

export const ASK_SOURCES = ['self', 'on_behalf', 'intake'] as const;
export type AskSource = (typeof ASK_SOURCES)[number];

export const ASK_ACTIONS = ['approve', 'claim', 'release', 'hand_over', 'reassign', 'pick_up', 'deliver', 'could_not_deliver', 'confirm', 'cancel'] as const;
export type AskAction = (typeof ASK_ACTIONS)[number];

/** Steps a person takes; the system's own (claim_expired, expire, auto_close) are in SYSTEM_STEPS. */
export const TRANSITIONS: Readonly<Record<AskAction, { from: readonly AskStatus[]; to: AskStatus | 'same' }>> = {
	approve: { from: ['review'], to: 'open' },
	claim: { from: ['open'], to: 'claimed' },
	release: { from: ['claimed', 'picked_up'], to: 'open' },
	hand_over: { from: ['claimed', 'picked_up'], to: 'same' },
	reassign: { from: ['open', 'claimed', 'picked_up'], to: 'claimed' },
	pick_up: { from: ['claimed'], to: 'picked_up' },
	deliver: { from: ['claimed', 'picked_up'], to: 'delivered' },
	could_not_deliver: { from: ['claimed', 'picked_up'], to: 'open' },
	confirm: { from: ['delivered'], to: 'closed' },
	cancel: { from: ['review', 'open', 'claimed', 'picked_up'], to: 'cancelled' }
};

export const SYSTEM_STEPS = {
	claim_expired: { from: ['claimed', 'picked_up'], to: 'open' },
	expire: { from: ['open', 'review'], to: 'expired' },
	auto_close: { from: ['delivered'], to: 'closed' },
	purge: { from: FINISHED_STATUSES, to: 'same' }
} as const;

/** Actions that need a person to hand the claim to. */
export const NEEDS_TARGET: readonly AskAction[] = ['hand_over', 'reassign'];
/** Actions that need a note (why it could not be delivered). */
export const NEEDS_NOTE: readonly AskAction[] = ['could_not_deliver'];

export interface AskFacts {
	status: AskStatus;
	requesterId: string | null;
	recordedById: string | null;
	claimantId: string | null;
	deliveredAt: Date | null;
	privatePurged: boolean;
}

/** Who is looking: a member (with whether they coordinate) or the family through their status link. */
export type AskViewer = { kind: 'member'; userId: string; isSteward: boolean } | { kind: 'follow_link' };

export function isAskStatus(v: string): v is AskStatus {
	return ASK_STATUSES.some((s) => s === v);
}

export function isAskAction(v: string): v is AskAction {
	return ASK_ACTIONS.some((a) => a === v);
}

/** Whether `viewer` may take `action` on the ask as it stands (status and role; not the race). */
export function mayTake(action: AskAction, ask: AskFacts, viewer: AskViewer): boolean {
	if (!TRANSITIONS[action].from.includes(ask.status)) return false;
	if (viewer.kind === 'follow_link') return action === 'confirm';
	const me = viewer.userId;
	const isClaimant = ask.claimantId === me;
	const isRequester = ask.requesterId === me;
	switch (action) {
		case 'approve':
		case 'reassign':
			return viewer.isSteward;
		case 'claim':
			// The person who asked cannot answer their own ask.
			return !isRequester;
		case 'release':
		case 'hand_over':
		case 'pick_up':
		case 'deliver':
		case 'could_not_deliver':
			return isClaimant || (viewer.isSteward && action !== 'hand_over');
		case 'confirm':
			return isRequester || viewer.isSteward || (ask.recordedById === me && !isClaimant);
		case 'cancel':
			return isRequester || viewer.isSteward || ask.recordedById === me;
	}
}

export function allowedActions(ask: AskFacts, viewer: AskViewer): AskAction[] {
	return ASK_ACTIONS.filter((a) => mayTake(a, ask, viewer));
}

/** The status an action leads to from `from`. */
export function statusAfter(action: AskAction, from: AskStatus): AskStatus {
	const to = TRANSITIONS[action].to;
	return to === 'same' ? from : to;
}

/**
 * Why `viewer` may see the ask's private part now, or null. The person who asked always sees
 * their own; stewards see it to coordinate; the claimant sees it from the claim until delivery
 * plus `graceHours` (time to find the door again, report a problem). Nobody sees it once purged.
 */
export function privateAccess(ask: AskFacts, viewer: AskViewer, now: Date, graceHours: number): 'owner' | 'steward' | 'claimant' | null {
	if (ask.privatePurged || viewer.kind !== 'member') return null;
	if (ask.requesterId !== null && ask.requesterId === viewer.userId) return 'owner';
	if (viewer.isSteward) return 'steward';
	if (ask.claimantId === viewer.userId) {
		if (CLAIMED_STATUSES.includes(ask.status)) return 'claimant';
		if (ask.status === 'delivered' || ask.status === 'closed') {
			const until = (ask.deliveredAt?.getTime() ?? 0) + graceHours * 3_600_000;
			if (now.getTime() <= until) return 'claimant';
		}
	}
	return null;
}

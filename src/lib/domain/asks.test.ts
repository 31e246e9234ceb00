import { describe, expect, it } from 'vitest';
import {
	allowedActions,
	ASK_ACTIONS,
	ASK_STATUSES,
	mayTake,
	privateAccess,
	statusAfter,
	TRANSITIONS,
	type AskAction,
	type AskFacts,
	type AskStatus,
	type AskViewer
} from './asks';

/**
 * Who may take which step. The people: the neighbour who asked (`req`), a steward who recorded an
 * ask for someone without an account (`rec`), the volunteer holding the claim (`cl`), a steward
 * (`st`), a plain member (`mem`), and the family's status link.
 */
type Role = 'requester' | 'recorder' | 'claimant' | 'steward' | 'member';
const ROLES: Role[] = ['requester', 'recorder', 'claimant', 'steward', 'member'];

const VIEWERS: Record<Role, AskViewer> = {
	requester: { kind: 'member', userId: 'req', isSteward: false },
	recorder: { kind: 'member', userId: 'rec', isSteward: false },
	claimant: { kind: 'member', userId: 'cl', isSteward: false },
	steward: { kind: 'member', userId: 'st', isSteward: true },
	member: { kind: 'member', userId: 'mem', isSteward: false }
};
const FOLLOW: AskViewer = { kind: 'follow_link' };

const HOLDS_CLAIMANT: AskStatus[] = ['claimed', 'picked_up', 'delivered', 'closed'];

/** An ask a member made for themselves (`self`) or a steward recorded for a neighbour (`on_behalf`). */
function facts(status: AskStatus, shape: 'self' | 'on_behalf', over: Partial<AskFacts> = {}): AskFacts {
	return {
		status,
		requesterId: shape === 'self' ? 'req' : null,
		recordedById: shape === 'on_behalf' ? 'rec' : null,
		claimantId: HOLDS_CLAIMANT.includes(status) ? 'cl' : null,
		deliveredAt: status === 'delivered' || status === 'closed' ? new Date('2026-11-25T12:00:00Z') : null,
		privatePurged: false,
		...over
	};
}

/**
 * Written out by hand, not derived from the implementation: who may take each step when the ask
 * is in a status the step starts from. On an open ask there is no claimant yet, so "claimant"
 * there is simply another member.
 */
const ALLOWED: Record<'self' | 'on_behalf', Record<AskAction, Role[]>> = {
	self: {
		approve: ['steward'],
		claim: ['recorder', 'claimant', 'steward', 'member'],
		release: ['claimant', 'steward'],
		hand_over: ['claimant'],
		reassign: ['steward'],
		pick_up: ['claimant', 'steward'],
		deliver: ['claimant', 'steward'],
		could_not_deliver: ['claimant', 'steward'],
		confirm: ['requester', 'steward'],
		cancel: ['requester', 'steward']
	},
	on_behalf: {
		approve: ['steward'],
		claim: ['requester', 'recorder', 'claimant', 'steward', 'member'],
		release: ['claimant', 'steward'],
		hand_over: ['claimant'],
		reassign: ['steward'],
		pick_up: ['claimant', 'steward'],
		deliver: ['claimant', 'steward'],
		could_not_deliver: ['claimant', 'steward'],
		confirm: ['recorder', 'steward'],
		cancel: ['recorder', 'steward']
	}
};

describe('mayTake: steps by status', () => {
	it('lists, for each step, the statuses it starts from', () => {
		expect(TRANSITIONS.approve.from).toEqual(['review']);
		expect(TRANSITIONS.claim.from).toEqual(['open']);
		expect([...TRANSITIONS.pick_up.from]).toEqual(['claimed']);
		expect([...TRANSITIONS.deliver.from].sort()).toEqual(['claimed', 'picked_up']);
		expect(TRANSITIONS.confirm.from).toEqual(['delivered']);
		expect([...TRANSITIONS.cancel.from].sort()).toEqual(['claimed', 'open', 'picked_up', 'review']);
		expect([...TRANSITIONS.reassign.from].sort()).toEqual(['claimed', 'open', 'picked_up']);
	});

	for (const shape of ['self', 'on_behalf'] as const) {
		for (const action of ASK_ACTIONS) {
			it(`${shape} ask, ${action}: only ${ALLOWED[shape][action].join(', ')}, and only from ${TRANSITIONS[action].from.join('/')}`, () => {
				for (const status of ASK_STATUSES) {
					const ask = facts(status, shape);
					const from = TRANSITIONS[action].from.includes(status);
					for (const role of ROLES) {
						const expected = from && ALLOWED[shape][action].includes(role);
						expect({ status, role, may: mayTake(action, ask, VIEWERS[role]) }).toEqual({ status, role, may: expected });
					}
				}
			});
		}
	}
});

describe('mayTake: the rules in words', () => {
	it('refuses the person who asked a claim on their own ask, even a steward', () => {
		expect(mayTake('claim', facts('open', 'self'), VIEWERS.requester)).toBe(false);
		expect(mayTake('claim', facts('open', 'self', { requesterId: 'st' }), VIEWERS.steward)).toBe(false);
		expect(mayTake('claim', facts('open', 'self'), VIEWERS.member)).toBe(true);
	});

	it('lets only the claimant or a steward pick up, deliver, release or report a failed delivery', () => {
		for (const action of ['pick_up', 'deliver', 'release', 'could_not_deliver'] as const) {
			const ask = facts('claimed', 'self');
			expect(mayTake(action, ask, VIEWERS.claimant)).toBe(true);
			expect(mayTake(action, ask, VIEWERS.steward)).toBe(true);
			expect(mayTake(action, ask, VIEWERS.requester)).toBe(false);
			expect(mayTake(action, ask, VIEWERS.member)).toBe(false);
		}
	});

	it('lets only a steward approve or reassign', () => {
		expect(mayTake('approve', facts('review', 'on_behalf'), VIEWERS.steward)).toBe(true);
		expect(mayTake('approve', facts('review', 'on_behalf'), VIEWERS.recorder)).toBe(false);
		expect(mayTake('approve', facts('review', 'on_behalf'), VIEWERS.member)).toBe(false);
		for (const status of ['open', 'claimed', 'picked_up'] as const) {
			expect(mayTake('reassign', facts(status, 'self'), VIEWERS.steward)).toBe(true);
			expect(mayTake('reassign', facts(status, 'self'), VIEWERS.claimant)).toBe(false);
			expect(mayTake('reassign', facts(status, 'self'), VIEWERS.requester)).toBe(false);
		}
	});

	it('lets only the claimant hand their claim over (a steward reassigns instead)', () => {
		expect(mayTake('hand_over', facts('picked_up', 'self'), VIEWERS.claimant)).toBe(true);
		expect(mayTake('hand_over', facts('picked_up', 'self'), VIEWERS.steward)).toBe(false);
	});

	it('does not let the recorder who also delivered confirm their own delivery', () => {
		const ask = facts('delivered', 'on_behalf', { claimantId: 'rec' });
		expect(mayTake('confirm', ask, VIEWERS.recorder)).toBe(false);
		expect(mayTake('confirm', ask, VIEWERS.steward)).toBe(true);
	});

	it('lets the status link do nothing but confirm a delivered ask', () => {
		for (const action of ASK_ACTIONS) {
			for (const status of ASK_STATUSES) {
				for (const shape of ['self', 'on_behalf'] as const) {
					const expected = action === 'confirm' && status === 'delivered';
					expect({ action, status, may: mayTake(action, facts(status, shape), FOLLOW) }).toEqual({ action, status, may: expected });
				}
			}
		}
	});

	it('lists the allowed actions for a claimant and for a steward on a claimed ask', () => {
		const ask = facts('claimed', 'self');
		expect(allowedActions(ask, VIEWERS.claimant)).toEqual(['release', 'hand_over', 'pick_up', 'deliver', 'could_not_deliver']);
		expect(allowedActions(ask, VIEWERS.steward)).toEqual(['release', 'reassign', 'pick_up', 'deliver', 'could_not_deliver', 'cancel']);
		expect(allowedActions(ask, VIEWERS.member)).toEqual([]);
		expect(allowedActions(facts('open', 'self'), VIEWERS.requester)).toEqual(['cancel']);
	});

	it('gives the status each step leads to, keeping it for a hand-over', () => {
		expect(statusAfter('claim', 'open')).toBe('claimed');
		expect(statusAfter('hand_over', 'picked_up')).toBe('picked_up');
		expect(statusAfter('hand_over', 'claimed')).toBe('claimed');
		expect(statusAfter('could_not_deliver', 'picked_up')).toBe('open');
		expect(statusAfter('confirm', 'delivered')).toBe('closed');
	});
});

describe('privateAccess', () => {
	const delivered = new Date('2026-11-25T12:00:00Z');
	const hours = (h: number) => new Date(delivered.getTime() + h * 3_600_000);
	const GRACE = 24;

	it('always shows the person who asked their own details, whatever the status', () => {
		for (const status of ASK_STATUSES) {
			expect(privateAccess(facts(status, 'self'), VIEWERS.requester, hours(1000), GRACE)).toBe('owner');
		}
	});

	it('shows stewards the details to coordinate', () => {
		for (const status of ASK_STATUSES) {
			expect(privateAccess(facts(status, 'self'), VIEWERS.steward, hours(1000), GRACE)).toBe('steward');
		}
	});

	it('shows the claimant the details while the claim is held', () => {
		expect(privateAccess(facts('claimed', 'self'), VIEWERS.claimant, hours(0), GRACE)).toBe('claimant');
		expect(privateAccess(facts('picked_up', 'self'), VIEWERS.claimant, hours(0), GRACE)).toBe('claimant');
	});

	it('shows the claimant the details within the grace period after delivery, and not after', () => {
		for (const status of ['delivered', 'closed'] as const) {
			const ask = facts(status, 'self');
			expect(privateAccess(ask, VIEWERS.claimant, hours(1), GRACE)).toBe('claimant');
			expect(privateAccess(ask, VIEWERS.claimant, hours(24), GRACE)).toBe('claimant');
			expect(privateAccess(ask, VIEWERS.claimant, hours(24.01), GRACE)).toBeNull();
			expect(privateAccess(ask, VIEWERS.claimant, hours(25), GRACE)).toBeNull();
		}
		// A network that gives no grace: the address goes with the delivery.
		expect(privateAccess(facts('delivered', 'self'), VIEWERS.claimant, hours(0.1), 0)).toBeNull();
	});

	it('does not show a former claimant an ask that went back to open or was cancelled', () => {
		expect(privateAccess(facts('cancelled', 'self', { claimantId: 'cl' }), VIEWERS.claimant, hours(0), GRACE)).toBeNull();
		expect(privateAccess(facts('open', 'self', { claimantId: null }), VIEWERS.claimant, hours(0), GRACE)).toBeNull();
	});

	it('shows nobody anything once the private part is purged', () => {
		for (const status of ['closed', 'cancelled', 'expired'] as const) {
			const ask = facts(status, 'self', { privatePurged: true });
			for (const role of ROLES) expect(privateAccess(ask, VIEWERS[role], hours(1), GRACE)).toBeNull();
		}
	});

	it('never shows a plain member, nor the status link', () => {
		for (const status of ASK_STATUSES) {
			expect(privateAccess(facts(status, 'self'), VIEWERS.member, hours(1), GRACE)).toBeNull();
			expect(privateAccess(facts(status, 'on_behalf'), FOLLOW, hours(1), GRACE)).toBeNull();
		}
	});

	it('does not treat an ask without a requester as owned by a viewer', () => {
		// An on-behalf ask has requesterId null: no viewer matches it as the owner.
		expect(privateAccess(facts('open', 'on_behalf'), VIEWERS.recorder, hours(1), GRACE)).toBeNull();
	});
});

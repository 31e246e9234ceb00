/**
 * The one place that decides who may do what. Deny by default: an action missing from RULES,
 * or a rule that does not return true, refuses. Routes and API endpoints call `authorize`
 * (or `requireAllowed`) at the top of every load and action, never only in a layout
 * (SvelteKit layouts can be skipped, kit issue #6315).
 *
 * Roles decide what private data a person may see, not who is worth more.
 */

export const ROLES = ['neighbor', 'steward', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const MEMBERSHIP_STATUSES = ['active', 'pending'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export interface Actor {
	userId: string | null;
	isInstanceAdmin: boolean;
}

export const ANONYMOUS: Actor = { userId: null, isInstanceAdmin: false };

export type Resource =
	| { kind: 'instance'; networkCreation: 'anyone' | 'admins' }
	/** A network, with the actor's own membership in it (null when not a member). */
	| { kind: 'network'; networkId: string; membership: { role: Role; status: MembershipStatus } | null }
	/** Something that belongs to one person (their account, tokens, sessions). */
	| { kind: 'account'; ownerId: string }
	/**
	 * A fund of a network, with the actor's membership and whether the fund names the actor as
	 * an approver (funds approved by named members rather than by the stewards).
	 */
	| {
			kind: 'fund';
			networkId: string;
			membership: { role: Role; status: MembershipStatus } | null;
			approverMode: 'stewards' | 'named';
			namedApprover: boolean;
	  };

type Rule = (actor: Actor, resource: Resource) => boolean;

const signedIn = (a: Actor) => a.userId !== null;
const activeRole = (r: Resource, roles: readonly Role[]) =>
	(r.kind === 'network' || r.kind === 'fund') && r.membership !== null && r.membership.status === 'active' && roles.includes(r.membership.role);

const RULES = {
	/** Change instance-wide settings (who may create networks). */
	'instance.manage': (a) => a.isInstanceAdmin,
	'network.create': (a, r) => signedIn(a) && r.kind === 'instance' && (a.isInstanceAdmin || r.networkCreation === 'anyone'),
	/** The public directory of the instance's networks (names, descriptions, areas, counts). */
	'network.directory': (_a, r) => r.kind === 'instance',
	/** The public face of a network: name, description, areas, languages, join policy, member count. */
	'network.view': (_a, r) => r.kind === 'network',
	/** The public form where a neighbour without an account asks for help (the service checks it is switched on). */
	'network.intake': (_a, r) => r.kind === 'network',
	/** Join or ask to join; someone whose request is still waiting may also use an invite link. */
	'network.join': (a, r) => signedIn(a) && r.kind === 'network' && (r.membership === null || r.membership.status === 'pending'),
	/** Withdraw a pending request or leave. */
	'network.leave': (a, r) => signedIn(a) && r.kind === 'network' && r.membership !== null,
	/** The members' side of a network: the board of asks and offers, one's own asks, claims and offers. */
	'network.member': (a, r) => signedIn(a) && activeRole(r, ROLES),
	/** Names and roles of members: stewards and admins, who coordinate. */
	'network.members.list': (a, r) => signedIn(a) && activeRole(r, ['steward', 'admin']),
	/**
	 * Coordinate the network's aid: record asks for neighbours without an account, review the
	 * public form's asks, see suggestions, reassign claims, see private details to coordinate.
	 */
	'network.steward': (a, r) => signedIn(a) && activeRole(r, ['steward', 'admin']),
	/** Approve, change roles, remove, invite, edit settings. */
	'network.manage': (a, r) => signedIn(a) && activeRole(r, ['admin']),
	/** Create a fund, change its rules and approvers, move money between funds. */
	'fund.manage': (a, r) => signedIn(a) && activeRole(r, ['admin']),
	/** Record donations, import them, record requests for neighbours, see and export the ledger. */
	'fund.record': (a, r) => signedIn(a) && activeRole(r, ['steward', 'admin']),
	/**
	 * Decide requests (approve, decline, ask for information), record payments and see payee
	 * details: the fund's named approvers, or its network's stewards. The service adds that
	 * nobody decides a request they made or recorded.
	 */
	'fund.approve': (a, r) =>
		signedIn(a) && r.kind === 'fund' && (r.approverMode === 'stewards' ? activeRole(r, ['steward', 'admin']) : activeRole(r, ROLES) && r.namedApprover),
	/** See what the network's pantries and closets hold, what is short, and the reports. */
	'pantry.view': (a, r) => signedIn(a) && activeRole(r, ROLES),
	/**
	 * Record what comes in and goes out as it happens: donations (also in tally mode at an event or
	 * drop-off) and the bags given out at a distribution. Any member can be the volunteer on duty.
	 */
	'pantry.record': (a, r) => signedIn(a) && activeRole(r, ROLES),
	/**
	 * Run the pantry: items, places, standard bags, schedules, transfers, adjustments, stock-takes,
	 * corrections of past records, imports and exports.
	 */
	'pantry.manage': (a, r) => signedIn(a) && activeRole(r, ['steward', 'admin']),
	/** Anything on one's own account: profile, passphrase, sessions, tokens, deletion. */
	'account.manage': (a, r) => signedIn(a) && r.kind === 'account' && r.ownerId === a.userId
} satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;
export const ACTIONS: readonly string[] = Object.keys(RULES);

export function authorize(actor: Actor, action: Action, resource: Resource): boolean {
	const rule: Rule | undefined = RULES[action];
	return rule !== undefined && rule(actor, resource) === true;
}

export class PolicyError extends Error {
	constructor(
		public readonly action: Action,
		public readonly reason: 'signed_out' | 'forbidden'
	) {
		super(`${action}: ${reason}`);
		this.name = 'PolicyError';
	}
}

/** Throws a PolicyError (signed_out when anonymous, forbidden otherwise) unless the action is allowed. */
export function requireAllowed(actor: Actor, action: Action, resource: Resource): void {
	if (!authorize(actor, action, resource)) {
		throw new PolicyError(action, actor.userId === null ? 'signed_out' : 'forbidden');
	}
}

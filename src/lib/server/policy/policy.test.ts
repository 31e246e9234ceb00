import { describe, expect, it } from 'vitest';
import { ACTIONS, ANONYMOUS, authorize, PolicyError, requireAllowed, type Action, type Actor, type Resource } from './policy';

/**
 * Every action × every kind of person, with the expected answer written out. A new action in
 * policy.ts without a row here fails the completeness test, so no rule ships unreviewed.
 */
type Kind = 'anonymous' | 'outsider' | 'pending' | 'neighbor' | 'steward' | 'admin' | 'instanceAdmin';
const KINDS: Kind[] = ['anonymous', 'outsider', 'pending', 'neighbor', 'steward', 'admin', 'instanceAdmin'];

const USER_ID = 'user-1';

function actorFor(kind: Kind): Actor {
	if (kind === 'anonymous') return ANONYMOUS;
	return { userId: USER_ID, isInstanceAdmin: kind === 'instanceAdmin' };
}

/** The actor's membership in the network: the instance admin is deliberately not a member. */
function membershipFor(kind: Kind): Extract<Resource, { kind: 'network' }>['membership'] {
	switch (kind) {
		case 'pending':
			return { role: 'neighbor', status: 'pending' };
		case 'neighbor':
		case 'steward':
		case 'admin':
			return { role: kind, status: 'active' };
		default:
			return null;
	}
}

const networkOf = (kind: Kind): Resource => ({ kind: 'network', networkId: 'net-1', membership: membershipFor(kind) });
const instanceClosed = (): Resource => ({ kind: 'instance', networkCreation: 'admins' });
const instanceOpen = (): Resource => ({ kind: 'instance', networkCreation: 'anyone' });
const fundByStewards = (kind: Kind): Resource => ({
	kind: 'fund',
	networkId: 'net-1',
	membership: membershipFor(kind),
	approverMode: 'stewards',
	namedApprover: false
});
const fundNamingActor = (kind: Kind): Resource => ({
	kind: 'fund',
	networkId: 'net-1',
	membership: membershipFor(kind),
	approverMode: 'named',
	namedApprover: true
});
const fundNamingOthers = (kind: Kind): Resource => ({
	kind: 'fund',
	networkId: 'net-1',
	membership: membershipFor(kind),
	approverMode: 'named',
	namedApprover: false
});
const ownAccount = (): Resource => ({ kind: 'account', ownerId: USER_ID });
const otherAccount = (): Resource => ({ kind: 'account', ownerId: 'someone-else' });

interface Row {
	action: Action;
	/** What the rule is asked about, built for each kind of person. */
	resource: (kind: Kind) => Resource;
	label: string;
	allowed: Record<Kind, boolean>;
}

function yes(...kinds: Kind[]): Record<Kind, boolean> {
	const has = (k: Kind) => kinds.includes(k);
	return {
		anonymous: has('anonymous'),
		outsider: has('outsider'),
		pending: has('pending'),
		neighbor: has('neighbor'),
		steward: has('steward'),
		admin: has('admin'),
		instanceAdmin: has('instanceAdmin')
	};
}

const TABLE: Row[] = [
	{ action: 'instance.manage', label: 'instance', resource: instanceClosed, allowed: yes('instanceAdmin') },
	{ action: 'network.create', label: 'instance, admins only (default)', resource: instanceClosed, allowed: yes('instanceAdmin') },
	{
		action: 'network.create',
		label: 'instance, anyone signed in',
		resource: instanceOpen,
		allowed: yes('outsider', 'pending', 'neighbor', 'steward', 'admin', 'instanceAdmin')
	},
	{ action: 'network.directory', label: 'instance', resource: instanceClosed, allowed: yes(...KINDS) },
	{ action: 'network.view', label: 'network', resource: networkOf, allowed: yes(...KINDS) },
	{ action: 'network.join', label: 'network', resource: networkOf, allowed: yes('outsider', 'instanceAdmin', 'pending') },
	{ action: 'network.leave', label: 'network', resource: networkOf, allowed: yes('pending', 'neighbor', 'steward', 'admin') },
	{ action: 'network.member', label: 'network', resource: networkOf, allowed: yes('neighbor', 'steward', 'admin') },
	{ action: 'network.members.list', label: 'network', resource: networkOf, allowed: yes('steward', 'admin') },
	{ action: 'network.steward', label: 'network', resource: networkOf, allowed: yes('steward', 'admin') },
	// The public ask form: anyone, account or not (the service checks the network switched it on).
	{ action: 'network.intake', label: 'network', resource: networkOf, allowed: yes(...KINDS) },
	{ action: 'network.manage', label: 'network', resource: networkOf, allowed: yes('admin') },
	{ action: 'fund.manage', label: 'network', resource: networkOf, allowed: yes('admin') },
	{ action: 'fund.record', label: 'network', resource: networkOf, allowed: yes('steward', 'admin') },
	{ action: 'pantry.view', label: 'network', resource: networkOf, allowed: yes('neighbor', 'steward', 'admin') },
	{ action: 'pantry.record', label: 'network', resource: networkOf, allowed: yes('neighbor', 'steward', 'admin') },
	{ action: 'pantry.manage', label: 'network', resource: networkOf, allowed: yes('steward', 'admin') },
	{ action: 'fund.approve', label: 'fund approved by stewards', resource: fundByStewards, allowed: yes('steward', 'admin') },
	// Named approvers must still be active members: a pending or departed one decides nothing.
	{ action: 'fund.approve', label: 'fund naming the person', resource: fundNamingActor, allowed: yes('neighbor', 'steward', 'admin') },
	{ action: 'fund.approve', label: 'fund naming others', resource: fundNamingOthers, allowed: yes() },
	{ action: 'fund.approve', label: 'network (not a fund)', resource: networkOf, allowed: yes() },
	{
		action: 'account.manage',
		label: 'own account',
		resource: ownAccount,
		allowed: yes('outsider', 'pending', 'neighbor', 'steward', 'admin', 'instanceAdmin')
	},
	{ action: 'account.manage', label: "someone else's account", resource: otherAccount, allowed: yes() }
];

const cases = TABLE.flatMap((row) => KINDS.map((kind) => ({ ...row, kind, expected: row.allowed[kind] })));

describe('authorize', () => {
	it('has at least one row for every action in the policy', () => {
		const covered = new Set(TABLE.map((r) => r.action));
		expect([...ACTIONS].sort()).toEqual([...covered].sort());
	});

	it.each(cases)('$action on $label for $kind → $expected', ({ action, resource, kind, expected }) => {
		expect(authorize(actorFor(kind), action, resource(kind))).toBe(expected);
	});

	it('refuses network actions aimed at the wrong kind of resource', () => {
		const admin = actorFor('instanceAdmin');
		expect(authorize(admin, 'network.manage', instanceClosed())).toBe(false);
		expect(authorize(admin, 'network.view', ownAccount())).toBe(false);
		expect(authorize(admin, 'network.create', networkOf('admin'))).toBe(false);
	});

	it('does not let an instance admin act as a network admin without being one', () => {
		expect(authorize(actorFor('instanceAdmin'), 'network.manage', networkOf('instanceAdmin'))).toBe(false);
		expect(authorize(actorFor('instanceAdmin'), 'network.members.list', networkOf('instanceAdmin'))).toBe(false);
	});

	it('gives a pending admin (never active) nothing beyond leaving', () => {
		const resource: Resource = { kind: 'network', networkId: 'net-1', membership: { role: 'admin', status: 'pending' } };
		const actor = actorFor('outsider');
		expect(authorize(actor, 'network.manage', resource)).toBe(false);
		expect(authorize(actor, 'network.member', resource)).toBe(false);
		expect(authorize(actor, 'network.leave', resource)).toBe(true);
	});

	it('denies an action it does not know', () => {
		// @ts-expect-error an action missing from the rules is exactly what is being tested
		expect(authorize(actorFor('instanceAdmin'), 'network.destroy', networkOf('admin'))).toBe(false);
		// @ts-expect-error inherited object keys must not count as rules
		expect(authorize(actorFor('instanceAdmin'), 'toString', networkOf('admin'))).toBe(false);
	});
});

describe('requireAllowed', () => {
	it('says signed_out to visitors and forbidden to people who are signed in', () => {
		const attempt = (actor: Actor) => {
			try {
				requireAllowed(actor, 'network.manage', networkOf('neighbor'));
				return 'allowed';
			} catch (e) {
				return e instanceof PolicyError ? e.reason : 'other';
			}
		};
		expect(attempt(ANONYMOUS)).toBe('signed_out');
		expect(attempt(actorFor('neighbor'))).toBe('forbidden');
	});
});

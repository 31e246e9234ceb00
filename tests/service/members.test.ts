import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildNetwork, buildUser } from '../helpers/factories';
import { parseWith } from '../../src/lib/server/forms';
import { findMembership } from '../../src/lib/server/members/members.repository';
import { inviteSchema } from '../../src/lib/server/members/members.schema';
import {
	approveMember,
	changeRole,
	checkInvite,
	countMembers,
	createInvite,
	declineMember,
	joinNetwork,
	leaveNetwork,
	listInvites,
	listMembersPage,
	removeMember,
	revokeInvite
} from '../../src/lib/server/members/members.service';
import type { JoinPolicy } from '../../src/lib/server/networks/networks.schema';
import { loadNetworkAccess, PAGE_SIZE, type NetworkAccess } from '../../src/lib/server/networks/networks.service';
import type { Actor } from '../../src/lib/server/policy/policy';
import { outcome } from '../helpers/outcome';

const DAY = 24 * 60 * 60 * 1000;

function actor(id: string): Actor {
	return { userId: id, isInstanceAdmin: false };
}

function count(list: string[], value: string): number {
	return list.filter((v) => v === value).length;
}

describe('invite input (schema)', () => {
	it('defaults to a neighbour invite for 14 days with no use limit', () => {
		expect(parseWith(inviteSchema, { maxUses: '' })).toEqual({ ok: true, data: { role: 'neighbor', maxUses: null, expiresInDays: 14 } });
	});

	it('reads numbers from a form and refuses roles an invite cannot give', () => {
		expect(parseWith(inviteSchema, { role: 'steward', maxUses: '5', expiresInDays: '3' })).toEqual({
			ok: true,
			data: { role: 'steward', maxUses: 5, expiresInDays: 3 }
		});
		const bad = parseWith(inviteSchema, { role: 'admin', maxUses: '0', expiresInDays: '400' });
		expect(bad.ok ? null : Object.keys(bad.errors).sort()).toEqual(['expiresInDays', 'maxUses', 'role']);
	});
});

describe.each(DIALECTS)('joining a network on %s', (dialect) => {
	let t: TestDb;
	let adminId: string;

	/** A fresh network with the given policy, loaded as `userId` sees it. */
	async function networkFor(joinPolicy: JoinPolicy) {
		const net = await buildNetwork(t.ctx, adminId, { joinPolicy });
		return net;
	}
	const accessOf = (slug: string, userId: string): Promise<NetworkAccess> => loadNetworkAccess(t.ctx, actor(userId), slug);

	beforeAll(async () => {
		t = await createTestDb(dialect);
		adminId = (await buildUser(t.ctx, { displayName: 'Admin' })).id;
	});
	afterAll(async () => t.close());

	it('makes a member at once on an open network', async () => {
		const net = await networkFor('open');
		const u = await buildUser(t.ctx, { displayName: 'Open Joiner' });
		expect(await joinNetwork(t.ctx, actor(u.id), await accessOf(net.slug, u.id))).toEqual({ status: 'active' });
		expect((await accessOf(net.slug, u.id)).membership).toEqual({ role: 'neighbor', status: 'active' });
	});

	it('files a request on an approval network', async () => {
		const net = await networkFor('approval');
		const u = await buildUser(t.ctx, { displayName: 'Asker' });
		expect(await joinNetwork(t.ctx, actor(u.id), await accessOf(net.slug, u.id))).toEqual({ status: 'pending' });
		expect((await accessOf(net.slug, u.id)).membership).toEqual({ role: 'neighbor', status: 'pending' });
	});

	it('refuses to join an invite-only network without an invite', async () => {
		const net = await networkFor('invite');
		const u = await buildUser(t.ctx, { displayName: 'Uninvited' });
		expect(await outcome(joinNetwork(t.ctx, actor(u.id), await accessOf(net.slug, u.id)))).toBe('invite_invalid');
		expect((await accessOf(net.slug, u.id)).membership).toBeNull();
	});

	it('refuses visitors and people who are already in', async () => {
		const net = await networkFor('open');
		const access = await accessOf(net.slug, adminId);
		expect(await outcome(joinNetwork(t.ctx, { userId: null, isInstanceAdmin: false }, access))).toBe('signed_out');
		expect(await outcome(joinNetwork(t.ctx, actor(adminId), access))).toBe('already_member');
	});

	it('admits with a valid invite, with the role it gives, whatever the join policy', async () => {
		for (const policy of ['invite', 'approval'] as const) {
			const net = await networkFor(policy);
			const admin = await accessOf(net.slug, adminId);
			const { token } = await createInvite(t.ctx, admin, adminId, { role: 'steward', maxUses: null, expiresInDays: 14 });
			const u = await buildUser(t.ctx, { displayName: `Invited ${policy}` });
			expect(await checkInvite(t.ctx, net.id, token)).toEqual({ role: 'steward' });
			expect(await joinNetwork(t.ctx, actor(u.id), await accessOf(net.slug, u.id), token)).toEqual({ status: 'active' });
			expect((await accessOf(net.slug, u.id)).membership).toEqual({ role: 'steward', status: 'active' });
		}
	});

	it('refuses an expired invite, and one from another network', async () => {
		const net = await networkFor('invite');
		const other = await networkFor('invite');
		const admin = await accessOf(net.slug, adminId);
		const { token } = await createInvite(t.ctx, admin, adminId, { role: 'neighbor', maxUses: null, expiresInDays: 1 });
		const u = await buildUser(t.ctx, { displayName: 'Late' });
		expect(await outcome(joinNetwork(t.ctx, actor(u.id), await accessOf(other.slug, u.id), token))).toBe('invite_invalid');
		expect(await checkInvite(t.ctx, other.id, token)).toBeNull();

		t.clock.advance(DAY + 1);
		try {
			expect(await checkInvite(t.ctx, net.id, token)).toBeNull();
			expect(await outcome(joinNetwork(t.ctx, actor(u.id), await accessOf(net.slug, u.id), token))).toBe('invite_invalid');
			expect((await listInvites(t.ctx, admin))[0]?.state).toBe('expired');
		} finally {
			t.clock.advance(-(DAY + 1));
		}
		expect((await accessOf(net.slug, u.id)).membership).toBeNull();
	});

	it('refuses a revoked invite, and a made-up one', async () => {
		const net = await networkFor('invite');
		const admin = await accessOf(net.slug, adminId);
		const { token } = await createInvite(t.ctx, admin, adminId, { role: 'neighbor', maxUses: null, expiresInDays: 14 });
		const [invite] = await listInvites(t.ctx, admin);
		if (!invite) throw new Error('invite not listed');
		expect(invite.state).toBe('active');
		await revokeInvite(t.ctx, admin, invite.id);
		expect((await listInvites(t.ctx, admin))[0]?.state).toBe('revoked');
		expect(await outcome(revokeInvite(t.ctx, admin, invite.id))).toBe('not_found');
		const u = await buildUser(t.ctx, { displayName: 'Too late' });
		expect(await checkInvite(t.ctx, net.id, token)).toBeNull();
		expect(await outcome(joinNetwork(t.ctx, actor(u.id), await accessOf(net.slug, u.id), token))).toBe('invite_invalid');
		expect(await outcome(joinNetwork(t.ctx, actor(u.id), await accessOf(net.slug, u.id), 'not-a-real-token'))).toBe('invite_invalid');
	});

	it('does not let one network revoke another network’s invite', async () => {
		const net = await networkFor('invite');
		const other = await networkFor('invite');
		const admin = await accessOf(net.slug, adminId);
		await createInvite(t.ctx, admin, adminId, { role: 'neighbor', maxUses: null, expiresInDays: 14 });
		const [invite] = await listInvites(t.ctx, admin);
		if (!invite) throw new Error('invite not listed');
		expect(await outcome(revokeInvite(t.ctx, await accessOf(other.slug, adminId), invite.id))).toBe('not_found');
		expect((await listInvites(t.ctx, admin))[0]?.state).toBe('active');
	});

	it('refuses an invite that is used up', async () => {
		const net = await networkFor('invite');
		const admin = await accessOf(net.slug, adminId);
		const { token } = await createInvite(t.ctx, admin, adminId, { role: 'neighbor', maxUses: 2, expiresInDays: 14 });
		const people = [await buildUser(t.ctx), await buildUser(t.ctx), await buildUser(t.ctx)];
		const results: string[] = [];
		for (const p of people) results.push(await outcome(joinNetwork(t.ctx, actor(p.id), await accessOf(net.slug, p.id), token)));
		expect(results).toEqual(['ok', 'ok', 'invite_invalid']);
		const [invite] = await listInvites(t.ctx, admin);
		expect(invite).toMatchObject({ useCount: 2, maxUses: 2, state: 'used_up' });
		expect(await checkInvite(t.ctx, net.id, token)).toBeNull();
	});

	it('lets exactly one of ten people use a single-use invite at the same moment', async () => {
		const net = await networkFor('invite');
		const admin = await accessOf(net.slug, adminId);
		const { token } = await createInvite(t.ctx, admin, adminId, { role: 'neighbor', maxUses: 1, expiresInDays: 14 });
		const people = await Promise.all(Array.from({ length: 10 }, (_, i) => buildUser(t.ctx, { displayName: `Racer ${i}` })));
		const accesses = await Promise.all(people.map((p) => accessOf(net.slug, p.id)));
		const results = await Promise.all(people.map((p, i) => outcome(joinNetwork(t.ctx, actor(p.id), accesses[i] ?? admin, token))));
		expect(count(results, 'ok')).toBe(1);
		expect(count(results, 'invite_invalid')).toBe(9);
		const members = await countMembers(t.ctx, admin, 'active');
		expect(members).toBe(2); // the admin and the one winner
		expect((await listInvites(t.ctx, admin))[0]).toMatchObject({ useCount: 1, state: 'used_up' });
	});

	it('keeps one membership when the same person joins twice at the same moment', async () => {
		const net = await networkFor('open');
		const u = await buildUser(t.ctx, { displayName: 'Double clicker' });
		const [a, b] = await Promise.all([accessOf(net.slug, u.id), accessOf(net.slug, u.id)]);
		if (!a || !b) throw new Error('network not loaded');
		const results = await Promise.all([outcome(joinNetwork(t.ctx, actor(u.id), a)), outcome(joinNetwork(t.ctx, actor(u.id), b))]);
		expect(results.sort()).toEqual(['already_member', 'ok']);
		expect(await countMembers(t.ctx, a, 'active')).toBe(2);
	});

	it('does not spend an invite on someone who turns out to be in already', async () => {
		const net = await networkFor('invite');
		const admin = await accessOf(net.slug, adminId);
		const { token } = await createInvite(t.ctx, admin, adminId, { role: 'neighbor', maxUses: 2, expiresInDays: 14 });
		const u = await buildUser(t.ctx, { displayName: 'Twice' });
		const [a, b] = await Promise.all([accessOf(net.slug, u.id), accessOf(net.slug, u.id)]);
		const results = await Promise.all([outcome(joinNetwork(t.ctx, actor(u.id), a, token)), outcome(joinNetwork(t.ctx, actor(u.id), b, token))]);
		expect(results.sort()).toEqual(['already_member', 'ok']);
		expect((await listInvites(t.ctx, admin))[0]).toMatchObject({ useCount: 1, state: 'active' });
	});
});

describe.each(DIALECTS)('managing members on %s', (dialect) => {
	let t: TestDb;

	beforeAll(async () => {
		t = await createTestDb(dialect);
	});
	afterAll(async () => t.close());

	async function setup() {
		const admin = await buildUser(t.ctx, { displayName: 'Admin' });
		const net = await buildNetwork(t.ctx, admin.id, { joinPolicy: 'approval' });
		const access = await loadNetworkAccess(t.ctx, actor(admin.id), net.slug);
		return { admin, net, access };
	}
	const roleOf = async (networkId: string, userId: string) => {
		const m = await findMembership(t.ctx.db, networkId, userId);
		return m ? `${m.role}/${m.status}` : 'none';
	};

	it('approves a pending request', async () => {
		const { net, access } = await setup();
		const u = await buildUser(t.ctx, { displayName: 'Waiting' });
		await addMember(t.ctx, net.id, u.id, 'neighbor', 'pending');
		await approveMember(t.ctx, access, u.id);
		expect(await roleOf(net.id, u.id)).toBe('neighbor/active');
		expect(await outcome(approveMember(t.ctx, access, u.id))).toBe('not_member');
	});

	it('declines a pending request by removing it, so the person can ask again', async () => {
		const { net, access } = await setup();
		const u = await buildUser(t.ctx, { displayName: 'Declined' });
		await addMember(t.ctx, net.id, u.id, 'neighbor', 'pending');
		await declineMember(t.ctx, access, u.id);
		expect(await roleOf(net.id, u.id)).toBe('none');
		expect(await outcome(declineMember(t.ctx, access, u.id))).toBe('not_member');
		expect(await joinNetwork(t.ctx, actor(u.id), await loadNetworkAccess(t.ctx, actor(u.id), net.slug))).toEqual({ status: 'pending' });
	});

	it('does not decline an active member through the request queue', async () => {
		const { net, access } = await setup();
		const u = await buildUser(t.ctx, { displayName: 'Active' });
		await addMember(t.ctx, net.id, u.id, 'neighbor', 'active');
		expect(await outcome(declineMember(t.ctx, access, u.id))).toBe('not_member');
		expect(await roleOf(net.id, u.id)).toBe('neighbor/active');
	});

	it('changes roles of active members only', async () => {
		const { net, access } = await setup();
		const u = await buildUser(t.ctx, { displayName: 'Helper' });
		const p = await buildUser(t.ctx, { displayName: 'Still waiting' });
		await addMember(t.ctx, net.id, u.id, 'neighbor', 'active');
		await addMember(t.ctx, net.id, p.id, 'neighbor', 'pending');
		await changeRole(t.ctx, access, u.id, 'steward');
		expect(await roleOf(net.id, u.id)).toBe('steward/active');
		await changeRole(t.ctx, access, u.id, 'admin');
		expect(await roleOf(net.id, u.id)).toBe('admin/active');
		await changeRole(t.ctx, access, u.id, 'neighbor');
		expect(await roleOf(net.id, u.id)).toBe('neighbor/active');
		expect(await outcome(changeRole(t.ctx, access, p.id, 'steward'))).toBe('not_member');
		const stranger = await buildUser(t.ctx, { displayName: 'Stranger' });
		expect(await outcome(changeRole(t.ctx, access, stranger.id, 'steward'))).toBe('not_member');
	});

	it('removes members', async () => {
		const { net, access } = await setup();
		const u = await buildUser(t.ctx, { displayName: 'Leaving' });
		await addMember(t.ctx, net.id, u.id, 'steward', 'active');
		await removeMember(t.ctx, access, u.id);
		expect(await roleOf(net.id, u.id)).toBe('none');
		expect(await outcome(removeMember(t.ctx, access, u.id))).toBe('not_member');
	});

	it('lets members leave and people withdraw a request', async () => {
		const { net } = await setup();
		const member = await buildUser(t.ctx, { displayName: 'Member' });
		const asker = await buildUser(t.ctx, { displayName: 'Asker' });
		await addMember(t.ctx, net.id, member.id, 'neighbor', 'active');
		await addMember(t.ctx, net.id, asker.id, 'neighbor', 'pending');
		await leaveNetwork(t.ctx, actor(member.id), await loadNetworkAccess(t.ctx, actor(member.id), net.slug));
		await leaveNetwork(t.ctx, actor(asker.id), await loadNetworkAccess(t.ctx, actor(asker.id), net.slug));
		expect([await roleOf(net.id, member.id), await roleOf(net.id, asker.id)]).toEqual(['none', 'none']);
	});

	it('never leaves a network without an admin: the last admin cannot step down, leave or be removed', async () => {
		const { admin, net, access } = await setup();
		expect(await outcome(changeRole(t.ctx, access, admin.id, 'steward'))).toBe('last_admin');
		expect(await outcome(leaveNetwork(t.ctx, actor(admin.id), access))).toBe('last_admin');
		expect(await outcome(removeMember(t.ctx, access, admin.id))).toBe('last_admin');
		expect(await roleOf(net.id, admin.id)).toBe('admin/active');
	});

	it('lets an admin step down once someone else is an admin', async () => {
		const { admin, net, access } = await setup();
		const other = await buildUser(t.ctx, { displayName: 'Second admin' });
		await addMember(t.ctx, net.id, other.id, 'admin', 'active');
		await changeRole(t.ctx, access, admin.id, 'neighbor');
		expect(await roleOf(net.id, admin.id)).toBe('neighbor/active');
		const theirs = await loadNetworkAccess(t.ctx, actor(other.id), net.slug);
		expect(await outcome(leaveNetwork(t.ctx, actor(other.id), theirs))).toBe('last_admin');
	});

	it('keeps one admin when two admins demote each other at the same moment', async () => {
		for (let round = 0; round < 5; round += 1) {
			const { admin, net, access } = await setup();
			const other = await buildUser(t.ctx, { displayName: `Co-admin ${round}` });
			await addMember(t.ctx, net.id, other.id, 'admin', 'active');
			const theirs = await loadNetworkAccess(t.ctx, actor(other.id), net.slug);
			const results = await Promise.all([outcome(changeRole(t.ctx, access, other.id, 'neighbor')), outcome(changeRole(t.ctx, theirs, admin.id, 'neighbor'))]);
			// Whoever goes second is no longer an admin by then, so is refused outright.
			expect(results.sort()).toEqual(['forbidden', 'ok']);
			const roles = [await roleOf(net.id, admin.id), await roleOf(net.id, other.id)].sort();
			expect(roles).toEqual(['admin/active', 'neighbor/active']);
		}
	});

	it('an admin demoted a moment ago cannot finish one more change', async () => {
		const { admin, net, access } = await setup();
		const other = await buildUser(t.ctx, { displayName: 'Soon demoted' });
		const target = await buildUser(t.ctx, { displayName: 'Target' });
		const asker = await buildUser(t.ctx, { displayName: 'Asker' });
		await addMember(t.ctx, net.id, other.id, 'admin', 'active');
		await addMember(t.ctx, net.id, target.id, 'neighbor', 'active');
		await addMember(t.ctx, net.id, asker.id, 'neighbor', 'pending');
		// Loaded while still an admin (as a page would have, just before the demotion landed).
		const stale = await loadNetworkAccess(t.ctx, actor(other.id), net.slug);
		await changeRole(t.ctx, access, other.id, 'neighbor');

		expect(await outcome(changeRole(t.ctx, stale, target.id, 'admin'))).toBe('forbidden');
		expect(await outcome(removeMember(t.ctx, stale, target.id))).toBe('forbidden');
		expect(await outcome(approveMember(t.ctx, stale, asker.id))).toBe('forbidden');
		expect(await outcome(declineMember(t.ctx, stale, asker.id))).toBe('forbidden');
		expect(await roleOf(net.id, target.id)).toBe('neighbor/active');
		expect(await roleOf(net.id, asker.id)).toBe('neighbor/pending');
		expect(await roleOf(net.id, admin.id)).toBe('admin/active');
	});

	it('keeps one admin when two admins leave at the same moment', async () => {
		const { admin, net, access } = await setup();
		const other = await buildUser(t.ctx, { displayName: 'Co-admin leaving' });
		await addMember(t.ctx, net.id, other.id, 'admin', 'active');
		const theirs = await loadNetworkAccess(t.ctx, actor(other.id), net.slug);
		const results = await Promise.all([outcome(leaveNetwork(t.ctx, actor(admin.id), access)), outcome(leaveNetwork(t.ctx, actor(other.id), theirs))]);
		expect(results.sort()).toEqual(['last_admin', 'ok']);
		expect(await countMembers(t.ctx, access, 'active')).toBe(1);
	});
});

describe.each(DIALECTS)('listing members on %s', (dialect) => {
	let t: TestDb;
	let access: NetworkAccess;

	beforeAll(async () => {
		t = await createTestDb(dialect);
		const admin = await buildUser(t.ctx, { displayName: 'Zoe Admin' });
		const net = await buildNetwork(t.ctx, admin.id, { joinPolicy: 'approval' });
		access = await loadNetworkAccess(t.ctx, actor(admin.id), net.slug);
		const steward = await buildUser(t.ctx, { displayName: 'Yusuf Steward' });
		await addMember(t.ctx, net.id, steward.id, 'steward', 'active');
		for (let i = 0; i < PAGE_SIZE + 2; i += 1) {
			const u = await buildUser(t.ctx, { displayName: `Neighbour ${String(i).padStart(2, '0')}` });
			await addMember(t.ctx, net.id, u.id, 'neighbor', 'active');
		}
		const special = await buildUser(t.ctx, { displayName: 'María 100%_Real', username: 'maria-real' });
		await addMember(t.ctx, net.id, special.id, 'neighbor', 'active');
		const waiting = await buildUser(t.ctx, { displayName: 'Walter Waiting' });
		await addMember(t.ctx, net.id, waiting.id, 'neighbor', 'pending');
	});
	afterAll(async () => t.close());

	it('pages through active members: admins, then stewards, then everyone by name', async () => {
		const total = PAGE_SIZE + 5; // admin, steward, the neighbours, María
		const first = await listMembersPage(t.ctx, access, 'active', 1);
		expect(first).toMatchObject({ total, page: 1, pageCount: 2 });
		expect(first.items).toHaveLength(PAGE_SIZE);
		expect(first.items.slice(0, 3).map((m) => [m.displayName, m.role])).toEqual([
			['Zoe Admin', 'admin'],
			['Yusuf Steward', 'steward'],
			['María 100%_Real', 'neighbor']
		]);
		const second = await listMembersPage(t.ctx, access, 'active', 2);
		expect(second.items.map((m) => m.displayName)).toEqual(['Neighbour 17', 'Neighbour 18', 'Neighbour 19', 'Neighbour 20', 'Neighbour 21']);
		expect(second.items.every((m) => m.status === 'active')).toBe(true);
	});

	it('lists pending requests apart from members', async () => {
		const pending = await listMembersPage(t.ctx, access, 'pending', 1);
		expect(pending).toMatchObject({ total: 1, pageCount: 1 });
		expect(pending.items.map((m) => m.displayName)).toEqual(['Walter Waiting']);
		expect(await countMembers(t.ctx, access, 'pending')).toBe(1);
	});

	it('searches names and sign-in names without regard to case', async () => {
		const byName = await listMembersPage(t.ctx, access, 'active', 1, '  neighbour 1');
		expect(byName.total).toBe(10);
		expect(byName.items.map((m) => m.displayName)).toContain('Neighbour 10');
		const byUsername = await listMembersPage(t.ctx, access, 'active', 1, 'MARIA-REAL');
		expect(byUsername.items.map((m) => m.displayName)).toEqual(['María 100%_Real']);
		expect((await listMembersPage(t.ctx, access, 'active', 1, 'nobody by that name')).items).toEqual([]);
	});

	it('treats % and _ in a search as plain characters', async () => {
		const percent = await listMembersPage(t.ctx, access, 'active', 1, '100%_');
		expect(percent.items.map((m) => m.displayName)).toEqual(['María 100%_Real']);
		expect((await listMembersPage(t.ctx, access, 'active', 1, '%')).total).toBe(1);
		expect((await listMembersPage(t.ctx, access, 'active', 1, '_')).total).toBe(1);
	});

	it('pages search results too, and treats an empty search as none', async () => {
		const all = await listMembersPage(t.ctx, access, 'active', 2, '   ');
		expect(all.total).toBe(PAGE_SIZE + 5);
		const found = await listMembersPage(t.ctx, access, 'active', 2, 'neighbour');
		expect(found).toMatchObject({ total: PAGE_SIZE + 2, page: 2, pageCount: 2 });
		expect(found.items.map((m) => m.displayName)).toEqual(['Neighbour 20', 'Neighbour 21']);
	});
});

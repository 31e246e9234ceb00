import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveMember, createInvite, findMembershipStatus, joinNetwork } from '../../src/lib/server/members/members.service';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import type { Actor } from '../../src/lib/server/policy/policy';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { buildNetwork, buildUser } from '../helpers/factories';
import { outcome } from '../helpers/outcome';

const actor = (userId: string): Actor => ({ userId, isInstanceAdmin: false });

describe.each(DIALECTS)('an invite for someone who already asked to join, on %s', (dialect) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(dialect);
	});
	afterAll(async () => t.close());

	async function setup() {
		const admin = await buildUser(t.ctx, { displayName: 'Admin' });
		const asker = await buildUser(t.ctx, { displayName: 'Asker' });
		const net = await buildNetwork(t.ctx, admin.id, { joinPolicy: 'approval' });
		const adminAccess = await loadNetworkAccess(t.ctx, actor(admin.id), net.slug);
		expect(await joinNetwork(t.ctx, actor(asker.id), await loadNetworkAccess(t.ctx, actor(asker.id), net.slug))).toEqual({ status: 'pending' });
		return { admin, asker, net, adminAccess };
	}

	it('lets them in at once with the invite’s role, using one use of it', async () => {
		const { asker, net, adminAccess } = await setup();
		const { token } = await createInvite(t.ctx, adminAccess, adminAccess.actorId ?? '', { role: 'steward', maxUses: 1, expiresInDays: 7 });
		const mine = await loadNetworkAccess(t.ctx, actor(asker.id), net.slug);
		expect(await joinNetwork(t.ctx, actor(asker.id), mine, token)).toEqual({ status: 'active' });
		const after = await loadNetworkAccess(t.ctx, actor(asker.id), net.slug);
		expect(after.membership).toEqual({ role: 'steward', status: 'active' });
		// The one use is spent.
		const other = await buildUser(t.ctx, { displayName: 'Late' });
		expect(await outcome(joinNetwork(t.ctx, actor(other.id), await loadNetworkAccess(t.ctx, actor(other.id), net.slug), token))).toBe('invite_invalid');
	});

	it('without an invite, asking again is still "already asked"', async () => {
		const { asker, net } = await setup();
		expect(await outcome(joinNetwork(t.ctx, actor(asker.id), await loadNetworkAccess(t.ctx, actor(asker.id), net.slug)))).toBe('already_member');
	});

	it('a bad invite changes nothing', async () => {
		const { asker, net, adminAccess } = await setup();
		const mine = await loadNetworkAccess(t.ctx, actor(asker.id), net.slug);
		expect(await outcome(joinNetwork(t.ctx, actor(asker.id), mine, 'not-a-real-invite-token'))).toBe('invite_invalid');
		expect(await findMembershipStatus(t.ctx, adminAccess, asker.id)).toBe('pending');
	});

	it('if an admin approves at the same moment, one change wins and the invite is not spent for nothing', async () => {
		const { asker, net, adminAccess } = await setup();
		const { token } = await createInvite(t.ctx, adminAccess, adminAccess.actorId ?? '', { role: 'neighbor', maxUses: 5, expiresInDays: 7 });
		const mine = await loadNetworkAccess(t.ctx, actor(asker.id), net.slug);
		const results = await Promise.all([outcome(joinNetwork(t.ctx, actor(asker.id), mine, token)), outcome(approveMember(t.ctx, adminAccess, asker.id))]);
		expect(results.filter((r) => r === 'ok')).toHaveLength(1);
		expect(await findMembershipStatus(t.ctx, adminAccess, asker.id)).toBe('active');
		const uses = await t.ctx.db.selectFrom('invites').select('use_count').where('network_id', '=', net.id).executeTakeFirstOrThrow();
		// A failed admission rolls back its use of the invite.
		expect(Number(uses.use_count)).toBe(results[0] === 'ok' ? 1 : 0);
	});
});

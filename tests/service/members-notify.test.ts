import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveMember, joinNetwork } from '../../src/lib/server/members/members.service';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import { listInbox, unreadCount } from '../../src/lib/server/notify/notify.service';
import type { Actor } from '../../src/lib/server/policy/policy';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildNetwork, buildUser } from '../helpers/factories';

const actor = (userId: string): Actor => ({ userId, isInstanceAdmin: false });

describe.each(DIALECTS)('membership notifications on %s', (dialect) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(dialect);
	});
	afterAll(async () => t.close());

	it('tells every admin about a request to join, and the person when they are approved', async () => {
		const admin = await buildUser(t.ctx, { displayName: 'First admin', locale: 'es' });
		const coAdmin = await buildUser(t.ctx, { displayName: 'Second admin' });
		const steward = await buildUser(t.ctx, { displayName: 'Steward' });
		const asker = await buildUser(t.ctx, { displayName: 'Asker' });
		const net = await buildNetwork(t.ctx, admin.id, { name: 'Cedar Lane', slug: `cedar-${dialect}`, joinPolicy: 'approval' });
		await addMember(t.ctx, net.id, coAdmin.id, 'admin');
		await addMember(t.ctx, net.id, steward.id, 'steward');

		expect(await joinNetwork(t.ctx, actor(asker.id), await loadNetworkAccess(t.ctx, actor(asker.id), net.slug))).toEqual({ status: 'pending' });

		const inbox = await listInbox(t.ctx, admin.id, 1);
		expect(inbox.items.map((i) => [i.title, i.link])).toEqual([[`Nueva solicitud para unirse a Cedar Lane`, `/n/cedar-${dialect}/members?tab=pending`]]);
		expect(await unreadCount(t.ctx, coAdmin.id)).toBe(1);
		// Stewards do not approve, so they are not told; the asker is not told about themselves.
		expect(await unreadCount(t.ctx, steward.id)).toBe(0);
		expect(await unreadCount(t.ctx, asker.id)).toBe(0);
		// The notification names the network, never who asked.
		expect(JSON.stringify(inbox.items)).not.toContain('Asker');

		await approveMember(t.ctx, await loadNetworkAccess(t.ctx, actor(admin.id), net.slug), asker.id);
		const theirs = await listInbox(t.ctx, asker.id, 1, 'en');
		expect(theirs.items.map((i) => [i.title, i.link])).toEqual([['You are now a member of Cedar Lane', `/n/cedar-${dialect}`]]);
	});

	it('says nothing when someone joins an open network', async () => {
		const admin = await buildUser(t.ctx, { displayName: 'Open admin' });
		const joiner = await buildUser(t.ctx, { displayName: 'Joiner' });
		const net = await buildNetwork(t.ctx, admin.id, { joinPolicy: 'open' });
		await joinNetwork(t.ctx, actor(joiner.id), await loadNetworkAccess(t.ctx, actor(joiner.id), net.slug));
		expect(await unreadCount(t.ctx, admin.id)).toBe(0);
	});
});

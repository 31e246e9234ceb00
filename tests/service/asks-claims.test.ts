import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsk, getAskDetail, takeStep } from '../../src/lib/server/asks/asks.service';
import type { Ctx } from '../../src/lib/server/context';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import type { Actor } from '../../src/lib/server/policy/policy';
import { askInput } from '../helpers/asks';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildNetwork, buildUser } from '../helpers/factories';
import { outcome } from '../helpers/outcome';

const actor = (id: string): Actor => ({ userId: id, isInstanceAdmin: false });

describe.each(DIALECTS)('claiming an ask on %s', (dialect) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(dialect, { poolSize: 20 });
	});
	afterAll(async () => t.close());

	it('lets exactly one of 50 volunteers pressing "claim" at the same moment win; 49 hear it is already claimed', async () => {
		const admin = await buildUser(t.ctx, { displayName: 'Admin' });
		const net = await buildNetwork(t.ctx, admin.id);
		const asker = await buildUser(t.ctx, { displayName: 'Asker' });
		await addMember(t.ctx, net.id, asker.id);
		const access = await loadNetworkAccess(t.ctx, actor(asker.id), net.slug);
		const { id } = await createAsk(t.ctx, actor(asker.id), access, askInput(access), 'self');

		const volunteers: string[] = [];
		for (let i = 0; i < 50; i++) {
			const v = await buildUser(t.ctx, { displayName: `Volunteer ${i}` });
			await addMember(t.ctx, net.id, v.id);
			volunteers.push(v.id);
		}
		// PostgreSQL: several independent connection pools (separate "processes"). SQLite: the one
		// connection a Hearth process holds, with every claim's transaction interleaved on it (two
		// SQLite connections in one thread would only wait on each other's locks).
		const handles = dialect === 'postgres' ? Array.from({ length: 5 }, () => t.openAnother()) : [t.handle];
		const prepared = await Promise.all(
			volunteers.map(async (v, i) => {
				const ctx: Ctx = { ...t.ctx, db: handles[i % handles.length]!.db };
				return { v, ctx, access: await loadNetworkAccess(ctx, actor(v), net.slug) };
			})
		);
		const results = await Promise.all(
			prepared.map((p) => outcome(takeStep(p.ctx, actor(p.v), p.access, id, { action: 'claim', note: null, targetUserId: null })))
		);
		if (dialect === 'postgres') await Promise.all(handles.map((h) => h.close()));

		expect(results.filter((r) => r === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r === 'already_claimed')).toHaveLength(49);
		const winner = volunteers[results.indexOf('ok')]!;
		const detail = await getAskDetail(t.ctx, actor(asker.id), await loadNetworkAccess(t.ctx, actor(asker.id), net.slug), id);
		expect(detail.card.status).toBe('claimed');
		expect(detail.events?.filter((e) => e.kind === 'claim').map((e) => e.claimantId)).toEqual([winner]);
	});
});

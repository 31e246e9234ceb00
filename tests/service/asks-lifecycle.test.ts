import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getAidSettings, saveAidSettings } from '../../src/lib/server/asks/aid-settings';
import { findAsk } from '../../src/lib/server/asks/asks.repository';
import { createAsk, getAskDetail, runAskLifecycle, takeStep } from '../../src/lib/server/asks/asks.service';
import type { TransitionInput } from '../../src/lib/server/asks/asks.schema';
import { newId } from '../../src/lib/server/db/conventions';
import { ServiceError } from '../../src/lib/server/errors';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import type { Actor } from '../../src/lib/server/policy/policy';
import { askInput } from '../helpers/asks';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildNetwork, buildUser } from '../helpers/factories';
import { outcome } from '../helpers/outcome';

const HOUR = 3_600_000;
const actor = (id: string): Actor => ({ userId: id, isInstanceAdmin: false });

/** The people of one small network: an admin, a steward, the neighbour who asks, two volunteers, and someone from outside. */
async function community(t: TestDb) {
	const admin = await buildUser(t.ctx, { displayName: 'Admin' });
	const net = await buildNetwork(t.ctx, admin.id);
	const steward = await buildUser(t.ctx, { displayName: 'Steward' });
	const asker = await buildUser(t.ctx, { displayName: 'Asker' });
	const vol = await buildUser(t.ctx, { displayName: 'Volunteer One' });
	const vol2 = await buildUser(t.ctx, { displayName: 'Volunteer Two' });
	const outsider = await buildUser(t.ctx, { displayName: 'Outsider' });
	await addMember(t.ctx, net.id, steward.id, 'steward');
	for (const u of [asker, vol, vol2]) await addMember(t.ctx, net.id, u.id);
	const access = (userId: string) => loadNetworkAccess(t.ctx, actor(userId), net.slug);
	const tick = () => t.clock.advance(60_000);
	return {
		net,
		admin: admin.id,
		steward: steward.id,
		asker: asker.id,
		vol: vol.id,
		vol2: vol2.id,
		outsider: outsider.id,
		access,
		/** A new open ask by the asker; the clock moves a minute on, so events keep their order. */
		async newAsk(over: Record<string, unknown> = {}) {
			const a = await access(asker.id);
			const { id } = await createAsk(t.ctx, actor(asker.id), a, askInput(a, over), 'self');
			tick();
			return id;
		},
		/** One step by `userId`; the clock moves a minute on afterwards. */
		async step(userId: string, askId: string, action: TransitionInput['action'], extra: Partial<TransitionInput> = {}) {
			const r = await takeStep(t.ctx, actor(userId), await access(userId), askId, { action, note: null, targetUserId: null, ...extra });
			tick();
			return r;
		},
		async row(askId: string) {
			const r = await findAsk(t.ctx.db, net.id, askId);
			if (!r) throw new Error('ask not found');
			return r;
		},
		async events(askId: string) {
			const d = await getAskDetail(t.ctx, actor(steward.id), await access(steward.id), askId);
			return d.events ?? [];
		},
		async eventCount(askId: string) {
			return (await t.ctx.db.selectFrom('ask_events').select('id').where('ask_id', '=', askId).execute()).length;
		},
		async notificationsOf(userId: string, kind: string) {
			return t.ctx.db.selectFrom('notifications').select(['kind', 'params', 'link']).where('user_id', '=', userId).where('kind', '=', kind).execute();
		}
	};
}

/** The ServiceError a call ended with (code, field, HTTP status); fails the test when it succeeded. */
async function failure(p: Promise<unknown>): Promise<{ code: string; field: string | undefined; status: number }> {
	try {
		await p;
	} catch (e) {
		if (e instanceof ServiceError) return { code: e.code, field: e.field, status: e.status };
		throw e;
	}
	throw new Error('expected the call to fail');
}

describe.each(DIALECTS)('the steps of an ask on %s', (dialect) => {
	let t: TestDb;
	let c: Awaited<ReturnType<typeof community>>;
	beforeAll(async () => {
		t = await createTestDb(dialect);
		c = await community(t);
	});
	afterAll(async () => t.close());

	it('goes open → claimed → picked up → delivered → confirmed (closed), recording each step in order', async () => {
		const id = await c.newAsk();
		expect((await c.step(c.vol, id, 'claim')).status).toBe('claimed');
		expect((await c.step(c.vol, id, 'pick_up')).status).toBe('picked_up');
		expect((await c.step(c.vol, id, 'deliver')).status).toBe('delivered');
		expect((await c.step(c.asker, id, 'confirm')).status).toBe('closed');

		const row = await c.row(id);
		expect(row.status).toBe('closed');
		expect(row.claimantId).toBe(c.vol);
		expect(row.claimedAt).not.toBeNull();
		expect(row.deliveredAt).not.toBeNull();
		expect(row.closedAt).not.toBeNull();
		const events = await c.events(id);
		expect(events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.actorId, e.claimantId])).toEqual([
			['created', null, 'open', c.asker, null],
			['claim', 'open', 'claimed', c.vol, c.vol],
			['pick_up', 'claimed', 'picked_up', c.vol, c.vol],
			['deliver', 'picked_up', 'delivered', c.vol, c.vol],
			['confirm', 'delivered', 'closed', c.asker, c.vol]
		]);
		// The person who asked heard about the claim and the delivery.
		expect((await c.notificationsOf(c.asker, 'ask_claimed')).filter((n) => n.link?.endsWith(id))).toHaveLength(1);
		expect((await c.notificationsOf(c.asker, 'ask_delivered')).filter((n) => n.link?.endsWith(id))).toHaveLength(1);
	});

	it('answers a step out of order with 409 ask_status_changed and writes nothing', async () => {
		const id = await c.newAsk();
		const before = await c.eventCount(id);
		expect(await failure(c.step(c.vol, id, 'deliver'))).toEqual({ code: 'ask_status_changed', field: undefined, status: 409 });
		expect(await failure(c.step(c.steward, id, 'pick_up'))).toMatchObject({ code: 'ask_status_changed', status: 409 });
		expect(await failure(c.step(c.asker, id, 'confirm'))).toMatchObject({ code: 'ask_status_changed', status: 409 });
		expect(await c.eventCount(id)).toBe(before);
		const row = await c.row(id);
		expect(row.status).toBe('open');
		expect(row.deliveredAt).toBeNull();
		expect(row.claimantId).toBeNull();

		await c.step(c.vol, id, 'claim');
		const claimed = await c.eventCount(id);
		expect(await failure(c.step(c.vol2, id, 'claim'))).toMatchObject({ code: 'already_claimed', status: 409 });
		expect(await failure(c.step(c.vol, id, 'approve'))).toMatchObject({ code: 'ask_status_changed', status: 409 });
		expect(await c.eventCount(id)).toBe(claimed);
		expect((await c.row(id)).claimantId).toBe(c.vol);
	});

	it('refuses the person who asked a claim on their own ask, and others a step that is not theirs', async () => {
		const id = await c.newAsk();
		expect(await failure(c.step(c.asker, id, 'claim'))).toMatchObject({ code: 'own_ask', status: 403 });
		await c.step(c.vol, id, 'claim');
		const before = await c.eventCount(id);
		// Someone not involved does not even learn the claimed ask's state: the same 404 as a made-up id.
		expect(await outcome(c.step(c.vol2, id, 'deliver'))).toBe('not_found');
		expect(await outcome(c.step(c.asker, id, 'pick_up'))).toBe('forbidden');
		expect(await outcome(c.step(c.vol2, id, 'cancel'))).toBe('not_found');
		expect(await outcome(c.step(c.vol, id, 'reassign', { targetUserId: c.vol2 }))).toBe('forbidden');
		expect(await outcome(takeStep(t.ctx, actor(c.outsider), await c.access(c.outsider), id, { action: 'release', note: null, targetUserId: null }))).toBe(
			'policy:forbidden'
		);
		expect(await c.eventCount(id)).toBe(before);
		expect((await c.row(id)).status).toBe('claimed');
	});

	it('needs a note when a delivery could not be made, then opens the ask again without a claimant', async () => {
		const id = await c.newAsk();
		await c.step(c.vol, id, 'claim');
		await c.step(c.vol, id, 'pick_up');
		const before = await c.eventCount(id);
		expect(await failure(c.step(c.vol, id, 'could_not_deliver'))).toMatchObject({ code: 'note_required', field: 'note' });
		expect(await c.eventCount(id)).toBe(before);
		expect((await c.row(id)).status).toBe('picked_up');

		expect((await c.step(c.vol, id, 'could_not_deliver', { note: 'Nobody answered the door' })).status).toBe('open');
		const row = await c.row(id);
		expect(row.status).toBe('open');
		expect(row.claimantId).toBeNull();
		expect(row.claimedAt).toBeNull();
		const last = (await c.events(id)).at(-1);
		expect(last).toMatchObject({ kind: 'could_not_deliver', fromStatus: 'picked_up', toStatus: 'open', claimantId: null, note: 'Nobody answered the door' });
		expect((await c.notificationsOf(c.asker, 'ask_reopened')).filter((n) => n.link?.endsWith(id))).toHaveLength(1);
		// Someone else can take it now.
		expect((await c.step(c.vol2, id, 'claim')).status).toBe('claimed');
	});

	it('lets the claimant release a claim: open again, claimant cleared', async () => {
		const id = await c.newAsk();
		await c.step(c.vol, id, 'claim');
		expect((await c.step(c.vol, id, 'release')).status).toBe('open');
		const row = await c.row(id);
		expect(row.claimantId).toBeNull();
		expect(row.progressAt).toBeNull();
		expect((await c.events(id)).map((e) => e.kind)).toEqual(['created', 'claim', 'release']);
		// Released means no longer theirs.
		expect(await outcome(c.step(c.vol, id, 'deliver'))).toBe('ask_status_changed');
	});

	it('lets the claimant hand the claim to another member, but not to someone outside the network', async () => {
		const id = await c.newAsk();
		await c.step(c.vol, id, 'claim');
		await c.step(c.vol, id, 'pick_up');
		const before = await c.eventCount(id);
		expect(await failure(c.step(c.vol, id, 'hand_over'))).toMatchObject({ code: 'target_required', field: 'targetUserId' });
		expect(await failure(c.step(c.vol, id, 'hand_over', { targetUserId: c.outsider }))).toMatchObject({ code: 'target_not_member', field: 'targetUserId' });
		expect(await failure(c.step(c.vol, id, 'hand_over', { targetUserId: c.asker }))).toMatchObject({ code: 'target_not_member' });
		expect(await c.eventCount(id)).toBe(before);
		expect((await c.row(id)).claimantId).toBe(c.vol);

		expect((await c.step(c.vol, id, 'hand_over', { targetUserId: c.vol2 })).status).toBe('picked_up');
		const row = await c.row(id);
		expect(row.status).toBe('picked_up');
		expect(row.claimantId).toBe(c.vol2);
		expect((await c.events(id)).at(-1)).toMatchObject({ kind: 'hand_over', actorId: c.vol, claimantId: c.vol2 });
		expect((await c.notificationsOf(c.vol2, 'ask_assigned')).filter((n) => n.link?.endsWith(id))).toHaveLength(1);
		// The former claimant can no longer act on it (nor see it); the new one can.
		expect(await outcome(c.step(c.vol, id, 'deliver'))).toBe('not_found');
		expect((await c.step(c.vol2, id, 'deliver')).status).toBe('delivered');
	});

	it('lets a steward reassign a claim; the former claimant is told', async () => {
		const id = await c.newAsk();
		await c.step(c.vol, id, 'claim');
		expect(await failure(c.step(c.steward, id, 'reassign', { targetUserId: c.outsider }))).toMatchObject({ code: 'target_not_member' });
		expect((await c.step(c.steward, id, 'reassign', { targetUserId: c.vol2 })).status).toBe('claimed');
		const row = await c.row(id);
		expect(row.claimantId).toBe(c.vol2);
		expect((await c.events(id)).at(-1)).toMatchObject({ kind: 'reassign', actorId: c.steward, fromStatus: 'claimed', toStatus: 'claimed', claimantId: c.vol2 });
		expect((await c.notificationsOf(c.vol2, 'ask_assigned')).filter((n) => n.link?.endsWith(id))).toHaveLength(1);
		expect((await c.notificationsOf(c.vol, 'ask_reopened')).filter((n) => n.link?.endsWith(id))).toHaveLength(1);

		// A steward can also assign an open ask directly.
		const open = await c.newAsk();
		expect((await c.step(c.admin, open, 'reassign', { targetUserId: c.vol })).status).toBe('claimed');
		expect((await c.row(open)).claimantId).toBe(c.vol);
	});

	it('lets the person who asked cancel, from open or while claimed', async () => {
		const open = await c.newAsk();
		expect(await outcome(c.step(c.vol, open, 'cancel'))).toBe('forbidden');
		expect((await c.step(c.asker, open, 'cancel')).status).toBe('cancelled');
		const row = await c.row(open);
		expect(row.status).toBe('cancelled');
		expect(row.closedAt).not.toBeNull();
		// A cancelled ask is off the board: to someone not involved it is as if it never existed.
		expect(await outcome(c.step(c.vol, open, 'claim'))).toBe('not_found');

		const claimed = await c.newAsk();
		await c.step(c.vol, claimed, 'claim');
		expect((await c.step(c.asker, claimed, 'cancel')).status).toBe('cancelled');
		expect((await c.events(claimed)).map((e) => e.kind)).toEqual(['created', 'claim', 'cancel']);
	});
});

describe.each(DIALECTS)('the lifecycle sweeps on %s', (dialect) => {
	let t: TestDb;
	let c: Awaited<ReturnType<typeof community>>;
	// A fresh database each time: the sweeps look at every ask, and each test counts exactly.
	beforeEach(async () => {
		t = await createTestDb(dialect);
		c = await community(t);
	});
	afterEach(async () => t.close());

	const NOTHING = { claimsExpired: 0, asksExpired: 0, autoClosed: 0, purged: 0 };

	it('sweeps only the network it is asked to when given one (npm run lifecycle -- --network)', async () => {
		const here = await c.newAsk();
		await c.step(c.vol, here, 'claim');
		const other = await community(t);
		const there = await other.newAsk();
		await other.step(other.vol, there, 'claim');
		t.clock.advance(49 * HOUR);
		expect(await runAskLifecycle(t.ctx, { networkId: other.net.id })).toEqual({ ...NOTHING, claimsExpired: 1 });
		expect((await other.row(there)).status).toBe('open');
		expect((await c.row(here)).status).toBe('claimed');
		expect(await runAskLifecycle(t.ctx)).toEqual({ ...NOTHING, claimsExpired: 1 });
		expect((await c.row(here)).status).toBe('open');
	});

	it('releases a claim with no progress after 48 hours and tells the claimant', async () => {
		const id = await c.newAsk();
		await c.step(c.vol, id, 'claim');
		t.clock.advance(47 * HOUR);
		expect(await runAskLifecycle(t.ctx)).toEqual(NOTHING);
		expect((await c.row(id)).status).toBe('claimed');

		t.clock.advance(2 * HOUR); // 49 hours after the claim
		expect(await runAskLifecycle(t.ctx)).toEqual({ ...NOTHING, claimsExpired: 1 });
		const row = await c.row(id);
		expect(row.status).toBe('open');
		expect(row.claimantId).toBeNull();
		expect(row.claimedAt).toBeNull();
		const expired = await c.notificationsOf(c.vol, 'claim_expired');
		expect(expired).toHaveLength(1);
		expect(expired[0]!.link).toBe(`/n/${c.net.slug}/asks/${id}`);
		expect(JSON.parse(expired[0]!.params)).toEqual({ category: 'groceries', network: c.net.name });
		expect((await c.notificationsOf(c.asker, 'ask_reopened')).filter((n) => n.link?.endsWith(id))).toHaveLength(1);
		expect((await c.events(id)).at(-1)).toMatchObject({ kind: 'claim_expired', actorId: null, fromStatus: 'claimed', toStatus: 'open', claimantId: null });

		// A second sweep finds nothing more to do, and the ask can be claimed again.
		expect(await runAskLifecycle(t.ctx)).toEqual(NOTHING);
		expect((await c.step(c.vol2, id, 'claim')).status).toBe('claimed');
	});

	it('keeps a claim whose claimant made progress recently, counting 48 hours from the last step', async () => {
		const id = await c.newAsk();
		await c.step(c.vol, id, 'claim');
		t.clock.advance(30 * HOUR);
		await c.step(c.vol, id, 'pick_up');
		t.clock.advance(19 * HOUR); // 49 hours after the claim, 19 after picking up
		expect(await runAskLifecycle(t.ctx)).toEqual(NOTHING);
		expect((await c.row(id)).status).toBe('picked_up');
		expect(await c.notificationsOf(c.vol, 'claim_expired')).toHaveLength(0);

		t.clock.advance(30 * HOUR); // 49 hours after picking up
		expect(await runAskLifecycle(t.ctx)).toEqual({ ...NOTHING, claimsExpired: 1 });
		expect((await c.row(id)).status).toBe('open');
		expect(await c.notificationsOf(c.vol, 'claim_expired')).toHaveLength(1);
	});

	it('expires an open ask once its needed-by date has passed', async () => {
		// The server's own calendar day (asks are dated in its zone), `offset` days from now.
		const day = (offset: number) => {
			const d = new Date(t.clock.now().getTime() + offset * 24 * HOUR);
			return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
		};
		const dated = await c.newAsk({ neededBy: day(1) });
		const undated = await c.newAsk();
		t.clock.advance(24 * HOUR); // the needed-by day itself: still wanted
		expect(await runAskLifecycle(t.ctx)).toEqual(NOTHING);
		expect((await c.row(dated)).status).toBe('open');

		t.clock.advance(24 * HOUR); // the day after
		expect(await runAskLifecycle(t.ctx)).toEqual({ ...NOTHING, asksExpired: 1 });
		const row = await c.row(dated);
		expect(row.status).toBe('expired');
		expect(row.closedAt).not.toBeNull();
		expect((await c.events(dated)).at(-1)).toMatchObject({ kind: 'expire', fromStatus: 'open', toStatus: 'expired', actorId: null });
		expect((await c.row(undated)).status).toBe('open');
	});

	it('is not starved by another network: shorter limits apply even behind hundreds of asks still waiting elsewhere', async () => {
		// Network B (the defaults: 48 h claims, 72 h deliveries, 14 days retention) holds many asks
		// that are old but not yet due. They are written directly, older than anything in A.
		const WAITING = 600; // more than one sweep's batch of each kind
		const base = t.clock.now().getTime() - HOUR;
		const area = (await c.access(c.asker)).areas[0]!.id;
		const rows = [];
		for (let i = 0; i < WAITING * 3; i++) {
			const status = (['claimed', 'delivered', 'cancelled'] as const)[i % 3]!;
			const at = new Date(base - i * 1000).toISOString();
			rows.push({
				id: newId(new Date(base - i * 1000)),
				network_id: c.net.id,
				source: 'self',
				requester_id: c.asker,
				recorded_by: null,
				category: 'groceries',
				description: `waiting ${i}`,
				urgency: 'days',
				urgency_rank: 1,
				languages: '[]',
				area_id: area,
				needs_car: false,
				private_enc: 'not-really-sealed',
				status,
				claimant_id: status === 'cancelled' ? null : c.vol,
				claimed_at: at,
				progress_at: status === 'cancelled' ? null : at,
				delivered_at: status === 'delivered' ? at : null,
				closed_at: status === 'cancelled' ? at : null,
				created_at: at,
				updated_at: at
			});
		}
		for (let i = 0; i < rows.length; i += 300)
			await t.ctx.db
				.insertInto('asks')
				.values(rows.slice(i, i + 300))
				.execute();

		// Network A asks for one hour, one hour and one day.
		const a = await buildNetwork(t.ctx, c.admin);
		for (const id of [c.asker, c.vol]) await addMember(t.ctx, a.id, id);
		const settings = await getAidSettings(t.ctx.db, a.id);
		await saveAidSettings(t.ctx.db, a.id, { ...settings, claimExpiryHours: 1, autoCloseHours: 1, retentionDays: 1 }, t.ctx.now());
		const accessA = (id: string) => loadNetworkAccess(t.ctx, actor(id), a.slug);
		const newA = async () => {
			const acc = await accessA(c.asker);
			return (await createAsk(t.ctx, actor(c.asker), acc, askInput(acc), 'self')).id;
		};
		const stepA = async (who: string, id: string, action: TransitionInput['action']) =>
			takeStep(t.ctx, actor(who), await accessA(who), id, { action, note: null, targetUserId: null });
		const claimed = await newA();
		await stepA(c.vol, claimed, 'claim');
		const delivered = await newA();
		await stepA(c.vol, delivered, 'claim');
		await stepA(c.vol, delivered, 'deliver');
		const cancelled = await newA();
		await stepA(c.asker, cancelled, 'cancel');

		t.clock.advance(25 * HOUR);
		expect(await runAskLifecycle(t.ctx)).toEqual({ claimsExpired: 1, asksExpired: 0, autoClosed: 1, purged: 1 });
		const rowA = async (id: string) => findAsk(t.ctx.db, a.id, id);
		expect((await rowA(claimed))?.status).toBe('open');
		expect((await rowA(delivered))?.status).toBe('closed');
		expect((await rowA(cancelled))?.privatePurgedAt).not.toBeNull();
		// B's asks were left alone: none of them is due yet.
		const b = await t.ctx.db
			.selectFrom('asks')
			.select(['status', 'private_purged_at'])
			.where('network_id', '=', c.net.id)
			.where('description', 'like', 'waiting %')
			.execute();
		expect(b.filter((r) => r.status === 'claimed')).toHaveLength(WAITING);
		expect(b.filter((r) => r.status === 'delivered')).toHaveLength(WAITING);
		expect(b.filter((r) => r.private_purged_at !== null)).toHaveLength(0);
	});

	it('closes a delivery nobody confirmed after 72 hours', async () => {
		const id = await c.newAsk();
		await c.step(c.vol, id, 'claim');
		await c.step(c.vol, id, 'deliver');
		t.clock.advance(71 * HOUR);
		expect(await runAskLifecycle(t.ctx)).toEqual(NOTHING);
		expect((await c.row(id)).status).toBe('delivered');

		t.clock.advance(2 * HOUR);
		expect(await runAskLifecycle(t.ctx)).toEqual({ ...NOTHING, autoClosed: 1 });
		const row = await c.row(id);
		expect(row.status).toBe('closed');
		expect(row.closedAt?.getTime()).toBe(t.clock.now().getTime());
		expect((await c.events(id)).at(-1)).toMatchObject({ kind: 'auto_close', fromStatus: 'delivered', toStatus: 'closed', actorId: null, claimantId: c.vol });
	});
});

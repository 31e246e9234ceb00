import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAsk } from '../../src/lib/server/asks/asks.repository';
import { createAsk, followView, getAskDetail, revealPrivate, runAskLifecycle, takeStep } from '../../src/lib/server/asks/asks.service';
import type { TransitionInput } from '../../src/lib/server/asks/asks.schema';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import type { Actor } from '../../src/lib/server/policy/policy';
import { askInput } from '../helpers/asks';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildNetwork, buildUser } from '../helpers/factories';
import { outcome } from '../helpers/outcome';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const actor = (id: string): Actor => ({ userId: id, isInstanceAdmin: false });

/** Private details no other part of the system could produce by chance. */
const PRIVATE = {
	contactName: 'Zenobia Quillfeather',
	address: '1428 Elmwood Quarry Street, Apt 7Q',
	phone: '+1 (555) 014-2871',
	accessNotes: 'Gate code is 8812, the blue door past the xylophone shop'
};
const SECRETS = [PRIVATE.contactName, PRIVATE.address, PRIVATE.phone, PRIVATE.accessNotes, 'Quillfeather', 'Elmwood Quarry', '014-2871', 'xylophone'];
/** A public field, to prove the raw scan sees what is actually stored. */
const PUBLIC_DESCRIPTION = 'Groceries: rice, beans and quokka-brand oat milk';

async function community(t: TestDb) {
	const admin = await buildUser(t.ctx, { displayName: 'Admin' });
	const net = await buildNetwork(t.ctx, admin.id);
	const steward = await buildUser(t.ctx, { displayName: 'Steward' });
	const asker = await buildUser(t.ctx, { displayName: 'Asker' });
	const vol = await buildUser(t.ctx, { displayName: 'Volunteer One' });
	const member = await buildUser(t.ctx, { displayName: 'Plain Member' });
	const stranger = await buildUser(t.ctx, { displayName: 'Stranger' });
	await addMember(t.ctx, net.id, steward.id, 'steward');
	for (const u of [asker, vol, member]) await addMember(t.ctx, net.id, u.id);
	const access = (userId: string) => loadNetworkAccess(t.ctx, actor(userId), net.slug);
	return {
		net,
		admin: admin.id,
		steward: steward.id,
		asker: asker.id,
		vol: vol.id,
		member: member.id,
		stranger: stranger.id,
		access,
		async newAsk(over: Record<string, unknown> = {}, by?: string) {
			const who = by ?? asker.id;
			const a = await access(who);
			const r = await createAsk(t.ctx, actor(who), a, askInput(a, { ...PRIVATE, description: PUBLIC_DESCRIPTION, ...over }), by ? 'on_behalf' : 'self');
			t.clock.advance(60_000);
			return r;
		},
		async step(userId: string, askId: string, action: TransitionInput['action'], extra: Partial<TransitionInput> = {}) {
			const r = await takeStep(t.ctx, actor(userId), await access(userId), askId, { action, note: null, targetUserId: null, ...extra });
			t.clock.advance(60_000);
			return r;
		},
		async reveal(userId: string, askId: string) {
			return revealPrivate(t.ctx, actor(userId), await access(userId), askId);
		},
		async accessRows(askId: string) {
			return t.ctx.db.selectFrom('access_log').selectAll().where('resource_id', '=', askId).execute();
		},
		async row(askId: string) {
			const r = await findAsk(t.ctx.db, net.id, askId);
			if (!r) throw new Error('ask not found');
			return r;
		}
	};
}

/** Every value of every row of the tables that hold asks and what happens to them, as text. */
async function allStoredText(t: TestDb): Promise<string> {
	const parts: string[] = [];
	for (const table of ['asks', 'ask_events', 'notifications', 'access_log'] as const) {
		const rows = await t.ctx.db.selectFrom(table).selectAll().execute();
		expect(rows.length).toBeGreaterThan(0);
		for (const row of rows) for (const value of Object.values(row)) parts.push(value instanceof Date ? value.toISOString() : String(value));
	}
	return parts.join('\n');
}

describe.each(DIALECTS)('the private part of an ask on %s', (dialect) => {
	let t: TestDb;
	let c: Awaited<ReturnType<typeof community>>;
	beforeAll(async () => {
		t = await createTestDb(dialect);
		c = await community(t);
	});
	afterAll(async () => t.close());

	it('is never stored in plain text: not in the database file, its log, or any row', async () => {
		const { id } = await c.newAsk();
		await c.step(c.vol, id, 'claim');
		expect(await c.reveal(c.vol, id)).toEqual(PRIVATE);
		await c.step(c.vol, id, 'could_not_deliver', { note: 'Nobody home at noon' });
		await c.step(c.vol, id, 'claim');
		await c.step(c.vol, id, 'deliver');
		expect(await c.reveal(c.steward, id)).toEqual(PRIVATE);
		await c.step(c.asker, id, 'confirm');
		// An intake-style ask recorded by a steward, with a status link, too.
		const onBehalf = await c.newAsk({}, c.steward);
		expect(onBehalf.followCode).not.toBeNull();
		expect((await c.row(onBehalf.id)).privateEnc).not.toBeNull();

		const stored = await allStoredText(t);
		expect(stored).toContain(PUBLIC_DESCRIPTION);
		for (const secret of SECRETS) expect(stored).not.toContain(secret);

		if (dialect === 'sqlite') {
			const file = t.sqliteFile!;
			const bytes = [readFileSync(file), ...(existsSync(`${file}-wal`) ? [readFileSync(`${file}-wal`)] : [])];
			const raw = Buffer.concat(bytes);
			// The scan sees the stored data (the public description is there) …
			expect(raw.includes(Buffer.from(PUBLIC_DESCRIPTION, 'utf8'))).toBe(true);
			// … and none of the private details, in UTF-8 or UTF-16.
			for (const secret of SECRETS) {
				expect({ secret, utf8: raw.includes(Buffer.from(secret, 'utf8')) }).toEqual({ secret, utf8: false });
				expect({ secret, utf16: raw.includes(Buffer.from(secret, 'utf16le')) }).toEqual({ secret, utf16: false });
			}
		}
	});

	it('shows the claimant the details and logs the view; the person who asked reads the log', async () => {
		const { id } = await c.newAsk();
		await c.step(c.vol, id, 'claim');
		expect(await c.accessRows(id)).toHaveLength(0);
		expect(await c.reveal(c.vol, id)).toEqual(PRIVATE);
		const rows = await c.accessRows(id);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ resource: 'asks', resource_id: id, actor_id: c.vol, subject_id: c.asker, network_id: c.net.id, purpose: 'delivery' });

		// The person who asked sees their own details without leaving a log row …
		expect(await c.reveal(c.asker, id)).toEqual(PRIVATE);
		expect(await c.accessRows(id)).toHaveLength(1);
		// … and sees who looked.
		const detail = await getAskDetail(t.ctx, actor(c.asker), await c.access(c.asker), id);
		expect(detail.accessLog?.map((l) => [l.viewerName, l.purpose])).toEqual([['Volunteer One', 'delivery']]);
		// The claimant sees the history but not the log.
		const claimantView = await getAskDetail(t.ctx, actor(c.vol), await c.access(c.vol), id);
		expect(claimantView.canReveal).toBe(true);
		expect(claimantView.accessLog).toBeNull();
	});

	it('refuses a plain member and a stranger, and writes no log row for them', async () => {
		const { id } = await c.newAsk();
		await c.step(c.vol, id, 'claim');
		// A member not involved gets the 404 of a made-up id (a claimed ask is not theirs to know about).
		expect(await outcome(c.reveal(c.member, id))).toBe('not_found');
		expect(await outcome(c.reveal(c.stranger, id))).toBe('policy:forbidden');
		expect(await c.accessRows(id)).toHaveLength(0);
		const memberView = await getAskDetail(t.ctx, actor(c.member), await c.access(c.member), id).catch((e: unknown) => e);
		// A claimed ask is nobody's business but the people involved: the plain member does not even see it.
		expect(memberView).toMatchObject({ code: 'not_found' });
		const open = await c.newAsk();
		const openView = await getAskDetail(t.ctx, actor(c.member), await c.access(c.member), open.id);
		expect(openView.canReveal).toBe(false);
		expect(openView.accessLog).toBeNull();
		expect(openView.events).toBeNull();
		expect(await outcome(c.reveal(c.member, open.id))).toBe('private_not_visible');
		expect(await c.accessRows(open.id)).toHaveLength(0);
	});

	it('lets the claimant see the details for 24 hours after delivery, then not', async () => {
		const { id } = await c.newAsk();
		await c.step(c.vol, id, 'claim');
		await c.step(c.vol, id, 'deliver');
		t.clock.advance(23 * HOUR);
		expect(await c.reveal(c.vol, id)).toEqual(PRIVATE);
		expect(await c.accessRows(id)).toHaveLength(1);
		t.clock.advance(2 * HOUR); // 25 hours after delivery
		expect(await outcome(c.reveal(c.vol, id))).toBe('private_not_visible');
		expect(await c.accessRows(id)).toHaveLength(1);
		expect((await getAskDetail(t.ctx, actor(c.vol), await c.access(c.vol), id)).canReveal).toBe(false);
		// Stewards still coordinate with it until it is purged.
		expect(await c.reveal(c.steward, id)).toEqual(PRIVATE);
	});

	it('never puts private details into notifications', async () => {
		const { id } = await c.newAsk();
		await c.step(c.vol, id, 'claim');
		await c.step(c.vol, id, 'deliver');
		const rows = await t.ctx.db.selectFrom('notifications').select(['kind', 'params', 'link']).execute();
		expect(rows.map((r) => r.kind)).toEqual(expect.arrayContaining(['ask_claimed', 'ask_delivered']));
		for (const r of rows) {
			for (const secret of SECRETS) {
				expect(r.params).not.toContain(secret);
				expect(r.link ?? '').not.toContain(secret);
			}
		}
	});
});

describe.each(DIALECTS)('retention of the private part on %s', (dialect) => {
	let t: TestDb;
	let c: Awaited<ReturnType<typeof community>>;
	beforeAll(async () => {
		t = await createTestDb(dialect);
		c = await community(t);
	});
	afterAll(async () => t.close());

	it('erases the private part, the status link and the notes 14 days after the ask closes; the anonymous record stays', async () => {
		const { id, followCode } = await c.newAsk({}, c.steward);
		const token = followCode!;
		await c.step(c.vol, id, 'claim');
		await c.step(c.vol, id, 'could_not_deliver', { note: 'Buzzer broken, left a note' });
		await c.step(c.vol, id, 'claim');
		await c.step(c.vol, id, 'deliver');
		await c.step(c.steward, id, 'confirm');
		const closed = await c.row(id);
		expect(closed.status).toBe('closed');
		expect(closed.privateEnc).not.toBeNull();

		t.clock.advance(13 * DAY);
		expect((await runAskLifecycle(t.ctx)).purged).toBe(0);
		expect((await c.row(id)).privateEnc).not.toBeNull();
		expect((await followView(t.ctx, token)).status).toBe('closed');
		expect(await c.reveal(c.steward, id)).toEqual(PRIVATE);

		t.clock.advance(2 * DAY); // 15 days after closing
		expect(await runAskLifecycle(t.ctx)).toEqual({ claimsExpired: 0, asksExpired: 0, autoClosed: 0, purged: 1 });
		const purged = await c.row(id);
		expect(purged.privateEnc).toBeNull();
		expect(purged.privatePurgedAt?.getTime()).toBe(t.clock.now().getTime());
		expect(purged.hasFollowLink).toBe(false);
		// What stays: the anonymous facts.
		expect(purged).toMatchObject({
			category: closed.category,
			areaId: closed.areaId,
			status: 'closed',
			description: closed.description,
			createdAt: closed.createdAt,
			claimedAt: closed.claimedAt,
			deliveredAt: closed.deliveredAt,
			closedAt: closed.closedAt
		});
		expect(purged.areaId).toBe((await c.access(c.steward)).areas[0]!.id);

		expect(await outcome(followView(t.ctx, token))).toBe('not_found');
		expect(await outcome(c.reveal(c.steward, id))).toBe('private_not_visible');
		const notes = await t.ctx.db.selectFrom('ask_events').select(['kind', 'note']).where('ask_id', '=', id).execute();
		expect(notes.map((n) => n.kind)).toContain('could_not_deliver');
		expect(notes.filter((n) => n.note !== null)).toEqual([]);
		const detail = await getAskDetail(t.ctx, actor(c.steward), await c.access(c.steward), id);
		expect(detail).toMatchObject({ purged: true, hasPrivate: false, canReveal: false });
		expect(detail.events?.map((e) => e.kind).at(-1)).toBe('purge');

		if (dialect === 'sqlite') {
			// Erased means gone from the file too: secure_delete overwrites the freed space and the
			// sweep empties the write-ahead log, so neither holds the old bytes any more.
			const file = t.sqliteFile!;
			const raw = Buffer.concat([readFileSync(file), ...(existsSync(`${file}-wal`) ? [readFileSync(`${file}-wal`)] : [])]);
			expect(raw.includes(Buffer.from(closed.description, 'utf8'))).toBe(true);
			expect(raw.includes(Buffer.from('Buzzer broken, left a note', 'utf8'))).toBe(false);
			for (const secret of SECRETS) expect({ secret, found: raw.includes(Buffer.from(secret, 'utf8')) }).toEqual({ secret, found: false });
		}

		// Nothing left to purge.
		expect((await runAskLifecycle(t.ctx)).purged).toBe(0);
	});
});

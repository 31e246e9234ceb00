import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { buildUser } from '../helpers/factories';
import {
	clearRateLimit,
	consumeRateLimit,
	countActiveSessions,
	endAllSessions,
	endSession,
	resumeSession,
	startSession
} from '../../src/lib/server/auth/sessions.service';
import { sha256Hex } from '../../src/lib/server/auth/tokens';
import type { Ctx } from '../../src/lib/server/context';
import { fromDbTime } from '../../src/lib/server/db/conventions';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const SESSION_DAYS = 30;

describe.each(DIALECTS)('sessions on %s', (dialect) => {
	let t: TestDb;
	let ctx: Ctx;
	beforeAll(async () => {
		t = await createTestDb(dialect, { sessionDays: SESSION_DAYS });
		ctx = t.ctx;
	});
	afterAll(async () => t.close());

	async function sessionRow(token: string) {
		return ctx.db.selectFrom('sessions').selectAll().where('id', '=', sha256Hex(token)).executeTakeFirst();
	}

	it('stores only the SHA-256 of the cookie token, never the token', async () => {
		const user = await buildUser(ctx, { displayName: 'Lin' });
		const { token, expiresAt } = await startSession(ctx, user.id);
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(expiresAt.getTime()).toBe(ctx.now().getTime() + SESSION_DAYS * DAY);

		const rows = await ctx.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]?.id).toBe(sha256Hex(token));
		expect(JSON.stringify(rows)).not.toContain(token);

		const resumed = await resumeSession(ctx, token);
		expect(resumed?.session.user).toMatchObject({ id: user.id, displayName: 'Lin', isInstanceAdmin: false });
		// The hash itself is not a token: a copy of the database opens no session.
		expect(await resumeSession(ctx, sha256Hex(token))).toBeNull();
	});

	it('refuses malformed and unknown tokens', async () => {
		expect(await resumeSession(ctx, '')).toBeNull();
		expect(await resumeSession(ctx, 'short')).toBeNull();
		expect(await resumeSession(ctx, 'x'.repeat(500))).toBeNull();
		expect(await resumeSession(ctx, 'A'.repeat(43))).toBeNull();
	});

	it('slides the expiry forward when a session is used, at most once an hour', async () => {
		const user = await buildUser(ctx);
		const started = ctx.now();
		const { token } = await startSession(ctx, user.id);

		t.clock.advance(10 * 60 * 1000);
		const soon = await resumeSession(ctx, token);
		expect(soon?.refreshed).toBe(false);
		expect(fromDbTime((await sessionRow(token))?.expires_at ?? '').getTime()).toBe(started.getTime() + SESSION_DAYS * DAY);

		t.clock.advance(2 * HOUR);
		const later = await resumeSession(ctx, token);
		expect(later?.refreshed).toBe(true);
		const expected = ctx.now().getTime() + SESSION_DAYS * DAY;
		expect(later?.expiresAt.getTime()).toBe(expected);
		const row = await sessionRow(token);
		expect(fromDbTime(row?.expires_at ?? '').getTime()).toBe(expected);
		expect(fromDbTime(row?.last_used_at ?? '').getTime()).toBe(ctx.now().getTime());
	});

	it('keeps a session alive past its first expiry while it is used', async () => {
		const user = await buildUser(ctx);
		const { token } = await startSession(ctx, user.id);
		for (let week = 0; week < 8; week++) {
			t.clock.advance(7 * DAY);
			expect(await resumeSession(ctx, token), `week ${week + 1}`).not.toBeNull();
		}
	});

	it('refuses and deletes a session left unused past its expiry', async () => {
		const user = await buildUser(ctx);
		const { token } = await startSession(ctx, user.id);
		t.clock.advance(SESSION_DAYS * DAY - 1000);
		expect(await countActiveSessions(ctx, user.id)).toBe(1);
		t.clock.advance(1000);
		expect(await countActiveSessions(ctx, user.id)).toBe(0);
		expect(await sessionRow(token)).toBeDefined();
		expect(await resumeSession(ctx, token)).toBeNull();
		expect(await sessionRow(token)).toBeUndefined();
	});

	it('ends one session, or all of a person’s sessions but one', async () => {
		const user = await buildUser(ctx);
		const someoneElse = await buildUser(ctx);
		const a = await startSession(ctx, user.id);
		const b = await startSession(ctx, user.id);
		const c = await startSession(ctx, user.id);
		const theirs = await startSession(ctx, someoneElse.id);
		expect(await countActiveSessions(ctx, user.id)).toBe(3);

		await endSession(ctx, sha256Hex(a.token));
		expect(await resumeSession(ctx, a.token)).toBeNull();
		expect(await countActiveSessions(ctx, user.id)).toBe(2);

		expect(await endAllSessions(ctx, user.id, sha256Hex(b.token))).toBe(1);
		expect(await resumeSession(ctx, b.token)).not.toBeNull();
		expect(await resumeSession(ctx, c.token)).toBeNull();

		expect(await endAllSessions(ctx, user.id)).toBe(1);
		expect(await resumeSession(ctx, b.token)).toBeNull();
		expect(await countActiveSessions(ctx, user.id)).toBe(0);
		expect(await resumeSession(ctx, theirs.token)).not.toBeNull();
	});

	it('sees a session started by another process, and another process sees it end', async () => {
		const user = await buildUser(ctx);
		const other = t.openAnother();
		try {
			const otherCtx: Ctx = { ...ctx, db: other.db };
			const { token } = await startSession(otherCtx, user.id);
			expect((await resumeSession(ctx, token))?.session.userId).toBe(user.id);
			await endAllSessions(ctx, user.id);
			expect(await resumeSession(otherCtx, token)).toBeNull();
		} finally {
			await other.close();
		}
	});

	describe('rate limits', () => {
		it('count in a fixed window kept in the database, shared by every process', async () => {
			const other = t.openAnother();
			try {
				const otherCtx: Ctx = { ...ctx, db: other.db };
				const results: boolean[] = [];
				for (let i = 0; i < 6; i++) {
					const which = i % 2 === 0 ? ctx : otherCtx;
					results.push((await consumeRateLimit(which, 'test', 'shared-subject', 4, 60)).allowed);
				}
				expect(results).toEqual([true, true, true, true, false, false]);
				// Another subject, or the same subject for another purpose, has its own count.
				expect((await consumeRateLimit(ctx, 'test', 'other-subject', 4, 60)).allowed).toBe(true);
				expect((await consumeRateLimit(ctx, 'other-purpose', 'shared-subject', 4, 60)).allowed).toBe(true);

				t.clock.advance(61 * 1000);
				expect((await consumeRateLimit(otherCtx, 'test', 'shared-subject', 4, 60)).allowed).toBe(true);
			} finally {
				await other.close();
			}
		});

		it('store a keyed hash of what is limited, never the name itself', async () => {
			const { key } = await consumeRateLimit(ctx, 'signin', 'guadalupe-r', 10, 900);
			const rows = await ctx.db.selectFrom('rate_limits').selectAll().execute();
			expect(JSON.stringify(rows)).not.toContain('guadalupe');
			expect(rows.some((r) => r.key === key)).toBe(true);
			expect(key).toMatch(/^[0-9a-f]{64}$/);
			await clearRateLimit(ctx, key);
			expect(await ctx.db.selectFrom('rate_limits').select('key').where('key', '=', key).execute()).toEqual([]);
		});
	});
});

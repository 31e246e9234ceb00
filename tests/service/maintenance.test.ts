import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeRateLimit, resumeSession, startSession } from '../../src/lib/server/auth/sessions.service';
import { runMaintenance } from '../../src/lib/server/maintenance';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { buildUser } from '../helpers/factories';

describe.each(DIALECTS)('maintenance on %s', (dialect) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(dialect, { sessionDays: 1 });
	});
	afterAll(async () => t.close());

	it('deletes expired sessions and old rate-limit rows, and keeps live ones', async () => {
		const user = await buildUser(t.ctx, { username: `maint-${dialect}` });
		const old = await startSession(t.ctx, user.id);
		await consumeRateLimit(t.ctx, 'signin', 'someone', 10, 900);
		t.clock.advance(2 * 24 * 60 * 60 * 1000);
		const live = await startSession(t.ctx, user.id);

		const result = await runMaintenance(t.ctx);

		expect(result).toEqual({ sessions: 1, rateLimits: 1 });
		const left = await t.ctx.db.selectFrom('sessions').select('id').execute();
		expect(left).toHaveLength(1);
		expect(await resumeSession(t.ctx, old.token)).toBeNull();
		expect((await resumeSession(t.ctx, live.token))?.session.userId).toBe(user.id);
		expect(await t.ctx.db.selectFrom('rate_limits').select('key').execute()).toHaveLength(0);
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeRateLimit, resumeSession, startSession } from '../../src/lib/server/auth/sessions.service';
import { countJobs } from '../../src/lib/server/jobs/jobs.repository';
import { enqueue, JobFailure, type JobHandlers } from '../../src/lib/server/jobs/jobs.service';
import { drain } from '../../src/lib/server/jobs/worker';
import { ASK_LIFECYCLE_JOB, MAINTENANCE_JOB, runMaintenance } from '../../src/lib/server/maintenance';
import { instanceJobHandlers, startJobWorker } from '../../src/lib/server/app';
import { slotOf } from '../../src/lib/server/jobs/periodic';
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

		expect(result).toEqual({ sessions: 1, rateLimits: 1, jobs: 0, fundRequestsPurged: 0, bookingsPurged: 0 });
		const left = await t.ctx.db.selectFrom('sessions').select('id').execute();
		expect(left).toHaveLength(1);
		expect(await resumeSession(t.ctx, old.token)).toBeNull();
		expect((await resumeSession(t.ctx, live.token))?.session.userId).toBe(user.id);
		expect(await t.ctx.db.selectFrom('rate_limits').select('key').execute()).toHaveLength(0);
	});

	it('deletes jobs done more than a week ago, and keeps failed and recent ones', async () => {
		const handlers: JobHandlers = new Map([
			[
				'maintenance.test',
				{
					onInterrupted: 'retry',
					run: async (_ctx, job) => {
						if (job.payload.fail === true) throw new JobFailure('kept for an admin to see', false);
					}
				}
			]
		]);
		await enqueue(t.ctx, t.ctx.db, { kind: 'maintenance.test', payload: {} });
		await enqueue(t.ctx, t.ctx.db, { kind: 'maintenance.test', payload: { fail: true } });
		await drain(t.ctx, handlers);
		t.clock.advance(8 * 24 * 60 * 60 * 1000);
		await enqueue(t.ctx, t.ctx.db, { kind: 'maintenance.test', payload: {} });
		await drain(t.ctx, handlers);

		expect((await runMaintenance(t.ctx)).jobs).toBe(1);
		expect(await countJobs(t.ctx.db, { status: 'done' })).toBe(1);
		expect(await countJobs(t.ctx.db, { status: 'failed' })).toBe(1);
	});

	it('runs through the job worker on an instance without mail: one round per hour however many processes enqueue it', async () => {
		const user = await buildUser(t.ctx, { username: `maint-worker-${dialect}` });
		const expired = await startSession(t.ctx, user.id);
		t.clock.advance(2 * 24 * 60 * 60 * 1000);
		const handlers = instanceJobHandlers(undefined);
		expect([...handlers.keys()].sort()).toEqual([ASK_LIFECYCLE_JOB, MAINTENANCE_JOB].sort());

		// Two "processes": separate connections, each with its worker and its round keeper.
		const other = t.openAnother();
		const stop = new AbortController();
		const workers = [t.ctx, { ...t.ctx, db: other.db }].map((ctx) => startJobWorker(ctx, handlers, { signal: stop.signal, pollMs: 20, tickMs: 20 }));
		try {
			await expect
				.poll(
					async () =>
						(await t.ctx.db.selectFrom('jobs').select('id').where('kind', 'in', [MAINTENANCE_JOB, ASK_LIFECYCLE_JOB]).where('status', '=', 'done').execute())
							.length,
					{ timeout: 10_000, interval: 50 }
				)
				.toBe(2);
		} finally {
			stop.abort();
			await Promise.all(workers.map((w) => w.stopped));
			await other.close();
		}
		expect(await resumeSession(t.ctx, expired.token)).toBeNull();
		expect(await t.ctx.db.selectFrom('sessions').select('id').execute()).toEqual([]);
		const rounds = await t.ctx.db
			.selectFrom('jobs')
			.select(['kind', 'dedupe_key', 'status'])
			.where('kind', 'in', [MAINTENANCE_JOB, ASK_LIFECYCLE_JOB])
			.orderBy('kind')
			.execute();
		const now = t.ctx.now();
		expect(rounds).toEqual([
			{ kind: ASK_LIFECYCLE_JOB, dedupe_key: `${ASK_LIFECYCLE_JOB}@${slotOf(now, 5 * 60 * 1000)}`, status: 'done' },
			{ kind: MAINTENANCE_JOB, dedupe_key: `${MAINTENANCE_JOB}@${slotOf(now, 60 * 60 * 1000)}`, status: 'done' }
		]);
	});
});

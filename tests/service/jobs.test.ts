import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/lib/server/context';
import { countJobs, findJob, findJobByDedupeKey } from '../../src/lib/server/jobs/jobs.repository';
import {
	backoffMs,
	claimNext,
	completeJob,
	DEFAULT_LOCK_MS,
	enqueue,
	JobFailure,
	type Job,
	type JobHandler,
	type JobHandlers
} from '../../src/lib/server/jobs/jobs.service';
import { drain, runWorker } from '../../src/lib/server/jobs/worker';
import type { Logger } from '../../src/lib/server/log';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

function handler(run: (job: Job) => Promise<void> | void, onInterrupted: JobHandler['onInterrupted'] = 'retry'): JobHandler {
	return { onInterrupted, run: async (_ctx, job) => run(job) };
}

/** A logger that keeps every line, to check what reaches the log. */
function capturingLogger(): { log: Logger; lines: string[] } {
	const lines: string[] = [];
	const write = (level: string) => (msg: string, fields?: Record<string, unknown>) => {
		lines.push(JSON.stringify({ level, msg, ...fields }));
	};
	return { lines, log: { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') } };
}

describe('backoff', () => {
	it('doubles from 30 seconds and stops at an hour', () => {
		expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
		expect(backoffMs(8)).toBe(60 * MINUTE);
		expect(backoffMs(500)).toBe(60 * MINUTE);
	});
});

describe.each(DIALECTS)('jobs on %s', (dialect) => {
	let t: TestDb;
	let ctx: Ctx;
	let seq = 0;
	/** A kind of its own for each test, so tests sharing the database never see each other's jobs. */
	const freshKind = (name: string) => `test.${name}.${++seq}`;

	beforeAll(async () => {
		t = await createTestDb(dialect);
		ctx = t.ctx;
	});
	afterAll(async () => t.close());

	it('enqueues, claims once and completes', async () => {
		const kind = freshKind('echo');
		const id = await enqueue(ctx, ctx.db, { kind, payload: { n: 1 } });
		expect(id).not.toBeNull();

		const job = await claimNext(ctx, [kind], ctx.now());
		expect(job).toMatchObject({ id, kind, payload: { n: 1 }, attempt: 1, startedAt: ctx.now() });
		expect(job?.lockedUntil).toEqual(new Date(ctx.now().getTime() + DEFAULT_LOCK_MS));
		expect(await claimNext(ctx, [kind], ctx.now())).toBeNull();
		expect((await findJob(ctx.db, id ?? ''))?.status).toBe('running');

		if (!job) throw new Error('no job claimed');
		expect(await completeJob(ctx, job)).toBe(true);
		const done = await findJob(ctx.db, job.id);
		expect(done).toMatchObject({ status: 'done', attempts: 1, lockedUntil: null, lastError: null });
	});

	it('leaves a job alone until it is due, and claims only the kinds asked for', async () => {
		const kind = freshKind('later');
		await enqueue(ctx, ctx.db, { kind, payload: {}, runAt: new Date(ctx.now().getTime() + 10 * MINUTE) });
		expect(await claimNext(ctx, [kind], ctx.now())).toBeNull();
		expect(await claimNext(ctx, [freshKind('other')], new Date(ctx.now().getTime() + 11 * MINUTE))).toBeNull();
		expect(await claimNext(ctx, [kind], new Date(ctx.now().getTime() + 11 * MINUTE))).not.toBeNull();
	});

	it('makes a second enqueue with the same dedupe key a no-op', async () => {
		const kind = freshKind('dedupe');
		const key = `${kind}:once`;
		const first = await enqueue(ctx, ctx.db, { kind, payload: { v: 'first' }, dedupeKey: key });
		const second = await enqueue(ctx, ctx.db, { kind, payload: { v: 'second' }, dedupeKey: key });
		expect(first).not.toBeNull();
		expect(second).toBeNull();
		expect(await countJobs(ctx.db, { kind })).toBe(1);
		expect((await findJobByDedupeKey(ctx.db, key))?.payload).toBe(JSON.stringify({ v: 'first' }));
	});

	it('keeps the same dedupe key to one job when enqueued from two connections at once', async () => {
		const kind = freshKind('dedupe-race');
		const other = t.openAnother();
		try {
			const results = await Promise.all([
				enqueue(ctx, ctx.db, { kind, payload: {}, dedupeKey: `${kind}:k` }),
				enqueue(ctx, other.db, { kind, payload: {}, dedupeKey: `${kind}:k` })
			]);
			expect(results.filter((r) => r !== null)).toHaveLength(1);
			expect(await countJobs(ctx.db, { kind })).toBe(1);
		} finally {
			await other.close();
		}
	});

	it('runs each of 100 jobs exactly once with 4 workers on separate connections', async () => {
		const kind = freshKind('many');
		for (let n = 0; n < 100; n++) await enqueue(ctx, ctx.db, { kind, payload: { n } });
		const runs: number[] = [];
		const handlers: JobHandlers = new Map([
			[
				kind,
				handler(async (job) => {
					// A database round trip inside the handler lets the workers interleave.
					await countJobs(ctx.db, { kind });
					const n = job.payload.n;
					if (typeof n === 'number') runs.push(n);
				})
			]
		]);
		const handles = Array.from({ length: 4 }, () => t.openAnother());
		try {
			const tallies = await Promise.all(handles.map((h) => drain({ ...ctx, db: h.db }, handlers)));
			expect(tallies.reduce((sum, r) => sum + r.done, 0)).toBe(100);
			expect(tallies.every((r) => r.lost === 0 && r.failed === 0)).toBe(true);
		} finally {
			await Promise.all(handles.map((h) => h.close()));
		}
		expect(runs).toHaveLength(100);
		expect([...runs].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, n) => n));
		expect(await countJobs(ctx.db, { kind, status: 'done' })).toBe(100);
	});

	it('retries a failing job with growing waits, then fails it with the last error', async () => {
		const kind = freshKind('flaky');
		const id = await enqueue(ctx, ctx.db, { kind, payload: {}, maxAttempts: 3 });
		let calls = 0;
		const handlers: JobHandlers = new Map([
			[
				kind,
				handler(() => {
					calls += 1;
					throw new Error(`mail server said no (${calls})`);
				})
			]
		]);
		const start = ctx.now().getTime();

		expect(await drain(ctx, handlers)).toMatchObject({ retry: 1 });
		let row = await findJob(ctx.db, id ?? '');
		expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Error: mail server said no (1)' });
		expect(row?.runAt).toEqual(new Date(start + backoffMs(1)));

		// Not due yet: nothing runs.
		expect(await drain(ctx, handlers)).toMatchObject({ done: 0, retry: 0, failed: 0 });
		t.clock.advance(backoffMs(1));
		expect(await drain(ctx, handlers)).toMatchObject({ retry: 1 });
		row = await findJob(ctx.db, id ?? '');
		expect(row).toMatchObject({ status: 'pending', attempts: 2 });
		expect(row?.runAt).toEqual(new Date(start + backoffMs(1) + backoffMs(2)));

		t.clock.advance(backoffMs(2));
		expect(await drain(ctx, handlers)).toMatchObject({ failed: 1 });
		row = await findJob(ctx.db, id ?? '');
		expect(row).toMatchObject({ status: 'failed', attempts: 3, lockedUntil: null, lastError: 'Error: mail server said no (3)' });
		t.clock.advance(DAY);
		expect(await drain(ctx, handlers)).toMatchObject({ done: 0, retry: 0, failed: 0 });
		expect(calls).toBe(3);
	});

	it('fails at once when the handler says retrying cannot help', async () => {
		const kind = freshKind('hopeless');
		const id = await enqueue(ctx, ctx.db, { kind, payload: {}, maxAttempts: 5 });
		const handlers: JobHandlers = new Map([
			[
				kind,
				handler(() => {
					throw new JobFailure('refused for good', false);
				})
			]
		]);
		expect(await drain(ctx, handlers)).toMatchObject({ failed: 1 });
		expect(await findJob(ctx.db, id ?? '')).toMatchObject({ status: 'failed', attempts: 1, lastError: 'refused for good' });
	});

	it('runs again a job whose worker died, once its lock has expired', async () => {
		const kind = freshKind('orphan');
		const id = await enqueue(ctx, ctx.db, { kind, payload: {} });
		// A worker claims it and then dies: nothing completes or fails the attempt.
		const dead = await claimNext(ctx, [kind], ctx.now());
		expect(dead?.id).toBe(id);

		let runs = 0;
		const handlers: JobHandlers = new Map([[kind, handler(() => void (runs += 1))]]);
		// While the lock holds, another worker leaves it alone.
		t.clock.advance(DEFAULT_LOCK_MS - 1000);
		expect(await drain(ctx, handlers)).toMatchObject({ done: 0 });
		expect(runs).toBe(0);

		t.clock.advance(2000);
		expect(await drain(ctx, handlers)).toMatchObject({ done: 1 });
		expect(runs).toBe(1);
		expect(await findJob(ctx.db, id ?? '')).toMatchObject({ status: 'done', attempts: 2 });

		// The dead worker's late "complete" cannot overwrite the newer attempt.
		if (!dead) throw new Error('no job claimed');
		expect(await completeJob(ctx, dead)).toBe(false);
	});

	it('fails instead of repeating an interrupted job whose handler must not run twice', async () => {
		const kind = freshKind('once');
		const id = await enqueue(ctx, ctx.db, { kind, payload: {} });
		await claimNext(ctx, [kind], ctx.now());
		let runs = 0;
		const handlers: JobHandlers = new Map([[kind, handler(() => void (runs += 1), { fail: 'interrupted; not repeated' })]]);
		t.clock.advance(DEFAULT_LOCK_MS + 1000);
		await drain(ctx, handlers);
		expect(runs).toBe(0);
		expect(await findJob(ctx.db, id ?? '')).toMatchObject({ status: 'failed', lastError: 'interrupted; not repeated' });
	});

	it('never creates jobs enqueued in a transaction that rolled back', async () => {
		const kind = freshKind('tx');
		await expect(
			ctx.db.transaction().execute(async (trx) => {
				await enqueue(ctx, trx, { kind, payload: { n: 1 } });
				throw new Error('the event failed');
			})
		).rejects.toThrow('the event failed');
		expect(await countJobs(ctx.db, { kind })).toBe(0);

		await ctx.db.transaction().execute(async (trx) => {
			await enqueue(ctx, trx, { kind, payload: { n: 2 } });
		});
		expect(await countJobs(ctx.db, { kind })).toBe(1);
	});

	it('never writes a payload to the log', async () => {
		const kind = freshKind('private');
		const { log, lines } = capturingLogger();
		const logged: Ctx = { ...ctx, log };
		await enqueue(logged, ctx.db, { kind, payload: { phone: '+1 555 0100', note: 'side door, dog' }, maxAttempts: 2 });
		const handlers: JobHandlers = new Map([
			[
				kind,
				handler(() => {
					throw new Error('could not deliver');
				})
			]
		]);
		await drain(logged, handlers);
		t.clock.advance(backoffMs(1));
		await drain(logged, handlers);
		expect(lines.length).toBeGreaterThan(0);
		expect(lines.join('\n')).not.toMatch(/555|side door/);
	});

	it('runWorker runs due jobs and returns when its signal aborts', async () => {
		const kind = freshKind('loop');
		await enqueue(ctx, ctx.db, { kind, payload: { n: 1 } });
		await enqueue(ctx, ctx.db, { kind, payload: { n: 2 } });
		const controller = new AbortController();
		const seen: unknown[] = [];
		const handlers: JobHandlers = new Map([
			[
				kind,
				handler((job) => {
					seen.push(job.payload.n);
					if (seen.length === 2) controller.abort();
				})
			]
		]);
		await runWorker(ctx, handlers, { signal: controller.signal, pollMs: 60_000 });
		expect(seen.sort()).toEqual([1, 2]);
		expect(await countJobs(ctx.db, { kind, status: 'done' })).toBe(2);
	});
});

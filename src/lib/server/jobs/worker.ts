import type { Ctx } from '../context';
import { claimNext, completeJob, DEFAULT_LOCK_MS, describeJobError, failJob, reclaimInterrupted, type Job, type JobHandlers } from './jobs.service';

export type JobResult = 'done' | 'retry' | 'failed' | 'lost';

/**
 * Runs one claimed job with its handler and records the outcome. Logs carry the job's id, kind
 * and attempt, never its payload (it may point at a person).
 */
export async function runJob(ctx: Ctx, handlers: JobHandlers, job: Job): Promise<JobResult> {
	const handler = handlers.get(job.kind);
	try {
		if (!handler) throw new Error(`no handler for ${job.kind}`);
		await handler.run(ctx, job);
	} catch (error) {
		const { retried, recorded } = await failJob(ctx, job, error);
		const fields = { job: job.id, kind: job.kind, attempt: job.attempt, error: describeJobError(error) };
		if (!recorded) {
			ctx.log.warn('job lock lost before it failed', fields);
			return 'lost';
		}
		if (retried) ctx.log.warn('job failed; will retry', fields);
		else ctx.log.error('job failed', fields);
		return retried ? 'retry' : 'failed';
	}
	if (!(await completeJob(ctx, job))) {
		// Its lock expired while it ran and another worker took it over: the handler ran twice.
		// DEFAULT_LOCK_MS is chosen far above any handler's run time so this stays theoretical.
		ctx.log.warn('job lock lost before it finished', { job: job.id, kind: job.kind, attempt: job.attempt });
		return 'lost';
	}
	ctx.log.debug('job done', { job: job.id, kind: job.kind, attempt: job.attempt });
	return 'done';
}

/** Reclaims interrupted jobs, then claims and runs one due job; null when none was due. */
async function step(ctx: Ctx, handlers: JobHandlers, lockMs: number): Promise<JobResult | null> {
	await reclaimInterrupted(ctx, handlers);
	const job = await claimNext(ctx, [...handlers.keys()], ctx.now(), lockMs);
	return job ? runJob(ctx, handlers, job) : null;
}

/**
 * Runs every job that is due now, one after another, and returns the tally. Tests use it
 * instead of the timed loop; several `drain`s on separate connections act as separate workers.
 */
export async function drain(ctx: Ctx, handlers: JobHandlers, opts: { lockMs?: number; limit?: number } = {}): Promise<Record<JobResult, number>> {
	const tally: Record<JobResult, number> = { done: 0, retry: 0, failed: 0, lost: 0 };
	// The limit stops a handler that keeps enqueueing due work from holding the caller forever.
	for (let i = 0; i < (opts.limit ?? 10_000); i++) {
		const result = await step(ctx, handlers, opts.lockMs ?? DEFAULT_LOCK_MS);
		if (result === null) break;
		tally[result] += 1;
	}
	return tally;
}

/** Resolves after `ms`, or at once when `signal` aborts. The timer never keeps the process alive. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve();
		const done = () => {
			clearTimeout(timer);
			signal.removeEventListener('abort', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		timer.unref();
		signal.addEventListener('abort', done, { once: true });
	});
}

/**
 * The worker loop of one process: runs due jobs back to back, and waits `pollMs` whenever none is
 * due. Any number of processes can run it against one database. When `signal` aborts it stops
 * claiming, lets the job in hand finish, and resolves. A database error is logged and the loop
 * carries on after a pause, so a restart of the database does not stop the worker.
 */
export async function runWorker(ctx: Ctx, handlers: JobHandlers, opts: { signal: AbortSignal; pollMs: number; lockMs?: number }): Promise<void> {
	const lockMs = opts.lockMs ?? DEFAULT_LOCK_MS;
	while (!opts.signal.aborted) {
		let worked = false;
		try {
			worked = (await step(ctx, handlers, lockMs)) !== null;
		} catch (error) {
			ctx.log.error('job worker error', { error: describeJobError(error) });
		}
		if (!worked) await pause(opts.pollMs, opts.signal);
	}
}

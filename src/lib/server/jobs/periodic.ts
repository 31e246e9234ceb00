import type { Ctx } from '../context';
import { describeJobError, enqueue, type JobHandler } from './jobs.service';
import { pause } from './worker';

/**
 * Work that recurs on the clock (hourly housekeeping, the ask lifecycle sweep) runs through the
 * job table like any other job, so it runs on every instance, mail or no mail, and exactly once
 * per round however many processes there are: each process enqueues the current round with the
 * same dedupe key (`kind@slot`), the database keeps one, and one worker claims it.
 */
export interface PeriodicJob {
	kind: string;
	/** Length of one round; rounds start at multiples of it since the epoch. */
	everyMs: number;
	/** Does the round's work; answers counts for the log (nothing is logged when all are 0). */
	run(ctx: Ctx): Promise<Record<string, number>>;
}

/** The round `now` falls in. */
export function slotOf(now: Date, everyMs: number): number {
	return Math.floor(now.getTime() / everyMs);
}

/** Enqueues the current round of each job; a round already enqueued (by any process) is left alone. */
export async function enqueueRounds(ctx: Ctx, jobs: readonly PeriodicJob[]): Promise<void> {
	const now = ctx.now();
	for (const job of jobs) {
		const slot = slotOf(now, job.everyMs);
		await enqueue(ctx, ctx.db, {
			kind: job.kind,
			payload: { slot },
			runAt: new Date(slot * job.everyMs),
			dedupeKey: `${job.kind}@${slot}`,
			// A failed round is not retried: the next round does the same work.
			maxAttempts: 1
		});
	}
}

/** Job handlers that run each periodic job's round. */
export function periodicHandlers(jobs: readonly PeriodicJob[]): Map<string, JobHandler> {
	return new Map(
		jobs.map((job) => [
			job.kind,
			{
				// Every round is safe to run twice (deletes and conditional updates).
				onInterrupted: 'retry',
				run: async (ctx) => {
					const counts = await job.run(ctx);
					if (Object.values(counts).some((n) => n > 0)) ctx.log.info(job.kind, counts);
				}
			} satisfies JobHandler
		])
	);
}

/**
 * Keeps the rounds enqueued: now, then every `tickMs` until `signal` aborts. A tick well below
 * the shortest round means a round is enqueued within a minute of its start, and a process that
 * was down for a round simply enqueues the next one.
 */
export async function keepRoundsQueued(ctx: Ctx, jobs: readonly PeriodicJob[], opts: { signal: AbortSignal; tickMs: number }): Promise<void> {
	while (!opts.signal.aborted) {
		try {
			await enqueueRounds(ctx, jobs);
		} catch (error) {
			ctx.log.error('could not enqueue periodic jobs', { error: describeJobError(error) });
		}
		await pause(opts.tickMs, opts.signal);
	}
}

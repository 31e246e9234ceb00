import type { Ctx } from './context';
import { deleteExpiredSessions, deleteStaleRateLimits } from './auth/sessions.repository';
import { deleteDoneJobs } from './jobs/jobs.repository';
import { runAskLifecycle } from './asks/asks.service';
import { purgeFundPrivate } from './funds/funds.service';
import { purgePastBookings } from './pantry/distributions.service';
import type { PeriodicJob } from './jobs/periodic';

/**
 * Housekeeping that keeps the database small and holds the retention promises in
 * docs/PRIVACY.md: expired sessions and old rate-limit counters are deleted, and so are jobs
 * finished more than a week ago (failed ones stay for an admin to look at). Safe to run from
 * several processes at once (plain deletes). Fund requests' payee details and notes are erased
 * once their fund's retention period has passed, and pick-up bookings (a first name or nickname)
 * once their day is over.
 */
export async function runMaintenance(
	ctx: Ctx
): Promise<{ sessions: number; rateLimits: number; jobs: number; fundRequestsPurged: number; bookingsPurged: number }> {
	const now = ctx.now();
	const day = 24 * 60 * 60 * 1000;
	const sessions = await deleteExpiredSessions(ctx.db, now);
	const rateLimits = await deleteStaleRateLimits(ctx.db, new Date(now.getTime() - day));
	const jobs = await deleteDoneJobs(ctx.db, new Date(now.getTime() - 7 * day));
	const fundRequestsPurged = await purgeFundPrivate(ctx);
	const bookingsPurged = await purgePastBookings(ctx);
	return { sessions, rateLimits, jobs, fundRequestsPurged, bookingsPurged };
}

/** The hourly housekeeping above, as a job round. */
export const MAINTENANCE_JOB = 'maintenance.hourly';
/** Claims expire, deliveries auto-close and private parts are purged on time, within five minutes. */
export const ASK_LIFECYCLE_JOB = 'asks.lifecycle';

/** The recurring work every instance runs through its job worker (see jobs/periodic.ts). */
export const PERIODIC_JOBS: readonly PeriodicJob[] = [
	{ kind: MAINTENANCE_JOB, everyMs: 60 * 60 * 1000, run: async (ctx) => ({ ...(await runMaintenance(ctx)) }) },
	{ kind: ASK_LIFECYCLE_JOB, everyMs: 5 * 60 * 1000, run: async (ctx) => ({ ...(await runAskLifecycle(ctx)) }) }
];

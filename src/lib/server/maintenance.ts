import type { Ctx } from './context';
import { deleteExpiredSessions, deleteStaleRateLimits } from './auth/sessions.repository';

/**
 * Housekeeping that keeps the database small and holds the retention promises in
 * docs/PRIVACY.md: expired sessions and old rate-limit counters are deleted. Safe to run from
 * several processes at once (plain deletes). Later retention purges join this list.
 */
export async function runMaintenance(ctx: Ctx): Promise<{ sessions: number; rateLimits: number }> {
	const now = ctx.now();
	const sessions = await deleteExpiredSessions(ctx.db, now);
	const rateLimits = await deleteStaleRateLimits(ctx.db, new Date(now.getTime() - 24 * 60 * 60 * 1000));
	return { sessions, rateLimits };
}

/** Runs maintenance now and then hourly; the timer does not keep the process alive. */
export function scheduleMaintenance(ctx: Ctx): void {
	const run = () =>
		runMaintenance(ctx).then(
			(r) => (r.sessions + r.rateLimits > 0 ? ctx.log.info('maintenance', r) : undefined),
			(e: unknown) => ctx.log.error('maintenance failed', { error: e instanceof Error ? e.message : String(e) })
		);
	void run();
	setInterval(run, 60 * 60 * 1000).unref();
}

import { sql } from 'kysely';
import { fromDbCount, fromDbTime, fromDbTimeOrNull, toDbTime } from '../db/conventions';
import type { DialectName, Executor } from '../db/index';

export type JobStatus = 'pending' | 'running' | 'done' | 'failed';

/** One row of the job table; `payload` is still JSON text (the service parses it). */
export interface JobRow {
	id: string;
	kind: string;
	payload: string;
	status: string;
	runAt: Date;
	attempts: number;
	maxAttempts: number;
	lockedUntil: Date | null;
	startedAt: Date | null;
	lastError: string | null;
	dedupeKey: string | null;
	createdAt: Date;
	updatedAt: Date;
}

function toJob(r: {
	id: string;
	kind: string;
	payload: string;
	status: string;
	run_at: Date | string;
	attempts: number | string;
	max_attempts: number | string;
	locked_until: Date | string | null;
	started_at: Date | string | null;
	last_error: string | null;
	dedupe_key: string | null;
	created_at: Date | string;
	updated_at: Date | string;
}): JobRow {
	return {
		id: r.id,
		kind: r.kind,
		payload: r.payload,
		status: r.status,
		runAt: fromDbTime(r.run_at),
		attempts: fromDbCount(r.attempts),
		maxAttempts: fromDbCount(r.max_attempts),
		lockedUntil: fromDbTimeOrNull(r.locked_until),
		startedAt: fromDbTimeOrNull(r.started_at),
		lastError: r.last_error,
		dedupeKey: r.dedupe_key,
		createdAt: fromDbTime(r.created_at),
		updatedAt: fromDbTime(r.updated_at)
	};
}

/**
 * Inserts a pending job. With a dedupe key already present the insert does nothing
 * (ON CONFLICT DO NOTHING on the unique column), so enqueueing the same work twice is harmless
 * even from two processes at once. Answers whether a row was written.
 */
export async function insertJob(
	db: Executor,
	j: { id: string; kind: string; payload: string; runAt: Date; maxAttempts: number; dedupeKey: string | null; now: Date }
): Promise<boolean> {
	const r = await db
		.insertInto('jobs')
		.values({
			id: j.id,
			kind: j.kind,
			payload: j.payload,
			status: 'pending',
			run_at: toDbTime(j.runAt),
			attempts: 0,
			max_attempts: j.maxAttempts,
			locked_until: null,
			started_at: null,
			last_error: null,
			dedupe_key: j.dedupeKey,
			created_at: toDbTime(j.now),
			updated_at: toDbTime(j.now)
		})
		.onConflict((oc) => oc.column('dedupe_key').doNothing())
		.executeTakeFirst();
	return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findJob(db: Executor, id: string): Promise<JobRow | undefined> {
	const r = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
	return r && toJob(r);
}

export async function findJobByDedupeKey(db: Executor, dedupeKey: string): Promise<JobRow | undefined> {
	const r = await db.selectFrom('jobs').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
	return r && toJob(r);
}

/**
 * Claims the oldest due pending job of the given kinds: marks it running, locks it until
 * `lockedUntil`, counts the attempt and stamps `started_at`, all in one committed statement, so
 * the attempt is on record before the handler does anything with the outside world.
 *
 * PostgreSQL: the row is picked with FOR UPDATE SKIP LOCKED inside the UPDATE, so concurrent
 * workers each lock a different row and never wait on or take one another's.
 * SQLite has one writer at a time: pick a candidate, then take it with a conditional UPDATE
 * (`AND status = 'pending'`); when another process took it between the two, try the next one.
 */
export async function claimDueJob(db: Executor, dialect: DialectName, kinds: readonly string[], now: Date, lockedUntil: Date): Promise<JobRow | undefined> {
	if (kinds.length === 0) return undefined;
	const nowText = toDbTime(now);
	const claim = {
		status: 'running',
		locked_until: toDbTime(lockedUntil),
		started_at: nowText,
		updated_at: nowText
	};
	if (dialect === 'postgres') {
		const r = await db
			.updateTable('jobs')
			.set({ ...claim, attempts: sql<number>`attempts + 1` })
			.where('id', '=', (eb) =>
				eb
					.selectFrom('jobs')
					.select('id')
					.where('status', '=', 'pending')
					.where('run_at', '<=', nowText)
					.where('kind', 'in', kinds)
					.orderBy('run_at')
					.limit(1)
					.forUpdate()
					.skipLocked()
			)
			.returningAll()
			.executeTakeFirst();
		return r && toJob(r);
	}
	// A lost race means another worker took the row: look again. Bounded so a pathological
	// stream of winners elsewhere cannot keep this worker spinning; it tries again next poll.
	for (let tries = 0; tries < 20; tries++) {
		const candidate = await db
			.selectFrom('jobs')
			.select('id')
			.where('status', '=', 'pending')
			.where('run_at', '<=', nowText)
			.where('kind', 'in', kinds)
			.orderBy('run_at')
			.limit(1)
			.executeTakeFirst();
		if (!candidate) return undefined;
		const r = await db
			.updateTable('jobs')
			.set({ ...claim, attempts: sql<number>`attempts + 1` })
			.where('id', '=', candidate.id)
			.where('status', '=', 'pending')
			.returningAll()
			.executeTakeFirst();
		if (r) return toJob(r);
	}
	return undefined;
}

/**
 * Running jobs of the given kinds whose lock has expired: their worker stopped (crash, restart,
 * lost connection) without finishing them.
 */
export async function listExpiredRunning(db: Executor, kinds: readonly string[], now: Date, limit: number): Promise<JobRow[]> {
	if (kinds.length === 0) return [];
	const rows = await db
		.selectFrom('jobs')
		.selectAll()
		.where('status', '=', 'running')
		.where('locked_until', '<', toDbTime(now))
		.where('kind', 'in', kinds)
		.orderBy('locked_until')
		.limit(limit)
		.execute();
	return rows.map(toJob);
}

export type AttemptOutcome =
	{ status: 'done'; now: Date } | { status: 'failed'; lastError: string; now: Date } | { status: 'pending'; lastError: string; runAt: Date; now: Date };

/**
 * Ends an attempt, but only the attempt this worker holds: `attempts` acts as a fencing token,
 * so a worker whose lock expired and whose job was taken over cannot overwrite the newer
 * attempt's outcome. Answers whether the row was changed.
 */
export async function finishAttempt(db: Executor, id: string, attempt: number, outcome: AttemptOutcome): Promise<boolean> {
	const r = await db
		.updateTable('jobs')
		.set({
			status: outcome.status,
			locked_until: null,
			updated_at: toDbTime(outcome.now),
			last_error: outcome.status === 'done' ? null : outcome.lastError,
			...(outcome.status === 'pending' ? { run_at: toDbTime(outcome.runAt) } : {})
		})
		.where('id', '=', id)
		.where('status', '=', 'running')
		.where('attempts', '=', attempt)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Deletes finished jobs last changed before `before`; failed ones stay for an admin to see. */
export async function deleteDoneJobs(db: Executor, before: Date): Promise<number> {
	const r = await db.deleteFrom('jobs').where('status', '=', 'done').where('updated_at', '<', toDbTime(before)).executeTakeFirst();
	return Number(r.numDeletedRows);
}

export async function countJobs(db: Executor, filter: { kind?: string; status?: JobStatus } = {}): Promise<number> {
	let q = db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n'));
	if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
	if (filter.status !== undefined) q = q.where('status', '=', filter.status);
	const r = await q.executeTakeFirstOrThrow();
	return fromDbCount(r.n);
}

import type { Ctx } from '../context';
import { fromDbJson, newId, toDbJson } from '../db/conventions';
import type { Executor } from '../db/index';
import * as repo from './jobs.repository';

/**
 * Durable background work in the database (no Redis): a row per job, claimed by one worker at a
 * time, retried with backoff, given up after `max_attempts`. Work is enqueued inside the
 * transaction of the event that caused it, so either both are recorded or neither is.
 */

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
export type JobPayload = { readonly [key: string]: Json };

/** A claimed job as a handler sees it. */
export interface Job {
	id: string;
	kind: string;
	/** Parsed JSON; a handler checks its shape (zod) before trusting it. */
	payload: JobPayload;
	/** 1 for the first attempt. */
	attempt: number;
	maxAttempts: number;
	startedAt: Date;
	lockedUntil: Date;
}

export interface JobHandler {
	/** Does the work. Throwing fails the attempt; throw a JobFailure to choose whether to retry. */
	run(ctx: Ctx, job: Job): Promise<void>;
	/**
	 * What to do with an attempt whose worker stopped half-way (its lock expired): run it again,
	 * or fail it with this reason when running it twice would do harm, e.g. an email that may
	 * already have been handed to the mail server.
	 */
	onInterrupted: 'retry' | { fail: string };
}

/** Handlers by job kind, built at start-up and passed to the worker (no global registry). */
export type JobHandlers = ReadonlyMap<string, JobHandler>;

/**
 * A failure whose message is safe to store and log (no private data), and which says whether
 * another attempt could succeed.
 */
export class JobFailure extends Error {
	constructor(
		message: string,
		public readonly retry: boolean
	) {
		super(message);
		this.name = 'JobFailure';
	}
}

/** With backoffMs, twelve attempts span about five hours: an afternoon's outage of a mail server. */
export const DEFAULT_MAX_ATTEMPTS = 12;
/** Long enough for any handler to finish; a worker that holds a job longer is presumed dead. */
export const DEFAULT_LOCK_MS = 10 * 60 * 1000;
const BACKOFF_BASE_MS = 30 * 1000;
const BACKOFF_CAP_MS = 60 * 60 * 1000;
/** Stored and logged error text is cut here: enough to diagnose, never a dump. */
const MAX_ERROR_LENGTH = 300;

/**
 * Wait before attempt `attempt + 1`: 30 s, 1 min, 2 min, … doubling, capped at an hour, so a
 * mail server that is down for an afternoon is retried a few times an hour, not hammered.
 */
export function backoffMs(attempt: number): number {
	const exponent = Math.max(0, attempt - 1);
	return Math.min(BACKOFF_BASE_MS * 2 ** Math.min(exponent, 30), BACKOFF_CAP_MS);
}

export interface EnqueueInput {
	kind: string;
	payload: JobPayload;
	runAt?: Date;
	/** A second enqueue with the same key is a no-op (e.g. one email per notification). */
	dedupeKey?: string;
	maxAttempts?: number;
}

/**
 * Records a job in `trx`: pass the transaction of the event that causes the work, so the job
 * exists exactly when the event was committed; pass `ctx.db` for work on its own. Returns the
 * job id, or null when a job with the same dedupe key already exists.
 */
export async function enqueue(ctx: Pick<Ctx, 'now'>, trx: Executor, input: EnqueueInput): Promise<string | null> {
	const now = ctx.now();
	const id = newId(now);
	const inserted = await repo.insertJob(trx, {
		id,
		kind: input.kind,
		payload: toDbJson(input.payload),
		runAt: input.runAt ?? now,
		maxAttempts: Math.max(1, input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS),
		dedupeKey: input.dedupeKey ?? null,
		now
	});
	return inserted ? id : null;
}

function isJobPayload(v: unknown): v is JobPayload {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toClaimed(row: repo.JobRow, now: Date, lockedUntil: Date): Job {
	return {
		id: row.id,
		kind: row.kind,
		payload: fromDbJson(row.payload, isJobPayload, {}),
		attempt: row.attempts,
		maxAttempts: row.maxAttempts,
		startedAt: row.startedAt ?? now,
		lockedUntil: row.lockedUntil ?? lockedUntil
	};
}

/**
 * Claims one due job of the given kinds for this worker, or null when none is due. Never hands
 * the same attempt to two workers, on either database (see claimDueJob).
 */
export async function claimNext(ctx: Ctx, kinds: readonly string[], now: Date, lockMs = DEFAULT_LOCK_MS): Promise<Job | null> {
	const lockedUntil = new Date(now.getTime() + lockMs);
	const row = await repo.claimDueJob(ctx.db, ctx.dialect, kinds, now, lockedUntil);
	return row ? toClaimed(row, now, lockedUntil) : null;
}

/** Marks the attempt done. False when this worker no longer held it (its lock expired and another took over). */
export async function completeJob(ctx: Ctx, job: Job): Promise<boolean> {
	return repo.finishAttempt(ctx.db, job.id, job.attempt, { status: 'done', now: ctx.now() });
}

/** Text of an error fit for the job table and the log: a JobFailure's own words, otherwise the error's name and message. */
export function describeJobError(error: unknown): string {
	const text = error instanceof JobFailure ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
	return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * Ends a failed attempt: back to pending after `backoffMs(attempt)` while attempts remain and the
 * error allows a retry, otherwise `failed` with the error kept in `last_error`.
 */
export async function failJob(ctx: Ctx, job: Job, error: unknown): Promise<{ retried: boolean; recorded: boolean }> {
	const now = ctx.now();
	const lastError = describeJobError(error);
	const retry = (!(error instanceof JobFailure) || error.retry) && job.attempt < job.maxAttempts;
	const recorded = await repo.finishAttempt(
		ctx.db,
		job.id,
		job.attempt,
		retry ? { status: 'pending', lastError, runAt: new Date(now.getTime() + backoffMs(job.attempt)), now } : { status: 'failed', lastError, now }
	);
	return { retried: retry, recorded };
}

/**
 * Deals with jobs left `running` by a worker that stopped (crash, deploy, lost connection): their
 * lock has expired. Each is run again at once, unless its handler says a repeat could do harm and
 * the attempt had started, or no attempts are left: then it is failed with the reason.
 * Only kinds this worker handles are touched; answers how many were dealt with.
 */
export async function reclaimInterrupted(ctx: Ctx, handlers: JobHandlers, batch = 100): Promise<number> {
	const now = ctx.now();
	const rows = await repo.listExpiredRunning(ctx.db, [...handlers.keys()], now, batch);
	let dealt = 0;
	for (const row of rows) {
		const policy = handlers.get(row.kind)?.onInterrupted ?? 'retry';
		const outcome: repo.AttemptOutcome =
			policy !== 'retry' && row.startedAt !== null
				? { status: 'failed', lastError: policy.fail, now }
				: row.attempts >= row.maxAttempts
					? { status: 'failed', lastError: 'interrupted; no attempts left', now }
					: { status: 'pending', lastError: 'interrupted; run again', runAt: now, now };
		// The fence (status and attempt number) makes two workers reclaiming at once harmless.
		if (await repo.finishAttempt(ctx.db, row.id, row.attempts, outcome)) {
			dealt += 1;
			ctx.log.warn('job interrupted', { job: row.id, kind: row.kind, attempt: row.attempts, outcome: outcome.status });
		}
	}
	return dealt;
}

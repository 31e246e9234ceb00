import { sql } from 'kysely';
import { fromDbBool, fromDbTime, toDbTime } from '../db/conventions';
import type { Executor } from '../db/index';

export interface SessionWithUser {
	id: string;
	userId: string;
	createdAt: Date;
	lastUsedAt: Date;
	expiresAt: Date;
	user: { id: string; username: string; displayName: string; locale: string | null; isInstanceAdmin: boolean };
}

export async function insertSession(db: Executor, s: { id: string; userId: string; now: Date; expiresAt: Date }): Promise<void> {
	await db
		.insertInto('sessions')
		.values({
			id: s.id,
			user_id: s.userId,
			created_at: toDbTime(s.now),
			last_used_at: toDbTime(s.now),
			expires_at: toDbTime(s.expiresAt)
		})
		.execute();
}

export async function findSessionWithUser(db: Executor, id: string): Promise<SessionWithUser | undefined> {
	const r = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.id',
			'sessions.user_id',
			'sessions.created_at',
			'sessions.last_used_at',
			'sessions.expires_at',
			'users.username',
			'users.display_name',
			'users.locale',
			'users.is_instance_admin'
		])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!r) return undefined;
	return {
		id: r.id,
		userId: r.user_id,
		createdAt: fromDbTime(r.created_at),
		lastUsedAt: fromDbTime(r.last_used_at),
		expiresAt: fromDbTime(r.expires_at),
		user: {
			id: r.user_id,
			username: r.username,
			displayName: r.display_name,
			locale: r.locale,
			isInstanceAdmin: fromDbBool(r.is_instance_admin)
		}
	};
}

export async function touchSession(db: Executor, id: string, now: Date, expiresAt: Date): Promise<void> {
	await db
		.updateTable('sessions')
		.set({ last_used_at: toDbTime(now), expires_at: toDbTime(expiresAt) })
		.where('id', '=', id)
		.execute();
}

export async function deleteSession(db: Executor, id: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of a person, except `keepId` when given. Returns how many ended. */
export async function deleteSessionsOfUser(db: Executor, userId: string, keepId?: string): Promise<number> {
	let q = db.deleteFrom('sessions').where('user_id', '=', userId);
	if (keepId !== undefined) q = q.where('id', '!=', keepId);
	const r = await q.executeTakeFirst();
	return Number(r.numDeletedRows);
}

export async function countSessionsOfUser(db: Executor, userId: string, now: Date): Promise<number> {
	const r = await db
		.selectFrom('sessions')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('user_id', '=', userId)
		.where('expires_at', '>', toDbTime(now))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

export async function deleteExpiredSessions(db: Executor, now: Date): Promise<number> {
	const r = await db.deleteFrom('sessions').where('expires_at', '<=', toDbTime(now)).executeTakeFirst();
	return Number(r.numDeletedRows);
}

/**
 * Counts one attempt against `key` and returns the count inside the current window. One
 * statement (INSERT … ON CONFLICT DO UPDATE … RETURNING) so concurrent processes cannot both
 * read a low count: the limit holds across every app process sharing the database.
 */
export async function hitRateLimit(db: Executor, key: string, now: Date, windowStart: Date): Promise<number> {
	const nowText = toDbTime(now);
	const cutoff = toDbTime(windowStart);
	const r = await db
		.insertInto('rate_limits')
		.values({ key, count: 1, window_started_at: nowText })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet({
				count: sql<number>`case when rate_limits.window_started_at <= ${cutoff} then 1 else rate_limits.count + 1 end`,
				window_started_at: sql<string>`case when rate_limits.window_started_at <= ${cutoff} then ${nowText} else rate_limits.window_started_at end`
			})
		)
		.returning('count')
		.executeTakeFirstOrThrow();
	return Number(r.count);
}

export async function clearRateLimit(db: Executor, key: string): Promise<void> {
	await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}

/** Rate-limit rows whose window closed before `before` say nothing any more. */
export async function deleteStaleRateLimits(db: Executor, before: Date): Promise<number> {
	const r = await db.deleteFrom('rate_limits').where('window_started_at', '<', toDbTime(before)).executeTakeFirst();
	return Number(r.numDeletedRows);
}

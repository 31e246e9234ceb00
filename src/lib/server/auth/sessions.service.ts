import type { Ctx } from '../context';
import * as repo from './sessions.repository';
import { hmacHex, newToken, sha256Hex } from './tokens';

export const SESSION_COOKIE = 'hearth_session';
/** Refresh the sliding expiry at most this often, so reads do not turn every request into a write. */
const TOUCH_AFTER_MS = 60 * 60 * 1000;

export type CurrentSession = repo.SessionWithUser;

function expiry(ctx: Ctx, from: Date): Date {
	return new Date(from.getTime() + ctx.config.sessionDays * 24 * 60 * 60 * 1000);
}

/** Starts a session: returns the cookie token (32 random bytes); only its SHA-256 is stored. */
export async function startSession(ctx: Ctx, userId: string): Promise<{ token: string; expiresAt: Date }> {
	const token = newToken(32);
	const now = ctx.now();
	const expiresAt = expiry(ctx, now);
	await repo.insertSession(ctx.db, { id: sha256Hex(token), userId, now, expiresAt });
	return { token, expiresAt };
}

/**
 * Looks a cookie token up. Expired sessions are deleted and answer null. A live session's
 * expiry slides forward (at most once an hour); `refreshed` tells the caller to re-send the cookie.
 */
export async function resumeSession(ctx: Ctx, token: string): Promise<{ session: CurrentSession; refreshed: boolean; expiresAt: Date } | null> {
	if (token.length < 40 || token.length > 64) return null;
	const id = sha256Hex(token);
	const session = await repo.findSessionWithUser(ctx.db, id);
	if (!session) return null;
	const now = ctx.now();
	if (session.expiresAt.getTime() <= now.getTime()) {
		await repo.deleteSession(ctx.db, id);
		return null;
	}
	if (now.getTime() - session.lastUsedAt.getTime() >= TOUCH_AFTER_MS) {
		const expiresAt = expiry(ctx, now);
		await repo.touchSession(ctx.db, id, now, expiresAt);
		return { session: { ...session, lastUsedAt: now, expiresAt }, refreshed: true, expiresAt };
	}
	return { session, refreshed: false, expiresAt: session.expiresAt };
}

export async function endSession(ctx: Ctx, sessionId: string): Promise<void> {
	await repo.deleteSession(ctx.db, sessionId);
}

/** Signs a person out everywhere, except the session `keepId` when given. */
export async function endAllSessions(ctx: Ctx, userId: string, keepId?: string): Promise<number> {
	return repo.deleteSessionsOfUser(ctx.db, userId, keepId);
}

export async function countActiveSessions(ctx: Ctx, userId: string): Promise<number> {
	return repo.countSessionsOfUser(ctx.db, userId, ctx.now());
}

/**
 * A fixed-window limit stored in the database, so it holds across processes and restarts.
 * The key is an HMAC of what is limited (a sign-in name), never an IP address.
 */
export async function consumeRateLimit(
	ctx: Ctx,
	purpose: string,
	subject: string,
	limit: number,
	windowSeconds: number
): Promise<{ allowed: boolean; key: string }> {
	const key = hmacHex(ctx.secrets.hmacKey, `rate:${purpose}`, subject);
	const now = ctx.now();
	const count = await repo.hitRateLimit(ctx.db, key, now, new Date(now.getTime() - windowSeconds * 1000));
	return { allowed: count <= limit, key };
}

export async function clearRateLimit(ctx: Ctx, key: string): Promise<void> {
	await repo.clearRateLimit(ctx.db, key);
}

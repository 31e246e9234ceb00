import { fromDbBool, fromDbTime, fromDbTimeOrNull, toDbTime } from '../db/conventions';
import type { Executor } from '../db/index';

export async function insertApiToken(
	db: Executor,
	t: { id: string; userId: string; name: string; tokenHash: string; now: Date; expiresAt: Date | null }
): Promise<void> {
	await db
		.insertInto('api_tokens')
		.values({
			id: t.id,
			user_id: t.userId,
			name: t.name,
			token_hash: t.tokenHash,
			created_at: toDbTime(t.now),
			last_used_at: null,
			expires_at: t.expiresAt === null ? null : toDbTime(t.expiresAt)
		})
		.execute();
}

export async function listApiTokens(db: Executor, userId: string) {
	const rows = await db
		.selectFrom('api_tokens')
		.select(['id', 'name', 'created_at', 'last_used_at', 'expires_at'])
		.where('user_id', '=', userId)
		.orderBy('created_at', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		createdAt: fromDbTime(r.created_at),
		lastUsedAt: fromDbTimeOrNull(r.last_used_at),
		expiresAt: fromDbTimeOrNull(r.expires_at)
	}));
}

export async function deleteApiToken(db: Executor, userId: string, id: string): Promise<boolean> {
	const r = await db.deleteFrom('api_tokens').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
	return Number(r.numDeletedRows) === 1;
}

export async function findUserByApiTokenHash(db: Executor, tokenHash: string) {
	const r = await db
		.selectFrom('api_tokens')
		.innerJoin('users', 'users.id', 'api_tokens.user_id')
		.select([
			'api_tokens.id',
			'api_tokens.expires_at',
			'api_tokens.last_used_at',
			'users.id as user_id',
			'users.username',
			'users.display_name',
			'users.locale',
			'users.is_instance_admin'
		])
		.where('api_tokens.token_hash', '=', tokenHash)
		.executeTakeFirst();
	return (
		r && {
			tokenId: r.id,
			expiresAt: fromDbTimeOrNull(r.expires_at),
			lastUsedAt: fromDbTimeOrNull(r.last_used_at),
			user: { id: r.user_id, username: r.username, displayName: r.display_name, locale: r.locale, isInstanceAdmin: fromDbBool(r.is_instance_admin) }
		}
	);
}

export async function touchApiToken(db: Executor, id: string, now: Date): Promise<void> {
	await db
		.updateTable('api_tokens')
		.set({ last_used_at: toDbTime(now) })
		.where('id', '=', id)
		.execute();
}

export async function countApiTokens(db: Executor, userId: string): Promise<number> {
	const r = await db
		.selectFrom('api_tokens')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('user_id', '=', userId)
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

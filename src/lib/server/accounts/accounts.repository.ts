import { fromDbBool, fromDbTime, fromDbTimeOrNull, newId, toDbTime } from '../db/conventions';
import type { Executor } from '../db/index';

export interface UserRow {
	id: string;
	username: string;
	displayName: string;
	emailEnc: string | null;
	passwordHash: string;
	locale: string | null;
	isInstanceAdmin: boolean;
	createdAt: Date;
}

const userColumns = ['id', 'username', 'display_name', 'email_enc', 'password_hash', 'locale', 'is_instance_admin', 'created_at'] as const;

function toUser(r: {
	id: string;
	username: string;
	display_name: string;
	email_enc: string | null;
	password_hash: string;
	locale: string | null;
	is_instance_admin: boolean | number;
	created_at: Date | string;
}): UserRow {
	return {
		id: r.id,
		username: r.username,
		displayName: r.display_name,
		emailEnc: r.email_enc,
		passwordHash: r.password_hash,
		locale: r.locale,
		isInstanceAdmin: fromDbBool(r.is_instance_admin),
		createdAt: fromDbTime(r.created_at)
	};
}

export async function insertUser(
	db: Executor,
	u: {
		id: string;
		username: string;
		displayName: string;
		emailEnc: string | null;
		passwordHash: string;
		locale: string | null;
		isInstanceAdmin: boolean;
		now: Date;
	}
): Promise<void> {
	await db
		.insertInto('users')
		.values({
			id: u.id,
			username: u.username,
			display_name: u.displayName,
			email_enc: u.emailEnc,
			password_hash: u.passwordHash,
			locale: u.locale,
			is_instance_admin: u.isInstanceAdmin,
			created_at: toDbTime(u.now),
			updated_at: toDbTime(u.now)
		})
		.execute();
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
	const r = await db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
	return r && toUser(r);
}

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
	const r = await db.selectFrom('users').select(userColumns).where('username', '=', username).executeTakeFirst();
	return r && toUser(r);
}

export async function countUsers(db: Executor): Promise<number> {
	const r = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

export async function updateUser(
	db: Executor,
	id: string,
	patch: { displayName?: string; emailEnc?: string | null; passwordHash?: string; locale?: string | null },
	now: Date
): Promise<void> {
	await db
		.updateTable('users')
		.set({
			...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
			...(patch.emailEnc !== undefined ? { email_enc: patch.emailEnc } : {}),
			...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
			...(patch.locale !== undefined ? { locale: patch.locale } : {}),
			updated_at: toDbTime(now)
		})
		.where('id', '=', id)
		.execute();
}

export async function deleteUser(db: Executor, id: string): Promise<void> {
	await db.deleteFrom('users').where('id', '=', id).execute();
}

export async function replaceRecoveryCodes(db: Executor, userId: string, hashes: string[], now: Date): Promise<void> {
	await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
	if (hashes.length === 0) return;
	await db
		.insertInto('recovery_codes')
		.values(hashes.map((h) => ({ id: newId(now), user_id: userId, code_hash: h, used_at: null, created_at: toDbTime(now) })))
		.execute();
}

export async function listUnusedRecoveryCodes(db: Executor, userId: string): Promise<{ id: string; hash: string }[]> {
	const rows = await db.selectFrom('recovery_codes').select(['id', 'code_hash']).where('user_id', '=', userId).where('used_at', 'is', null).execute();
	return rows.map((r) => ({ id: r.id, hash: r.code_hash }));
}

/** Marks a code used; false when another request used it first (one winner). */
export async function useRecoveryCode(db: Executor, id: string, now: Date): Promise<boolean> {
	const r = await db
		.updateTable('recovery_codes')
		.set({ used_at: toDbTime(now) })
		.where('id', '=', id)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export async function recoveryCodeCounts(db: Executor, userId: string): Promise<{ total: number; unused: number; createdAt: Date | null }> {
	const rows = await db.selectFrom('recovery_codes').select(['used_at', 'created_at']).where('user_id', '=', userId).execute();
	const first = rows[0];
	return {
		total: rows.length,
		unused: rows.filter((r) => fromDbTimeOrNull(r.used_at) === null).length,
		createdAt: first ? fromDbTime(first.created_at) : null
	};
}

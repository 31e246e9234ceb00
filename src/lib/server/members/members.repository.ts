import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema';
import { fromDbCount, fromDbTime, toDbTime } from '../db/conventions';
import type { Executor } from '../db/index';

export interface MembershipRow {
	id: string;
	networkId: string;
	userId: string;
	role: string;
	status: string;
	createdAt: Date;
}

export async function insertMembership(
	db: Executor,
	m: { id: string; networkId: string; userId: string; role: string; status: string; now: Date }
): Promise<void> {
	await db
		.insertInto('memberships')
		.values({
			id: m.id,
			network_id: m.networkId,
			user_id: m.userId,
			role: m.role,
			status: m.status,
			created_at: toDbTime(m.now),
			updated_at: toDbTime(m.now)
		})
		.execute();
}

export async function findMembership(db: Executor, networkId: string, userId: string): Promise<MembershipRow | undefined> {
	const r = await db
		.selectFrom('memberships')
		.select(['id', 'network_id', 'user_id', 'role', 'status', 'created_at'])
		.where('network_id', '=', networkId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return r && { id: r.id, networkId: r.network_id, userId: r.user_id, role: r.role, status: r.status, createdAt: fromDbTime(r.created_at) };
}

/**
 * Display name or sign-in name contains `search`, case-insensitively on both databases; `%`, `_`
 * and backslash in what was typed are matched literally.
 */
function nameMatches(search: string) {
	const like = `%${search.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
	return (eb: ExpressionBuilder<Database, 'memberships' | 'users'>) =>
		eb.or([eb(sql`lower(users.display_name)`, 'like', sql`${like} escape '\\'`), eb(sql`lower(users.username)`, 'like', sql`${like} escape '\\'`)]);
}

export interface MemberListItem {
	userId: string;
	displayName: string;
	username: string;
	role: string;
	status: string;
	joinedAt: Date;
}

/** Members of a network with the given status, by role then name, one page at a time. */
export async function listMembers(
	db: Executor,
	networkId: string,
	status: string,
	page: { limit: number; offset: number; search?: string }
): Promise<MemberListItem[]> {
	let q = db
		.selectFrom('memberships')
		.innerJoin('users', 'users.id', 'memberships.user_id')
		.select(['memberships.user_id', 'memberships.role', 'memberships.status', 'memberships.created_at', 'users.display_name', 'users.username'])
		.where('memberships.network_id', '=', networkId)
		.where('memberships.status', '=', status);
	if (page.search) q = q.where(nameMatches(page.search));
	const rows = await q
		.orderBy(sql`case memberships.role when 'admin' then 0 when 'steward' then 1 else 2 end`)
		.orderBy(sql`lower(users.display_name)`)
		.orderBy('memberships.user_id')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
	return rows.map((r) => ({
		userId: r.user_id,
		displayName: r.display_name,
		username: r.username,
		role: r.role,
		status: r.status,
		joinedAt: fromDbTime(r.created_at)
	}));
}

export async function countMembers(db: Executor, networkId: string, status: string, search?: string): Promise<number> {
	let q = db
		.selectFrom('memberships')
		.innerJoin('users', 'users.id', 'memberships.user_id')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('memberships.network_id', '=', networkId)
		.where('memberships.status', '=', status);
	if (search) q = q.where(nameMatches(search));
	const r = await q.executeTakeFirstOrThrow();
	return fromDbCount(r.n);
}

export async function countActiveAdmins(db: Executor, networkId: string): Promise<number> {
	const r = await db
		.selectFrom('memberships')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('network_id', '=', networkId)
		.where('role', '=', 'admin')
		.where('status', '=', 'active')
		.executeTakeFirstOrThrow();
	return fromDbCount(r.n);
}

/** Networks in which this person is the only active admin (they must hand over before leaving). */
export async function networksWhereSoleAdmin(db: Executor, userId: string): Promise<{ id: string; name: string }[]> {
	return db
		.selectFrom('memberships as m')
		.innerJoin('networks as n', 'n.id', 'm.network_id')
		.select(['n.id', 'n.name'])
		.where('m.user_id', '=', userId)
		.where('m.role', '=', 'admin')
		.where('m.status', '=', 'active')
		.where((eb) =>
			eb(
				eb
					.selectFrom('memberships as o')
					.select((e2) => e2.fn.countAll().as('n'))
					.whereRef('o.network_id', '=', 'm.network_id')
					.where('o.role', '=', 'admin')
					.where('o.status', '=', 'active'),
				'=',
				1
			)
		)
		.execute();
}

export async function updateMembership(
	db: Executor,
	networkId: string,
	userId: string,
	patch: { role?: string; status?: string },
	now: Date,
	onlyIfStatus?: string
): Promise<boolean> {
	let q = db
		.updateTable('memberships')
		.set({ ...patch, updated_at: toDbTime(now) })
		.where('network_id', '=', networkId)
		.where('user_id', '=', userId);
	if (onlyIfStatus !== undefined) q = q.where('status', '=', onlyIfStatus);
	const r = await q.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export async function deleteMembership(db: Executor, networkId: string, userId: string): Promise<boolean> {
	const r = await db.deleteFrom('memberships').where('network_id', '=', networkId).where('user_id', '=', userId).executeTakeFirst();
	return Number(r.numDeletedRows) === 1;
}

// ---- invites ----

export interface InviteRow {
	id: string;
	networkId: string;
	role: string;
	maxUses: number | null;
	useCount: number;
	expiresAt: Date;
	revokedAt: Date | null;
	createdAt: Date;
	createdByName: string | null;
}

export async function insertInvite(
	db: Executor,
	i: { id: string; networkId: string; tokenHash: string; role: string; createdBy: string; maxUses: number | null; expiresAt: Date; now: Date }
): Promise<void> {
	await db
		.insertInto('invites')
		.values({
			id: i.id,
			network_id: i.networkId,
			token_hash: i.tokenHash,
			role: i.role,
			created_by: i.createdBy,
			max_uses: i.maxUses,
			use_count: 0,
			expires_at: toDbTime(i.expiresAt),
			revoked_at: null,
			created_at: toDbTime(i.now)
		})
		.execute();
}

export async function listInvites(db: Executor, networkId: string): Promise<InviteRow[]> {
	const rows = await db
		.selectFrom('invites')
		.leftJoin('users', 'users.id', 'invites.created_by')
		.select([
			'invites.id',
			'invites.network_id',
			'invites.role',
			'invites.max_uses',
			'invites.use_count',
			'invites.expires_at',
			'invites.revoked_at',
			'invites.created_at',
			'users.display_name'
		])
		.where('invites.network_id', '=', networkId)
		.orderBy('invites.created_at', 'desc')
		.limit(100)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		networkId: r.network_id,
		role: r.role,
		maxUses: r.max_uses === null ? null : Number(r.max_uses),
		useCount: Number(r.use_count),
		expiresAt: fromDbTime(r.expires_at),
		revokedAt: r.revoked_at === null ? null : fromDbTime(r.revoked_at),
		createdAt: fromDbTime(r.created_at),
		createdByName: r.display_name
	}));
}

export async function findInviteByHash(db: Executor, tokenHash: string) {
	const r = await db
		.selectFrom('invites')
		.select(['id', 'network_id', 'role', 'max_uses', 'use_count', 'expires_at', 'revoked_at'])
		.where('token_hash', '=', tokenHash)
		.executeTakeFirst();
	return (
		r && {
			id: r.id,
			networkId: r.network_id,
			role: r.role,
			maxUses: r.max_uses === null ? null : Number(r.max_uses),
			useCount: Number(r.use_count),
			expiresAt: fromDbTime(r.expires_at),
			revokedAt: r.revoked_at === null ? null : fromDbTime(r.revoked_at)
		}
	);
}

/** Takes one use of an invite if it is still valid: one conditional UPDATE, so the last use has one winner. */
export async function consumeInvite(db: Executor, id: string, now: Date): Promise<boolean> {
	const r = await db
		.updateTable('invites')
		.set({ use_count: sql<number>`use_count + 1` })
		.where('id', '=', id)
		.where('revoked_at', 'is', null)
		.where('expires_at', '>', toDbTime(now))
		.where((eb) => eb.or([eb('max_uses', 'is', null), eb('use_count', '<', eb.ref('max_uses'))]))
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export async function revokeInvite(db: Executor, networkId: string, id: string, now: Date): Promise<boolean> {
	const r = await db
		.updateTable('invites')
		.set({ revoked_at: toDbTime(now) })
		.where('id', '=', id)
		.where('network_id', '=', networkId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Ids of the network's active admins (who hear about requests to join). */
export async function listActiveAdminIds(db: Executor, networkId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('memberships')
		.select('user_id')
		.where('network_id', '=', networkId)
		.where('role', '=', 'admin')
		.where('status', '=', 'active')
		.execute();
	return rows.map((r) => r.user_id);
}

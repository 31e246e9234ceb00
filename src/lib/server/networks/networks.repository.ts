import { fromDbJson, fromDbTime, isStringArray, newId, toDbJson, toDbTime } from '../db/conventions';
import type { DialectName, Executor } from '../db/index';

export interface NetworkRow {
	id: string;
	slug: string;
	name: string;
	description: string;
	languages: string[];
	joinPolicy: string;
	createdAt: Date;
}

const columns = ['id', 'slug', 'name', 'description', 'languages', 'join_policy', 'created_at'] as const;

function toNetwork(r: {
	id: string;
	slug: string;
	name: string;
	description: string;
	languages: string;
	join_policy: string;
	created_at: Date | string;
}): NetworkRow {
	return {
		id: r.id,
		slug: r.slug,
		name: r.name,
		description: r.description,
		languages: fromDbJson(r.languages, isStringArray, []),
		joinPolicy: r.join_policy,
		createdAt: fromDbTime(r.created_at)
	};
}

export async function insertNetwork(
	db: Executor,
	n: { id: string; slug: string; name: string; description: string; languages: string[]; joinPolicy: string; now: Date }
): Promise<void> {
	await db
		.insertInto('networks')
		.values({
			id: n.id,
			slug: n.slug,
			name: n.name,
			description: n.description,
			languages: toDbJson(n.languages),
			join_policy: n.joinPolicy,
			created_at: toDbTime(n.now),
			updated_at: toDbTime(n.now)
		})
		.execute();
}

/** Changes the fields given, and only those. */
export async function updateNetwork(
	db: Executor,
	id: string,
	n: { name?: string; description?: string; languages?: string[]; joinPolicy?: string; now: Date }
): Promise<void> {
	await db
		.updateTable('networks')
		.set({
			...(n.name === undefined ? {} : { name: n.name }),
			...(n.description === undefined ? {} : { description: n.description }),
			...(n.languages === undefined ? {} : { languages: toDbJson(n.languages) }),
			...(n.joinPolicy === undefined ? {} : { join_policy: n.joinPolicy }),
			updated_at: toDbTime(n.now)
		})
		.where('id', '=', id)
		.execute();
}

export async function findNetworkBySlug(db: Executor, slug: string): Promise<NetworkRow | undefined> {
	const r = await db.selectFrom('networks').select(columns).where('slug', '=', slug).executeTakeFirst();
	return r && toNetwork(r);
}

export async function slugExists(db: Executor, slug: string): Promise<boolean> {
	const r = await db.selectFrom('networks').select('id').where('slug', '=', slug).executeTakeFirst();
	return r !== undefined;
}

/** Every network on the instance with its active member count, newest first, one page at a time. */
export async function listNetworks(db: Executor, page: { limit: number; offset: number }) {
	const rows = await db
		.selectFrom('networks')
		.select(columns)
		.select((eb) =>
			eb
				.selectFrom('memberships')
				.select((e2) => e2.fn.countAll().as('n'))
				.whereRef('memberships.network_id', '=', 'networks.id')
				.where('memberships.status', '=', 'active')
				.as('member_count')
		)
		.orderBy('networks.created_at', 'desc')
		.orderBy('networks.id', 'desc')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
	return rows.map((r) => ({ ...toNetwork(r), memberCount: Number(r.member_count ?? 0) }));
}

export async function countNetworks(db: Executor): Promise<number> {
	const r = await db
		.selectFrom('networks')
		.select((eb) => eb.fn.countAll().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

/** Networks a person belongs to (active or pending), with their role and status. */
export async function listNetworksOfUser(db: Executor, userId: string) {
	const rows = await db
		.selectFrom('memberships')
		.innerJoin('networks', 'networks.id', 'memberships.network_id')
		.select(['networks.id', 'networks.slug', 'networks.name', 'networks.description', 'networks.languages', 'networks.join_policy', 'networks.created_at'])
		.select(['memberships.role', 'memberships.status'])
		.where('memberships.user_id', '=', userId)
		.orderBy('networks.name')
		.execute();
	return rows.map((r) => ({ ...toNetwork(r), role: r.role, status: r.status }));
}

/** The areas a network offers now, in its order. */
export async function listAreas(db: Executor, networkId: string): Promise<{ id: string; name: string }[]> {
	return db.selectFrom('areas').select(['id', 'name']).where('network_id', '=', networkId).where('archived_at', 'is', null).orderBy('position').execute();
}

/** Every area of a network, archived ones too (asks and offers made in them still show their name). */
export async function listAllAreas(db: Executor, networkId: string): Promise<{ id: string; name: string; archived: boolean }[]> {
	const rows = await db.selectFrom('areas').select(['id', 'name', 'archived_at']).where('network_id', '=', networkId).orderBy('position').execute();
	return rows.map((r) => ({ id: r.id, name: r.name, archived: r.archived_at !== null }));
}

/** Area names of several networks at once (one query for a page of the directory), in each network's order. */
export async function listAreaNamesOf(db: Executor, networkIds: string[]): Promise<Map<string, string[]>> {
	const out = new Map<string, string[]>();
	if (networkIds.length === 0) return out;
	const rows = await db
		.selectFrom('areas')
		.select(['network_id', 'name'])
		.where('network_id', 'in', networkIds)
		.where('archived_at', 'is', null)
		.orderBy('network_id')
		.orderBy('position')
		.execute();
	for (const r of rows) {
		const list = out.get(r.network_id) ?? [];
		list.push(r.name);
		out.set(r.network_id, list);
	}
	return out;
}

/**
 * Makes the network's offered areas exactly `names`, in order. An area keeps its id while it is
 * listed (matched without regard to case), and one listed again after it was taken off comes
 * back with its old id. Areas no longer listed are archived, never deleted: asks and offers
 * made in them keep their area and its name.
 */
export async function replaceAreas(db: Executor, networkId: string, names: string[], now: Date): Promise<void> {
	const existing = await listAllAreas(db, networkId);
	const byName = new Map(existing.map((a) => [a.name.toLowerCase(), a.id]));
	const keep = new Set<string>();
	for (const [position, name] of names.entries()) {
		const id = byName.get(name.toLowerCase());
		if (id !== undefined) {
			keep.add(id);
			await db.updateTable('areas').set({ name, position, archived_at: null }).where('id', '=', id).execute();
		} else {
			await db.insertInto('areas').values({ id: newId(), network_id: networkId, name, position, archived_at: null }).execute();
		}
	}
	const archive = existing.filter((a) => !a.archived && !keep.has(a.id)).map((a) => a.id);
	if (archive.length > 0) {
		await db
			.updateTable('areas')
			.set({ archived_at: toDbTime(now) })
			.where('network_id', '=', networkId)
			.where('id', 'in', archive)
			.execute();
	}
}

/** Serialises changes to one network's admins (PostgreSQL row lock; a SQLite write statement is already exclusive). */
export async function lockNetwork(db: Executor, dialect: DialectName, networkId: string): Promise<void> {
	if (dialect === 'postgres') {
		await db.selectFrom('networks').select('id').where('id', '=', networkId).forUpdate().execute();
	}
}

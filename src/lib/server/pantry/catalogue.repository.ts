import { sql } from 'kysely';
import { fromDbBool, fromDbCount, fromDbJson, fromDbTimeOrNull, toDbJson, toDbTime } from '../db/conventions';
import type { Executor } from '../db/index';
import { nameKey } from '$lib/domain/pantry-catalogue';

/* Every line of SQL for the pantry's catalogue: places, items, standard bags and drives. */

function isStringRecord(v: unknown): v is Record<string, string> {
	return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

export interface LocationRow {
	id: string;
	networkId: string;
	name: string;
	kind: string;
	address: string | null;
	isPrivate: boolean;
	hoursJson: string;
	archived: boolean;
}

const locationColumns = ['id', 'network_id', 'name', 'kind', 'address', 'is_private', 'hours', 'archived_at'] as const;

function toLocation(r: {
	id: string;
	network_id: string;
	name: string;
	kind: string;
	address: string | null;
	is_private: boolean | number;
	hours: string;
	archived_at: Date | string | null;
}): LocationRow {
	return {
		id: r.id,
		networkId: r.network_id,
		name: r.name,
		kind: r.kind,
		address: r.address,
		isPrivate: fromDbBool(r.is_private),
		hoursJson: r.hours,
		archived: fromDbTimeOrNull(r.archived_at) !== null
	};
}

export interface LocationWrite {
	name: string;
	nameKey: string;
	kind: string;
	address: string | null;
	isPrivate: boolean;
	hoursJson: string;
}

export async function insertLocation(db: Executor, id: string, networkId: string, l: LocationWrite, now: Date): Promise<void> {
	await db
		.insertInto('stock_locations')
		.values({
			id,
			network_id: networkId,
			name: l.name,
			name_key: l.nameKey,
			kind: l.kind,
			address: l.address,
			is_private: l.isPrivate,
			hours: l.hoursJson,
			created_at: toDbTime(now),
			updated_at: toDbTime(now)
		})
		.execute();
}

export async function updateLocation(db: Executor, id: string, l: LocationWrite, now: Date): Promise<void> {
	await db
		.updateTable('stock_locations')
		.set({ name: l.name, name_key: l.nameKey, kind: l.kind, address: l.address, is_private: l.isPrivate, hours: l.hoursJson, updated_at: toDbTime(now) })
		.where('id', '=', id)
		.execute();
}

export async function setLocationArchived(db: Executor, id: string, archived: boolean, now: Date): Promise<void> {
	await db
		.updateTable('stock_locations')
		.set({ archived_at: archived ? toDbTime(now) : null, updated_at: toDbTime(now) })
		.where('id', '=', id)
		.execute();
}

export async function findLocation(db: Executor, networkId: string, id: string): Promise<LocationRow | undefined> {
	const r = await db.selectFrom('stock_locations').select(locationColumns).where('network_id', '=', networkId).where('id', '=', id).executeTakeFirst();
	return r && toLocation(r);
}

export async function findLocationByName(db: Executor, networkId: string, nameKey: string): Promise<LocationRow | undefined> {
	const r = await db
		.selectFrom('stock_locations')
		.select(locationColumns)
		.where('network_id', '=', networkId)
		.where('name_key', '=', nameKey)
		.executeTakeFirst();
	return r && toLocation(r);
}

export async function listLocations(db: Executor, networkId: string, opts: { includeArchived: boolean }): Promise<LocationRow[]> {
	let q = db.selectFrom('stock_locations').select(locationColumns).where('network_id', '=', networkId);
	if (!opts.includeArchived) q = q.where('archived_at', 'is', null);
	return (await q.orderBy('name_key').execute()).map(toLocation);
}

export async function locationNameTaken(db: Executor, networkId: string, nameKey: string, exceptId: string | null): Promise<boolean> {
	let q = db.selectFrom('stock_locations').select('id').where('network_id', '=', networkId).where('name_key', '=', nameKey);
	if (exceptId !== null) q = q.where('id', '!=', exceptId);
	return (await q.executeTakeFirst()) !== undefined;
}

// ── Items ─────────────────────────────────────────────────────────────────────────────────

export interface ItemRow {
	id: string;
	networkId: string;
	name: string;
	names: Record<string, string>;
	category: string;
	unit: string;
	size: string | null;
	barcode: string | null;
	minLevel: number | null;
	starterCode: string | null;
	archived: boolean;
}

const itemColumns = ['id', 'network_id', 'name', 'names', 'category', 'unit', 'size', 'barcode', 'min_level', 'starter_code', 'archived_at'] as const;

function toItem(r: {
	id: string;
	network_id: string;
	name: string;
	names: string;
	category: string;
	unit: string;
	size: string | null;
	barcode: string | null;
	min_level: number | string | null;
	starter_code: string | null;
	archived_at: Date | string | null;
}): ItemRow {
	return {
		id: r.id,
		networkId: r.network_id,
		name: r.name,
		names: fromDbJson(r.names, isStringRecord, {}),
		category: r.category,
		unit: r.unit,
		size: r.size,
		barcode: r.barcode,
		minLevel: r.min_level === null ? null : fromDbCount(r.min_level),
		starterCode: r.starter_code,
		archived: fromDbTimeOrNull(r.archived_at) !== null
	};
}

export interface ItemWrite {
	name: string;
	nameKey: string;
	names: Record<string, string>;
	category: string;
	unit: string;
	size: string | null;
	sizeKey: string;
	barcode: string | null;
	minLevel: number | null;
	starterCode: string | null;
}

function itemValues(i: ItemWrite) {
	return {
		name: i.name,
		name_key: i.nameKey,
		names: toDbJson(i.names),
		category: i.category,
		unit: i.unit,
		size: i.size,
		size_key: i.sizeKey,
		barcode: i.barcode,
		min_level: i.minLevel,
		starter_code: i.starterCode
	};
}

/** Inserts items in chunks (a starter catalogue or an import) in the caller's transaction. */
export async function insertItems(db: Executor, networkId: string, items: readonly { id: string; item: ItemWrite }[], now: Date): Promise<void> {
	for (let i = 0; i < items.length; i += 200) {
		const chunk = items.slice(i, i + 200);
		await db
			.insertInto('stock_items')
			.values(chunk.map((x) => ({ id: x.id, network_id: networkId, ...itemValues(x.item), created_at: toDbTime(now), updated_at: toDbTime(now) })))
			.execute();
	}
}

export async function updateItem(db: Executor, id: string, i: ItemWrite, now: Date): Promise<void> {
	await db
		.updateTable('stock_items')
		.set({ ...itemValues(i), updated_at: toDbTime(now) })
		.where('id', '=', id)
		.execute();
}

export async function setItemArchived(db: Executor, id: string, archived: boolean, now: Date): Promise<void> {
	await db
		.updateTable('stock_items')
		.set({ archived_at: archived ? toDbTime(now) : null, updated_at: toDbTime(now) })
		.where('id', '=', id)
		.execute();
}

export async function findItem(db: Executor, networkId: string, id: string): Promise<ItemRow | undefined> {
	const r = await db.selectFrom('stock_items').select(itemColumns).where('network_id', '=', networkId).where('id', '=', id).executeTakeFirst();
	return r && toItem(r);
}

export async function findItems(db: Executor, networkId: string, ids: readonly string[]): Promise<ItemRow[]> {
	if (ids.length === 0) return [];
	const rows = await db
		.selectFrom('stock_items')
		.select(itemColumns)
		.where('network_id', '=', networkId)
		.where('id', 'in', [...new Set(ids)])
		.execute();
	return rows.map(toItem);
}

export interface ItemFilter {
	search: string | null;
	category: string | null;
	includeArchived: boolean;
}

function itemQuery(db: Executor, networkId: string, f: ItemFilter) {
	let q = db.selectFrom('stock_items').where('network_id', '=', networkId);
	if (!f.includeArchived) q = q.where('archived_at', 'is', null);
	if (f.category !== null) q = q.where('category', '=', f.category);
	if (f.search !== null) {
		const like = `%${f.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		q = q.where((eb) => eb.or([eb(sql`lower(names)`, 'like', sql`${like} escape '\\'`), eb('barcode', '=', f.search ?? '')]));
	}
	return q;
}

export async function listItems(db: Executor, networkId: string, f: ItemFilter, opts: { limit: number; offset: number }): Promise<ItemRow[]> {
	const rows = await itemQuery(db, networkId, f)
		.select(itemColumns)
		.orderBy('category')
		.orderBy('name_key')
		.orderBy('size_key')
		.limit(opts.limit)
		.offset(opts.offset)
		.execute();
	return rows.map(toItem);
}

export async function countItems(db: Executor, networkId: string, f: ItemFilter): Promise<number> {
	const r = await itemQuery(db, networkId, f)
		.select((eb) => eb.fn.countAll().as('n'))
		.executeTakeFirst();
	return fromDbCount(r?.n);
}

/** Every active item of the network (for pickers and tally buttons), in catalogue order. */
export async function listAllItems(db: Executor, networkId: string): Promise<ItemRow[]> {
	return listItems(db, networkId, { search: null, category: null, includeArchived: false }, { limit: 5000, offset: 0 });
}

export async function itemNameTaken(db: Executor, networkId: string, nameKey: string, sizeKey: string, exceptId: string | null): Promise<boolean> {
	let q = db.selectFrom('stock_items').select('id').where('network_id', '=', networkId).where('name_key', '=', nameKey).where('size_key', '=', sizeKey);
	if (exceptId !== null) q = q.where('id', '!=', exceptId);
	return (await q.executeTakeFirst()) !== undefined;
}

export async function barcodeTaken(db: Executor, networkId: string, barcode: string, exceptId: string | null): Promise<boolean> {
	let q = db.selectFrom('stock_items').select('id').where('network_id', '=', networkId).where('barcode', '=', barcode);
	if (exceptId !== null) q = q.where('id', '!=', exceptId);
	return (await q.executeTakeFirst()) !== undefined;
}

/** Keys of what the network already has: "name_key|size_key", barcodes, starter codes and which items are archived. */
export async function itemKeys(
	db: Executor,
	networkId: string
): Promise<{ names: Map<string, string>; barcodes: Map<string, string>; starters: Set<string>; archived: Set<string> }> {
	const rows = await db
		.selectFrom('stock_items')
		.select(['id', 'name_key', 'names', 'size_key', 'barcode', 'starter_code', 'archived_at'])
		.where('network_id', '=', networkId)
		.execute();
	const names = new Map<string, string>();
	const barcodes = new Map<string, string>();
	const starters = new Set<string>();
	const archived = new Set(rows.filter((r) => r.archived_at !== null).map((r) => r.id));
	// An item is found by its name in any of the network's languages too ("Arroz" as well as "Rice"),
	// but never at the expense of another item's default name.
	for (const r of rows) {
		for (const n of Object.values(fromDbJson(r.names, isStringRecord, {}))) {
			const key = `${nameKey(n)}|${r.size_key}`;
			if (!names.has(key)) names.set(key, r.id);
		}
	}
	for (const r of rows) {
		names.set(`${r.name_key}|${r.size_key}`, r.id);
		if (r.barcode !== null) barcodes.set(r.barcode, r.id);
		if (r.starter_code !== null) starters.add(r.starter_code);
	}
	return { names, barcodes, starters, archived };
}

// ── Kits ──────────────────────────────────────────────────────────────────────────────────

export interface KitRow {
	id: string;
	networkId: string;
	name: string;
	description: string;
	archived: boolean;
	lines: { itemId: string; quantity: number }[];
}

export async function insertKit(
	db: Executor,
	id: string,
	networkId: string,
	k: { name: string; nameKey: string; description: string },
	now: Date
): Promise<void> {
	await db
		.insertInto('stock_kits')
		.values({ id, network_id: networkId, name: k.name, name_key: k.nameKey, description: k.description, created_at: toDbTime(now), updated_at: toDbTime(now) })
		.execute();
}

export async function updateKit(db: Executor, id: string, k: { name: string; nameKey: string; description: string }, now: Date): Promise<void> {
	await db
		.updateTable('stock_kits')
		.set({ name: k.name, name_key: k.nameKey, description: k.description, updated_at: toDbTime(now) })
		.where('id', '=', id)
		.execute();
}

export async function setKitArchived(db: Executor, id: string, archived: boolean, now: Date): Promise<void> {
	await db
		.updateTable('stock_kits')
		.set({ archived_at: archived ? toDbTime(now) : null, updated_at: toDbTime(now) })
		.where('id', '=', id)
		.execute();
}

export async function kitNameTaken(db: Executor, networkId: string, nameKey: string, exceptId: string | null): Promise<boolean> {
	let q = db.selectFrom('stock_kits').select('id').where('network_id', '=', networkId).where('name_key', '=', nameKey);
	if (exceptId !== null) q = q.where('id', '!=', exceptId);
	return (await q.executeTakeFirst()) !== undefined;
}

/** Sets one line of a kit; a quantity of 0 removes it. */
export async function setKitLine(db: Executor, kitId: string, itemId: string, quantity: number): Promise<void> {
	if (quantity === 0) {
		await db.deleteFrom('stock_kit_lines').where('kit_id', '=', kitId).where('item_id', '=', itemId).execute();
		return;
	}
	await db
		.insertInto('stock_kit_lines')
		.values({ kit_id: kitId, item_id: itemId, quantity })
		.onConflict((oc) => oc.columns(['kit_id', 'item_id']).doUpdateSet({ quantity }))
		.execute();
}

export async function listKits(db: Executor, networkId: string, opts: { includeArchived: boolean; ids?: readonly string[] }): Promise<KitRow[]> {
	let q = db.selectFrom('stock_kits').select(['id', 'network_id', 'name', 'description', 'archived_at']).where('network_id', '=', networkId);
	if (!opts.includeArchived) q = q.where('archived_at', 'is', null);
	if (opts.ids !== undefined) {
		if (opts.ids.length === 0) return [];
		q = q.where('id', 'in', [...opts.ids]);
	}
	const kits = await q.orderBy('name_key').execute();
	if (kits.length === 0) return [];
	const lines = await db
		.selectFrom('stock_kit_lines')
		.innerJoin('stock_items', 'stock_items.id', 'stock_kit_lines.item_id')
		.select(['stock_kit_lines.kit_id', 'stock_kit_lines.item_id', 'stock_kit_lines.quantity'])
		.where(
			'stock_kit_lines.kit_id',
			'in',
			kits.map((k) => k.id)
		)
		.orderBy('stock_items.category')
		.orderBy('stock_items.name_key')
		.execute();
	return kits.map((k) => ({
		id: k.id,
		networkId: k.network_id,
		name: k.name,
		description: k.description,
		archived: fromDbTimeOrNull(k.archived_at) !== null,
		lines: lines.filter((l) => l.kit_id === k.id).map((l) => ({ itemId: l.item_id, quantity: fromDbCount(l.quantity) }))
	}));
}

export async function findKit(db: Executor, networkId: string, id: string): Promise<KitRow | undefined> {
	return (await listKits(db, networkId, { includeArchived: true, ids: [id] }))[0];
}

// ── Drives and events ─────────────────────────────────────────────────────────────────────

export interface DriveRow {
	id: string;
	name: string;
	kind: string;
}

export async function insertDrive(db: Executor, id: string, networkId: string, d: { name: string; nameKey: string; kind: string }, now: Date): Promise<void> {
	await db
		.insertInto('stock_drives')
		.values({ id, network_id: networkId, name: d.name, name_key: d.nameKey, kind: d.kind, created_at: toDbTime(now) })
		.execute();
}

export async function listDrives(db: Executor, networkId: string): Promise<DriveRow[]> {
	return db.selectFrom('stock_drives').select(['id', 'name', 'kind']).where('network_id', '=', networkId).orderBy('name_key').execute();
}

export async function findDrive(db: Executor, networkId: string, id: string): Promise<DriveRow | undefined> {
	return db.selectFrom('stock_drives').select(['id', 'name', 'kind']).where('network_id', '=', networkId).where('id', '=', id).executeTakeFirst();
}

export async function driveNameTaken(db: Executor, networkId: string, nameKey: string): Promise<boolean> {
	return (
		(await db.selectFrom('stock_drives').select('id').where('network_id', '=', networkId).where('name_key', '=', nameKey).executeTakeFirst()) !== undefined
	);
}

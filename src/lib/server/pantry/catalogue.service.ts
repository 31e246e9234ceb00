import { nameKey, STARTER_CATALOGUE, type ItemCategory } from '$lib/domain/pantry-catalogue';
import { checkHours, parseHoursText, type OpeningHours } from '$lib/domain/recurrence';
import type { Ctx } from '../context';
import { fromDbJson, newId, toDbJson } from '../db/conventions';
import { isUniqueViolation, type Executor } from '../db/index';
import { ServiceError } from '../errors';
import type { NetworkAccess } from '../networks/networks.service';
import { requireAllowed, type Actor } from '../policy/policy';
import * as repo from './catalogue.repository';
import type { DriveInput, ItemInput, KitInput, LocationInput } from './pantry.schema';

export type LocationRow = repo.LocationRow;
export type ItemRow = repo.ItemRow;
export type KitRow = repo.KitRow;
export type DriveRow = repo.DriveRow;
export const ITEM_PAGE_SIZE = 50;

const NO_HOURS: OpeningHours = { weekly: [], exceptions: [] };

function isHours(v: unknown): v is OpeningHours {
	return typeof v === 'object' && v !== null && 'weekly' in v && 'exceptions' in v && Array.isArray(v.weekly) && Array.isArray(v.exceptions);
}

/** A place's opening hours as stored (an unreadable value shows as "no hours" rather than break a page). */
export function hoursOf(l: LocationRow): OpeningHours {
	return fromDbJson(l.hoursJson, isHours, NO_HOURS);
}

export function userOf(actor: Actor): string {
	if (actor.userId === null) throw new ServiceError('signed_out', undefined, 401);
	return actor.userId;
}

// ── Places ────────────────────────────────────────────────────────────────────────────────

function locationWrite(input: LocationInput): repo.LocationWrite {
	const parsed = parseHoursText(input.hoursWeekly, input.hoursExceptions);
	if (!parsed.ok) throw new ServiceError('hours_invalid', parsed.weeklyLines.length > 0 ? 'hoursWeekly' : 'hoursExceptions');
	const problems = checkHours(parsed.hours);
	const first = problems[0];
	if (first !== undefined)
		throw new ServiceError(
			first.code === 'end_before_start' ? 'end_before_start' : 'hours_invalid',
			first.part === 'weekly' ? 'hoursWeekly' : 'hoursExceptions'
		);
	return {
		name: input.name,
		nameKey: nameKey(input.name),
		kind: input.kind,
		address: input.address,
		isPrivate: input.isPrivate,
		hoursJson: toDbJson(parsed.hours)
	};
}

/** Places of the network that members see (archived ones only when asked, for stewards). */
export async function listLocations(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	opts: { includeArchived: boolean } = { includeArchived: false }
): Promise<LocationRow[]> {
	requireAllowed(actor, 'pantry.view', access.resource);
	return repo.listLocations(ctx.db, access.network.id, opts);
}

export async function getLocation(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string): Promise<LocationRow> {
	requireAllowed(actor, 'pantry.view', access.resource);
	const l = await repo.findLocation(ctx.db, access.network.id, id);
	if (!l) throw new ServiceError('not_found', undefined, 404);
	return l;
}

/** A steward adds a pantry, closet, storage room or car. */
export async function createLocation(ctx: Ctx, actor: Actor, access: NetworkAccess, input: LocationInput): Promise<{ id: string }> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const w = locationWrite(input);
	const id = newId(ctx.now());
	try {
		await repo.insertLocation(ctx.db, id, access.network.id, w, ctx.now());
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('location_name_taken', 'name', 409);
		throw e;
	}
	return { id };
}

export async function updateLocation(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string, input: LocationInput): Promise<void> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	await getLocation(ctx, actor, access, id);
	const w = locationWrite(input);
	try {
		await repo.updateLocation(ctx.db, id, w, ctx.now());
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('location_name_taken', 'name', 409);
		throw e;
	}
}

/** Archiving hides a place from pickers; its ledger stays, and it can come back. */
export async function setLocationArchived(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string, archived: boolean): Promise<void> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	await getLocation(ctx, actor, access, id);
	await repo.setLocationArchived(ctx.db, id, archived, ctx.now());
}

/** A usable place for a new record: it exists in the network and is not archived. */
export async function activeLocation(db: Executor, networkId: string, id: string, field: string): Promise<LocationRow> {
	const l = await repo.findLocation(db, networkId, id);
	if (!l) throw new ServiceError('location_unknown', field);
	if (l.archived) throw new ServiceError('archived', field, 409);
	return l;
}

// ── Items ─────────────────────────────────────────────────────────────────────────────────

function itemWrite(input: ItemInput, languages: readonly string[], starterCode: string | null = null): repo.ItemWrite {
	const names: Record<string, string> = {};
	for (const l of languages) {
		const n = input.names[l];
		if (n !== undefined && n !== '') names[l] = n;
	}
	const first = languages[0];
	if (first !== undefined && names[first] === undefined) names[first] = input.name;
	return {
		name: input.name,
		nameKey: nameKey(input.name),
		names,
		category: input.category,
		unit: input.unit,
		size: input.size,
		sizeKey: input.size === null ? '' : nameKey(input.size),
		barcode: input.barcode,
		minLevel: input.minLevel,
		starterCode
	};
}

async function checkItemUnique(db: Executor, networkId: string, w: repo.ItemWrite, exceptId: string | null): Promise<void> {
	if (await repo.itemNameTaken(db, networkId, w.nameKey, w.sizeKey, exceptId)) throw new ServiceError('item_name_taken', 'name', 409);
	if (w.barcode !== null && (await repo.barcodeTaken(db, networkId, w.barcode, exceptId))) throw new ServiceError('barcode_taken', 'barcode', 409);
}

export interface ItemList {
	items: ItemRow[];
	total: number;
	page: number;
	pages: number;
}

/** The network's items, searched by any of their names or by barcode, a page at a time. */
export async function listItems(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	f: { search: string | null; category: ItemCategory | null; includeArchived: boolean },
	page: number
): Promise<ItemList> {
	requireAllowed(actor, 'pantry.view', access.resource);
	const filter = {
		search: f.search === null || f.search.trim() === '' ? null : f.search.trim().slice(0, 80),
		category: f.category,
		includeArchived: f.includeArchived
	};
	const [items, total] = await Promise.all([
		repo.listItems(ctx.db, access.network.id, filter, { limit: ITEM_PAGE_SIZE, offset: (page - 1) * ITEM_PAGE_SIZE }),
		repo.countItems(ctx.db, access.network.id, filter)
	]);
	return { items, total, page, pages: Math.max(1, Math.ceil(total / ITEM_PAGE_SIZE)) };
}

/** Every active item (for pickers, kit lines and tally buttons). */
export async function allItems(ctx: Ctx, actor: Actor, access: NetworkAccess): Promise<ItemRow[]> {
	requireAllowed(actor, 'pantry.view', access.resource);
	return repo.listAllItems(ctx.db, access.network.id);
}

export async function getItem(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string): Promise<ItemRow> {
	requireAllowed(actor, 'pantry.view', access.resource);
	const i = await repo.findItem(ctx.db, access.network.id, id);
	if (!i) throw new ServiceError('not_found', undefined, 404);
	return i;
}

export async function createItem(ctx: Ctx, actor: Actor, access: NetworkAccess, input: ItemInput): Promise<{ id: string }> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const w = itemWrite(input, access.network.languages);
	await checkItemUnique(ctx.db, access.network.id, w, null);
	const id = newId(ctx.now());
	try {
		await repo.insertItems(ctx.db, access.network.id, [{ id, item: w }], ctx.now());
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('item_name_taken', 'name', 409);
		throw e;
	}
	return { id };
}

export async function updateItem(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string, input: ItemInput): Promise<void> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const before = await getItem(ctx, actor, access, id);
	const w = {
		...itemWrite(input, access.network.languages, before.starterCode),
		names: { ...before.names, ...itemWrite(input, access.network.languages).names }
	};
	await checkItemUnique(ctx.db, access.network.id, w, id);
	try {
		await repo.updateItem(ctx.db, id, w, ctx.now());
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('item_name_taken', 'name', 409);
		throw e;
	}
}

/** Archived items leave pickers and lists; their history stays in the ledger. */
export async function setItemArchived(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string, archived: boolean): Promise<void> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	await getItem(ctx, actor, access, id);
	await repo.setItemArchived(ctx.db, id, archived, ctx.now());
}

/**
 * Adopts the starter catalogue in one step: every starter item the network does not have yet
 * (by starter code, or by the same name and size), named in each of the network's languages
 * that the catalogue knows. Adopting twice adds nothing the second time.
 */
export async function adoptStarterCatalogue(ctx: Ctx, actor: Actor, access: NetworkAccess): Promise<{ added: number }> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const languages = access.network.languages;
	const adopt = ctx.db.transaction().execute(async (trx) => {
		const have = await repo.itemKeys(trx, access.network.id);
		const now = ctx.now();
		const first = languages[0] ?? 'en';
		const fresh = STARTER_CATALOGUE.filter((s) => {
			const name = first === 'es' ? s.names.es : s.names.en;
			return !have.starters.has(s.code) && !have.names.has(`${nameKey(name)}|${s.size === null ? '' : nameKey(s.size)}`);
		}).map((s) => {
			const names: Record<string, string> = {};
			for (const l of languages) if (l === 'en' || l === 'es') names[l] = s.names[l];
			if (Object.keys(names).length === 0) names.en = s.names.en;
			const name = first === 'es' ? s.names.es : s.names.en;
			return {
				id: newId(now),
				item: {
					name,
					nameKey: nameKey(name),
					names,
					category: s.category,
					unit: s.unit,
					size: s.size,
					sizeKey: s.size === null ? '' : nameKey(s.size),
					barcode: null,
					minLevel: s.minLevel,
					starterCode: s.code
				}
			};
		});
		if (fresh.length === 0) throw new ServiceError('catalogue_adopted', undefined, 409);
		await repo.insertItems(trx, access.network.id, fresh, now);
		return { added: fresh.length };
	});
	try {
		return await adopt;
	} catch (e) {
		// Another adoption of the same items committed first (a second press of the button).
		if (isUniqueViolation(e)) throw new ServiceError('catalogue_adopted', undefined, 409);
		throw e;
	}
}

// ── Standard bags ─────────────────────────────────────────────────────────────────────────

export async function listKits(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	opts: { includeArchived: boolean } = { includeArchived: false }
): Promise<KitRow[]> {
	requireAllowed(actor, 'pantry.view', access.resource);
	return repo.listKits(ctx.db, access.network.id, opts);
}

export async function getKit(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string): Promise<KitRow> {
	requireAllowed(actor, 'pantry.view', access.resource);
	const k = await repo.findKit(ctx.db, access.network.id, id);
	if (!k) throw new ServiceError('not_found', undefined, 404);
	return k;
}

export async function createKit(ctx: Ctx, actor: Actor, access: NetworkAccess, input: KitInput): Promise<{ id: string }> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const id = newId(ctx.now());
	try {
		await repo.insertKit(ctx.db, id, access.network.id, { name: input.name, nameKey: nameKey(input.name), description: input.description }, ctx.now());
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('kit_name_taken', 'name', 409);
		throw e;
	}
	return { id };
}

export async function updateKit(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string, input: KitInput): Promise<void> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	await getKit(ctx, actor, access, id);
	if (await repo.kitNameTaken(ctx.db, access.network.id, nameKey(input.name), id)) throw new ServiceError('kit_name_taken', 'name', 409);
	await repo.updateKit(ctx.db, id, { name: input.name, nameKey: nameKey(input.name), description: input.description }, ctx.now());
}

/** Sets how many of an item one standard bag holds; 0 takes it out of the bag. */
export async function setKitLine(ctx: Ctx, actor: Actor, access: NetworkAccess, kitId: string, line: { itemId: string; quantity: number }): Promise<void> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	await getKit(ctx, actor, access, kitId);
	const item = await repo.findItem(ctx.db, access.network.id, line.itemId);
	if (!item) throw new ServiceError('item_unknown', 'itemId');
	if (item.archived && line.quantity > 0) throw new ServiceError('archived', 'itemId', 409);
	await repo.setKitLine(ctx.db, kitId, item.id, line.quantity);
}

export async function setKitArchived(ctx: Ctx, actor: Actor, access: NetworkAccess, id: string, archived: boolean): Promise<void> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	await getKit(ctx, actor, access, id);
	await repo.setKitArchived(ctx.db, id, archived, ctx.now());
}

/** A kit that can be given out: it exists, is not archived, and holds something. */
export async function usableKit(db: Executor, networkId: string, id: string, field: string): Promise<KitRow> {
	const k = await repo.findKit(db, networkId, id);
	if (!k) throw new ServiceError('kit_unknown', field);
	if (k.archived) throw new ServiceError('archived', field, 409);
	if (k.lines.length === 0) throw new ServiceError('kit_empty', field, 409);
	return k;
}

// ── Drives and events ─────────────────────────────────────────────────────────────────────

export async function listDrives(ctx: Ctx, actor: Actor, access: NetworkAccess): Promise<DriveRow[]> {
	requireAllowed(actor, 'pantry.view', access.resource);
	return repo.listDrives(ctx.db, access.network.id);
}

/** A collection event or a drive that donations can be counted towards, year after year. */
export async function createDrive(ctx: Ctx, actor: Actor, access: NetworkAccess, input: DriveInput): Promise<{ id: string }> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	if (await repo.driveNameTaken(ctx.db, access.network.id, nameKey(input.name))) throw new ServiceError('drive_name_taken', 'name', 409);
	const id = newId(ctx.now());
	try {
		await repo.insertDrive(ctx.db, id, access.network.id, { name: input.name, nameKey: nameKey(input.name), kind: input.kind }, ctx.now());
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('drive_name_taken', 'name', 409);
		throw e;
	}
	return { id };
}

export async function findDrive(db: Executor, networkId: string, id: string): Promise<DriveRow | undefined> {
	return repo.findDrive(db, networkId, id);
}

import type { WeeklySlot } from '$lib/domain/matching';
import { fromDbBool, fromDbCount, fromDbJson, fromDbTime, isStringArray, toDbJson, toDbTime } from '../db/conventions';
import type { Executor } from '../db/index';
import type { Selectable } from 'kysely';
import type { OffersTable } from '../db/schema';

export interface OfferRow {
	id: string;
	networkId: string;
	userId: string;
	category: string;
	description: string;
	areaIds: string[];
	availability: WeeklySlot[];
	capacityPerWeek: number | null;
	hasCar: boolean;
	languages: string[];
	status: 'active' | 'closed';
	createdAt: Date;
}

function isSlots(v: unknown): v is WeeklySlot[] {
	return (
		Array.isArray(v) &&
		v.every((s) => typeof s === 'object' && s !== null && ['day', 'startMinute', 'endMinute'].every((k) => typeof Reflect.get(s, k) === 'number'))
	);
}

function toOffer(r: Selectable<OffersTable>): OfferRow {
	return {
		id: r.id,
		networkId: r.network_id,
		userId: r.user_id,
		category: r.category,
		description: r.description,
		areaIds: fromDbJson(r.area_ids, isStringArray, []),
		availability: fromDbJson(r.availability, isSlots, []),
		capacityPerWeek: r.capacity_per_week === null ? null : fromDbCount(r.capacity_per_week),
		hasCar: fromDbBool(r.has_car),
		languages: fromDbJson(r.languages, isStringArray, []),
		status: r.status === 'active' ? 'active' : 'closed',
		createdAt: fromDbTime(r.created_at)
	};
}

export async function insertOffer(db: Executor, o: Omit<OfferRow, 'status' | 'createdAt'> & { now: Date }): Promise<void> {
	const now = toDbTime(o.now);
	await db
		.insertInto('offers')
		.values({
			id: o.id,
			network_id: o.networkId,
			user_id: o.userId,
			category: o.category,
			description: o.description,
			area_ids: toDbJson(o.areaIds),
			availability: toDbJson(o.availability),
			capacity_per_week: o.capacityPerWeek,
			has_car: o.hasCar,
			languages: toDbJson(o.languages),
			status: 'active',
			created_at: now,
			updated_at: now
		})
		.execute();
}

export async function findOffer(db: Executor, networkId: string, id: string): Promise<OfferRow | undefined> {
	const r = await db.selectFrom('offers').selectAll().where('network_id', '=', networkId).where('id', '=', id).executeTakeFirst();
	return r ? toOffer(r) : undefined;
}

export async function closeOffer(db: Executor, networkId: string, id: string, userId: string, now: Date): Promise<boolean> {
	const r = await db
		.updateTable('offers')
		.set({ status: 'closed', updated_at: toDbTime(now) })
		.where('network_id', '=', networkId)
		.where('id', '=', id)
		.where('user_id', '=', userId)
		.where('status', '=', 'active')
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export interface OfferQuery {
	networkId: string;
	category: string | null;
	areaId: string | null;
	language: string | null;
}

function offerWhere(db: Executor, f: OfferQuery) {
	let q = db.selectFrom('offers').where('network_id', '=', f.networkId).where('status', '=', 'active');
	if (f.category !== null) q = q.where('category', '=', f.category);
	if (f.areaId !== null) q = q.where('area_ids', 'like', `%"${f.areaId.replace(/[\\%_"]/g, '')}"%`);
	if (f.language !== null) q = q.where('languages', 'like', `%"${f.language.replace(/[\\%_"]/g, '')}"%`);
	return q;
}

/** Active offers for the board, newest first. */
export async function listActiveOffers(db: Executor, f: OfferQuery, page: { limit: number; offset: number }): Promise<OfferRow[]> {
	const rows = await offerWhere(db, f).selectAll().orderBy('created_at', 'desc').orderBy('id').limit(page.limit).offset(page.offset).execute();
	return rows.map(toOffer);
}

export async function countActiveOffers(db: Executor, f: OfferQuery): Promise<number> {
	const r = await offerWhere(db, f)
		.select((eb) => eb.fn.countAll().as('n'))
		.executeTakeFirstOrThrow();
	return fromDbCount(r.n as number | string);
}

/** Active offers of active members in a network, for matching: of one kind of help, or of one person. */
export async function listOffersForMatching(db: Executor, networkId: string, only: { category?: string; userId?: string } = {}): Promise<OfferRow[]> {
	let q = db
		.selectFrom('offers')
		.innerJoin('memberships', (j) => j.onRef('memberships.user_id', '=', 'offers.user_id').onRef('memberships.network_id', '=', 'offers.network_id'))
		.selectAll('offers')
		.where('offers.network_id', '=', networkId)
		.where('offers.status', '=', 'active')
		.where('memberships.status', '=', 'active');
	if (only.category !== undefined) q = q.where('offers.category', '=', only.category);
	if (only.userId !== undefined) q = q.where('offers.user_id', '=', only.userId);
	const rows = await q.execute();
	return rows.map(toOffer);
}

export async function listOffersOfUser(db: Executor, networkId: string, userId: string): Promise<OfferRow[]> {
	const rows = await db
		.selectFrom('offers')
		.selectAll()
		.where('network_id', '=', networkId)
		.where('user_id', '=', userId)
		.orderBy('status')
		.orderBy('created_at', 'desc')
		.limit(100)
		.execute();
	return rows.map(toOffer);
}

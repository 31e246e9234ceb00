import { sql } from 'kysely';
import { isAskStatus, type AskSource, type AskStatus } from '$lib/domain/asks';
import type { Urgency } from '$lib/domain/matching';
import { fromDbBool, fromDbCount, fromDbJson, fromDbTime, fromDbTimeOrNull, isStringArray, toDbJson, toDbTime } from '../db/conventions';
import type { Executor } from '../db/index';
import type { Selectable } from 'kysely';
import type { AsksTable } from '../db/schema';

/** An ask as stored. `privateEnc` is ciphertext; only asks.service reads it, through readPrivate. */
export interface AskRow {
	id: string;
	networkId: string;
	source: AskSource;
	requesterId: string | null;
	recordedById: string | null;
	category: string;
	description: string;
	quantity: string | null;
	householdSize: number | null;
	urgency: Urgency;
	neededBy: string | null;
	languages: string[];
	areaId: string | null;
	needsCar: boolean;
	pickupPoint: string | null;
	privateEnc: string | null;
	hasFollowLink: boolean;
	status: AskStatus;
	claimantId: string | null;
	claimedAt: Date | null;
	progressAt: Date | null;
	deliveredAt: Date | null;
	closedAt: Date | null;
	privatePurgedAt: Date | null;
	createdAt: Date;
	updatedAt: Date;
}

function asUrgency(v: string): Urgency {
	return v === 'today' || v === 'days' || v === 'week' ? v : 'whenever';
}

function asSource(v: string): AskSource {
	return v === 'on_behalf' || v === 'intake' ? v : 'self';
}

export function toAsk(r: Selectable<AsksTable>): AskRow {
	return {
		id: r.id,
		networkId: r.network_id,
		source: asSource(r.source),
		requesterId: r.requester_id,
		recordedById: r.recorded_by,
		category: r.category,
		description: r.description,
		quantity: r.quantity,
		householdSize: r.household_size === null ? null : fromDbCount(r.household_size),
		urgency: asUrgency(r.urgency),
		neededBy: r.needed_by,
		languages: fromDbJson(r.languages, isStringArray, []),
		areaId: r.area_id,
		needsCar: fromDbBool(r.needs_car),
		pickupPoint: r.pickup_point,
		privateEnc: r.private_enc,
		hasFollowLink: r.follow_token_hash !== null,
		status: isAskStatus(r.status) ? r.status : 'closed',
		claimantId: r.claimant_id,
		claimedAt: fromDbTimeOrNull(r.claimed_at),
		progressAt: fromDbTimeOrNull(r.progress_at),
		deliveredAt: fromDbTimeOrNull(r.delivered_at),
		closedAt: fromDbTimeOrNull(r.closed_at),
		privatePurgedAt: fromDbTimeOrNull(r.private_purged_at),
		createdAt: fromDbTime(r.created_at),
		updatedAt: fromDbTime(r.updated_at)
	};
}

export interface NewAsk {
	id: string;
	networkId: string;
	source: AskSource;
	requesterId: string | null;
	recordedById: string | null;
	category: string;
	description: string;
	quantity: string | null;
	householdSize: number | null;
	urgency: Urgency;
	urgencyRank: number;
	neededBy: string | null;
	languages: string[];
	areaId: string;
	needsCar: boolean;
	pickupPoint: string | null;
	privateEnc: string | null;
	followTokenHash: string | null;
	status: AskStatus;
	now: Date;
}

export async function insertAsk(db: Executor, a: NewAsk): Promise<void> {
	const now = toDbTime(a.now);
	await db
		.insertInto('asks')
		.values({
			id: a.id,
			network_id: a.networkId,
			source: a.source,
			requester_id: a.requesterId,
			recorded_by: a.recordedById,
			category: a.category,
			description: a.description,
			quantity: a.quantity,
			household_size: a.householdSize,
			urgency: a.urgency,
			urgency_rank: a.urgencyRank,
			needed_by: a.neededBy,
			languages: toDbJson(a.languages),
			area_id: a.areaId,
			needs_car: a.needsCar,
			pickup_point: a.pickupPoint,
			private_enc: a.privateEnc,
			follow_token_hash: a.followTokenHash,
			status: a.status,
			created_at: now,
			updated_at: now
		})
		.execute();
}

export async function findAsk(db: Executor, networkId: string, id: string): Promise<AskRow | undefined> {
	const r = await db.selectFrom('asks').selectAll().where('id', '=', id).where('network_id', '=', networkId).executeTakeFirst();
	return r ? toAsk(r) : undefined;
}

export async function findAskById(db: Executor, id: string): Promise<AskRow | undefined> {
	const r = await db.selectFrom('asks').selectAll().where('id', '=', id).executeTakeFirst();
	return r ? toAsk(r) : undefined;
}

/** Replaces an ask's status-code hash (null: no code opens it any more). */
export async function setFollowHash(db: Executor, askId: string, hash: string | null, now: Date): Promise<void> {
	await db
		.updateTable('asks')
		.set({ follow_token_hash: hash, updated_at: toDbTime(now) })
		.where('id', '=', askId)
		.execute();
}

export async function findAskByFollowHash(db: Executor, hash: string): Promise<AskRow | undefined> {
	const r = await db.selectFrom('asks').selectAll().where('follow_token_hash', '=', hash).executeTakeFirst();
	return r ? toAsk(r) : undefined;
}

export interface BoardQuery {
	networkId: string;
	statuses: readonly AskStatus[];
	category: string | null;
	areaId: string | null;
	urgency: Urgency | null;
	language: string | null;
	q: string | null;
}

/** LIKE with the person's text taken literally (%, _ and \ escaped). */
function likeContains(q: string): string {
	return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function boardWhere(db: Executor, f: BoardQuery) {
	let query = db
		.selectFrom('asks')
		.where('network_id', '=', f.networkId)
		.where('status', 'in', [...f.statuses]);
	if (f.category !== null) query = query.where('category', '=', f.category);
	if (f.areaId !== null) query = query.where('area_id', '=', f.areaId);
	if (f.urgency !== null) query = query.where('urgency', '=', f.urgency);
	// languages is a JSON array of short codes; the quoted code matches one entry exactly.
	if (f.language !== null) query = query.where('languages', 'like', likeContains(`"${f.language}"`));
	if (f.q !== null) query = query.where(sql<boolean>`lower(description) like ${likeContains(f.q)} escape '\\'`);
	return query;
}

/** Open asks for the board: most urgent first, then oldest first (waiting longest). */
export async function listBoardAsks(db: Executor, f: BoardQuery, page: { limit: number; offset: number }): Promise<AskRow[]> {
	const rows = await boardWhere(db, f).selectAll().orderBy('urgency_rank').orderBy('created_at').orderBy('id').limit(page.limit).offset(page.offset).execute();
	return rows.map(toAsk);
}

/**
 * How many asks match, counted up to `cap` (the board says "1,000 or more" beyond it): a count
 * that stops early stays fast however many asks a network has, and nobody pages past the cap.
 */
export async function countBoardAsks(db: Executor, f: BoardQuery, cap: number): Promise<number> {
	const r = await db
		.selectFrom(boardWhere(db, f).select('id').limit(cap).as('hits'))
		.select((eb) => eb.fn.countAll().as('n'))
		.executeTakeFirstOrThrow();
	return fromDbCount(r.n as number | string);
}

/** Asks one person is involved in, newest first: asked for themselves, recorded for someone, or claimed. */
export async function listAsksInvolving(
	db: Executor,
	networkId: string,
	userId: string,
	role: 'requester' | 'recorder' | 'claimant',
	limit: number
): Promise<AskRow[]> {
	const column = role === 'requester' ? 'requester_id' : role === 'recorder' ? 'recorded_by' : 'claimant_id';
	let q = db.selectFrom('asks').selectAll().where('network_id', '=', networkId).where(column, '=', userId);
	if (role === 'recorder') q = q.where('source', '=', 'on_behalf');
	const rows = await q.orderBy('created_at', 'desc').limit(limit).execute();
	return rows.map(toAsk);
}

/** What a step changes besides the status; undefined leaves a column as it is. */
export interface StepSet {
	status: AskStatus;
	claimantId?: string | null;
	claimedAt?: Date | null;
	progressAt?: Date | null;
	deliveredAt?: Date | null;
	closedAt?: Date | null;
}

/**
 * The one write that moves an ask: a conditional update that succeeds only while the ask is
 * still in one of `from` (and, when given, still claimed by `claimantId`). Two people pressing
 * the same button at the same moment: the database lets one update match and the other find
 * no row, so exactly one wins. Returns whether this call won.
 */
export async function applyStep(
	db: Executor,
	id: string,
	from: readonly AskStatus[],
	set: StepSet,
	now: Date,
	expect: { claimantId?: string; updatedBefore?: Date } = {}
): Promise<boolean> {
	const t = (d: Date | null | undefined) => (d === undefined ? undefined : d === null ? null : toDbTime(d));
	let q = db
		.updateTable('asks')
		.set({
			status: set.status,
			claimant_id: set.claimantId,
			claimed_at: t(set.claimedAt),
			progress_at: t(set.progressAt),
			delivered_at: t(set.deliveredAt),
			closed_at: t(set.closedAt),
			updated_at: toDbTime(now)
		})
		.where('id', '=', id)
		.where('status', 'in', [...from]);
	if (expect.claimantId !== undefined) q = q.where('claimant_id', '=', expect.claimantId);
	if (expect.updatedBefore !== undefined) q = q.where('progress_at', '<', toDbTime(expect.updatedBefore));
	const r = await q.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export interface AskEventRow {
	id: string;
	actorId: string | null;
	actorName: string | null;
	kind: string;
	fromStatus: string | null;
	toStatus: string;
	claimantId: string | null;
	claimantName: string | null;
	note: string | null;
	createdAt: Date;
}

export async function insertEvent(
	db: Executor,
	e: {
		id: string;
		askId: string;
		networkId: string;
		actorId: string | null;
		kind: string;
		fromStatus: AskStatus | null;
		toStatus: AskStatus;
		claimantId: string | null;
		note: string | null;
		now: Date;
	}
): Promise<void> {
	await db
		.insertInto('ask_events')
		.values({
			id: e.id,
			ask_id: e.askId,
			network_id: e.networkId,
			actor_id: e.actorId,
			kind: e.kind,
			from_status: e.fromStatus,
			to_status: e.toStatus,
			claimant_id: e.claimantId,
			note: e.note,
			created_at: toDbTime(e.now)
		})
		.execute();
}

export async function listEvents(db: Executor, askId: string): Promise<AskEventRow[]> {
	const rows = await db
		.selectFrom('ask_events')
		.leftJoin('users as actor', 'actor.id', 'ask_events.actor_id')
		.leftJoin('users as claimant', 'claimant.id', 'ask_events.claimant_id')
		.select([
			'ask_events.id',
			'ask_events.actor_id',
			'actor.display_name as actor_name',
			'ask_events.kind',
			'ask_events.from_status',
			'ask_events.to_status',
			'ask_events.claimant_id',
			'claimant.display_name as claimant_name',
			'ask_events.note',
			'ask_events.created_at'
		])
		.where('ask_events.ask_id', '=', askId)
		.orderBy('ask_events.created_at')
		.orderBy('ask_events.id')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		actorId: r.actor_id,
		actorName: r.actor_name,
		kind: r.kind,
		fromStatus: r.from_status,
		toStatus: r.to_status,
		claimantId: r.claimant_id,
		claimantName: r.claimant_name,
		note: r.note,
		createdAt: fromDbTime(r.created_at)
	}));
}

/**
 * Claims each person took in a network since `since` (claimed, handed to them, reassigned to
 * them). Grouped over the whole network rather than filtered by a list of people: a list of
 * tens of thousands of ids would pass the databases' limit on parameters.
 */
export async function countClaimsSince(db: Executor, networkId: string, since: Date): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	const rows = await db
		.selectFrom('ask_events')
		.select(['claimant_id', (eb) => eb.fn.countAll().as('n')])
		.where('network_id', '=', networkId)
		.where('kind', 'in', ['claim', 'hand_over', 'reassign'])
		.where('claimant_id', 'is not', null)
		.where('created_at', '>=', toDbTime(since))
		.groupBy('claimant_id')
		.execute();
	for (const r of rows) if (r.claimant_id !== null) out.set(r.claimant_id, fromDbCount(r.n as number | string));
	return out;
}

/**
 * Asks in `statuses` whose `column` is before `before`, oldest first, for the lifecycle sweeps;
 * `networks` narrows it to some networks (`only`) or leaves some out (`except`).
 */
export async function listAsksForSweep(
	db: Executor,
	statuses: readonly AskStatus[],
	column: 'progress_at' | 'delivered_at' | 'closed_at' | 'needed_by',
	before: string,
	limit: number,
	onlyWithPrivate = false,
	networks: { only?: readonly string[]; except?: readonly string[] } = {}
): Promise<AskRow[]> {
	if (networks.only !== undefined && networks.only.length === 0) return [];
	let q = db
		.selectFrom('asks')
		.selectAll()
		.where('status', 'in', [...statuses])
		.where(column, '<', before);
	if (onlyWithPrivate) q = q.where('private_purged_at', 'is', null);
	if (networks.only !== undefined) q = q.where('network_id', 'in', [...networks.only]);
	if (networks.except !== undefined && networks.except.length > 0) q = q.where('network_id', 'not in', [...networks.except]);
	const rows = await q.orderBy(column).limit(limit).execute();
	return rows.map(toAsk);
}

/**
 * Erases an ask's private part and the free-text notes of its events, keeping the anonymous
 * facts. Conditional on the ask still being finished, so a purge never races a reopening.
 */
export async function purgePrivate(db: Executor, id: string, finished: readonly AskStatus[], now: Date): Promise<boolean> {
	const r = await db
		.updateTable('asks')
		.set({ private_enc: null, follow_token_hash: null, private_purged_at: toDbTime(now), updated_at: toDbTime(now) })
		.where('id', '=', id)
		.where('status', 'in', [...finished])
		.where('private_purged_at', 'is', null)
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) !== 1) return false;
	await db.updateTable('ask_events').set({ note: null }).where('ask_id', '=', id).execute();
	return true;
}

/** Who viewed an ask's private part, newest first. */
export async function listAskAccess(db: Executor, askId: string, limit = 100) {
	const rows = await db
		.selectFrom('access_log')
		.leftJoin('users', 'users.id', 'access_log.actor_id')
		.select(['access_log.id', 'access_log.purpose', 'access_log.created_at', 'users.display_name'])
		.where('access_log.resource', '=', 'asks')
		.where('access_log.resource_id', '=', askId)
		.orderBy('access_log.created_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ id: r.id, purpose: r.purpose, at: fromDbTime(r.created_at), viewerName: r.display_name }));
}

/** Display names of active members, by id (for suggestions and hand-over lists). */
export async function memberNames(db: Executor, networkId: string, userIds: readonly string[]): Promise<Map<string, string>> {
	const out = new Map<string, string>();
	if (userIds.length === 0) return out;
	const rows = await db
		.selectFrom('memberships')
		.innerJoin('users', 'users.id', 'memberships.user_id')
		.select(['users.id', 'users.display_name'])
		.where('memberships.network_id', '=', networkId)
		.where('memberships.status', '=', 'active')
		.where('users.id', 'in', [...userIds])
		.execute();
	for (const r of rows) out.set(r.id, r.display_name);
	return out;
}

export async function listStewardIds(db: Executor, networkId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('memberships')
		.select('user_id')
		.where('network_id', '=', networkId)
		.where('status', '=', 'active')
		.where('role', 'in', ['steward', 'admin'])
		.execute();
	return rows.map((r) => r.user_id);
}

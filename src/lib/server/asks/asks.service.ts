import { z } from 'zod';
import {
	allowedActions,
	CLAIMED_STATUSES,
	FINISHED_STATUSES,
	mayTake,
	NEEDS_NOTE,
	NEEDS_TARGET,
	privateAccess,
	statusAfter,
	TRANSITIONS,
	URGENCY_RANK,
	type AskAction,
	type AskFacts,
	type AskSource,
	type AskStatus,
	type AskViewer
} from '$lib/domain/asks';
import { localDay } from '$lib/domain/days';
import { findSensitive, type SensitiveKind } from '$lib/domain/sensitive-text';
import { hitRateLimit } from '../auth/sessions.repository';
import { hmacHex, newHumanCode, normaliseHumanCode, sha256Hex } from '../auth/tokens';
import type { Ctx } from '../context';
import { newId, toDbJson, toDbTime } from '../db/conventions';
import { flushErased, type Executor } from '../db/index';
import { ServiceError } from '../errors';
import { findMembership } from '../members/members.repository';
import type { NetworkAccess } from '../networks/networks.service';
import { areaNameOf, pageFrom } from '../networks/networks.service';
import { listAllAreas } from '../networks/networks.repository';
import { notify } from '../notify/notify.service';
import { authorize, requireAllowed, type Actor } from '../policy/policy';
import { readPrivate, sealPrivate } from '../privacy/private-fields';
import { categoryParam, DEFAULT_AID_SETTINGS, getAidSettings, listAidSettings, type AidSettings, type Category } from './aid-settings';
import * as repo from './asks.repository';
import { SENSITIVE_CHECKED_FIELDS, type AskInput, type BoardFilter, type IntakeInput, type TransitionInput } from './asks.schema';
import { asksForVolunteer, notifySuggestions, suggestionsForAsk } from './suggestions';

export { pageFrom };
export const BOARD_PAGE_SIZE = 20;
/**
 * The board counts matching asks up to this many and pages through at most these: past a
 * thousand open asks, people narrow by area or kind of help rather than read page 51, and a
 * bounded count stays fast however large the network grows (docs/PERFORMANCE.md).
 */
export const BOARD_COUNT_CAP = 1000;
const HOUR = 3_600_000;
/** Public-form asks a network accepts per hour, so a script cannot bury the stewards. */
export const INTAKE_PER_HOUR = 30;

/** The private part of an ask: sealed as one value, shown only through `revealPrivate`. */
export interface AskPrivate {
	contactName: string | null;
	address: string | null;
	phone: string | null;
	accessNotes: string | null;
}

const privateShape = z.object({
	contactName: z.string().nullable(),
	address: z.string().nullable(),
	phone: z.string().nullable(),
	accessNotes: z.string().nullable()
});

const PRIVATE_REF = { resource: 'asks', field: 'private' } as const;

/** Thrown when free text holds what should not be written down; the form shows the kinds and asks again. */
export class SensitiveTextError extends ServiceError {
	constructor(public readonly kinds: SensitiveKind[]) {
		super('sensitive_unconfirmed', 'confirmSensitive', 422);
	}
}

function isSteward(access: NetworkAccess): boolean {
	return access.membership?.status === 'active' && (access.membership.role === 'steward' || access.membership.role === 'admin');
}

function viewerOf(access: NetworkAccess): AskViewer {
	if (access.actorId === null) throw new ServiceError('signed_out', undefined, 401);
	return { kind: 'member', userId: access.actorId, isSteward: isSteward(access) };
}

function factsOf(a: repo.AskRow): AskFacts {
	return {
		status: a.status,
		requesterId: a.requesterId,
		recordedById: a.recordedById,
		claimantId: a.claimantId,
		deliveredAt: a.deliveredAt,
		privatePurged: a.privatePurgedAt !== null || a.privateEnc === null
	};
}

function areaName(access: NetworkAccess, areaId: string | null): string {
	return areaNameOf(access, areaId);
}

/** Checks the parts of an ask that depend on the network: its categories, areas, and dates. */
function checkAgainstNetwork(ctx: Ctx, access: NetworkAccess, settings: AidSettings, input: AskInput): void {
	if (!settings.categories.some((c) => c.code === input.category)) throw new ServiceError('invalid_choice', 'category');
	if (!access.areas.some((a) => a.id === input.area)) throw new ServiceError('invalid_choice', 'area');
	if (input.neededBy !== null && input.neededBy < localDay(ctx.now())) throw new ServiceError('date_in_past', 'neededBy');
	if (!input.confirmSensitive) {
		const kinds = findSensitive(...SENSITIVE_CHECKED_FIELDS.map((f) => input[f]));
		if (kinds.length > 0) throw new SensitiveTextError(kinds);
	}
}

function sealedPrivate(ctx: Ctx, input: AskInput): string | null {
	const p: AskPrivate = { contactName: input.contactName, address: input.address, phone: input.phone, accessNotes: input.accessNotes };
	if (Object.values(p).every((v) => v === null)) return null;
	return sealPrivate(ctx, PRIVATE_REF, toDbJson(p));
}

async function insertNewAsk(
	ctx: Ctx,
	trx: Executor,
	access: NetworkAccess,
	settings: AidSettings,
	input: AskInput,
	who: { source: AskSource; requesterId: string | null; recordedById: string | null; status: 'open' | 'review'; followTokenHash: string | null }
): Promise<repo.AskRow> {
	const now = ctx.now();
	const id = newId(now);
	await repo.insertAsk(trx, {
		id,
		networkId: access.network.id,
		source: who.source,
		requesterId: who.requesterId,
		recordedById: who.recordedById,
		category: input.category,
		description: input.description,
		quantity: input.quantity,
		householdSize: input.householdSize,
		urgency: input.urgency,
		urgencyRank: URGENCY_RANK[input.urgency],
		neededBy: input.neededBy,
		languages: input.languages,
		areaId: input.area,
		needsCar: input.needsCar,
		pickupPoint: input.pickupPoint,
		privateEnc: sealedPrivate(ctx, input),
		followTokenHash: who.followTokenHash,
		status: who.status,
		now
	});
	await repo.insertEvent(trx, {
		id: newId(now),
		askId: id,
		networkId: access.network.id,
		actorId: who.recordedById ?? who.requesterId,
		kind: 'created',
		fromStatus: null,
		toStatus: who.status,
		claimantId: null,
		note: null,
		now
	});
	const row = await repo.findAsk(trx, access.network.id, id);
	if (!row) throw new Error('ask vanished inside its own transaction');
	// The steward who recorded it is not told about it as a volunteer.
	const exclude = who.recordedById === null ? [] : [who.recordedById];
	if (row.status === 'open') await notifySuggestions(ctx, trx, access.network, settings, row, areaName(access, row.areaId), exclude);
	return row;
}

export interface CreatedAsk {
	id: string;
	/** The status code for a neighbour without an account (see newFollowCode); shown once, only its keyed hash is kept. */
	followCode: string | null;
}

/* ------------------------------------------------------------------ status codes */

/**
 * A family's status code: four groups of four letters and digits (`k7mq-3xte-9pvh-2dfa`, 31
 * symbols without 0/o or 1/l/i, about 79 bits), short enough to read aloud or copy onto paper,
 * far too many to guess. It is the key to the family's status page (`/follow/<code>`); only its
 * keyed hash is kept, so a copy of the database opens no status page.
 */
export const FOLLOW_CODE_GROUPS = 4;
const FOLLOW_CODE_SHAPE = /^[a-hjkmnp-z2-9]{4}(?:-[a-hjkmnp-z2-9]{4}){3}$/;

function newFollowCode(): string {
	return newHumanCode(FOLLOW_CODE_GROUPS);
}

/** The code in its one written form (lower case, dashes), if what was typed or linked has its shape. */
export function followCodeOf(input: string): string | null {
	if (input.length > 64) return null;
	const code = normaliseHumanCode(input);
	return FOLLOW_CODE_SHAPE.test(code) ? code : null;
}

function followCodeHash(ctx: Pick<Ctx, 'secrets'>, code: string): string {
	return hmacHex(ctx.secrets.hmacKey, 'follow-code', code);
}

/** The stored hash a code or an older 43-character status link would have, or null for neither. */
function followHashOf(ctx: Pick<Ctx, 'secrets'>, token: string): string | null {
	const code = followCodeOf(token);
	if (code !== null) return followCodeHash(ctx, code);
	// Links made before status codes: a random token, hashed without a key.
	return token.length >= 20 && token.length <= 100 ? sha256Hex(token) : null;
}

/**
 * A member asks for themselves (`self`), or a steward records an ask for a neighbour without
 * an account (`on_behalf`, with a status link to hand them). Open at once; the best-placed
 * volunteers are told in the same transaction.
 */
export async function createAsk(ctx: Ctx, actor: Actor, access: NetworkAccess, input: AskInput, mode: 'self' | 'on_behalf'): Promise<CreatedAsk> {
	requireAllowed(actor, mode === 'self' ? 'network.member' : 'network.steward', access.resource);
	const userId = actor.userId;
	if (userId === null) throw new ServiceError('signed_out', undefined, 401);
	const settings = await getAidSettings(ctx.db, access.network.id);
	checkAgainstNetwork(ctx, access, settings, input);
	const followCode = mode === 'on_behalf' ? newFollowCode() : null;
	const row = await ctx.db.transaction().execute((trx) =>
		insertNewAsk(ctx, trx, access, settings, input, {
			source: mode,
			requesterId: mode === 'self' ? userId : null,
			recordedById: mode === 'on_behalf' ? userId : null,
			status: 'open',
			followTokenHash: followCode === null ? null : followCodeHash(ctx, followCode)
		})
	);
	return { id: row.id, followCode };
}

/**
 * The public form: someone without an account asks. The ask waits for a steward's review
 * (stewards are told), and the person gets a status link. A hidden field catches simple bots
 * and a per-network hourly limit stops floods; no IP address is used or kept.
 */
export async function submitIntake(ctx: Ctx, access: NetworkAccess, input: IntakeInput): Promise<CreatedAsk> {
	requireAllowed({ userId: null, isInstanceAdmin: false }, 'network.intake', access.resource);
	const settings = await getAidSettings(ctx.db, access.network.id);
	if (!settings.intakeEnabled) throw new ServiceError('intake_closed', undefined, 403);
	if (input.website) throw new ServiceError('invalid', undefined, 400);
	if (input.phone === null && input.address === null) throw new ServiceError('contact_required', 'phone');
	checkAgainstNetwork(ctx, access, settings, input);
	const now = ctx.now();
	const count = await hitRateLimit(ctx.db, `intake:${access.network.id}`, now, new Date(now.getTime() - HOUR));
	if (count > INTAKE_PER_HOUR) throw new ServiceError('intake_busy', undefined, 429);
	const followCode = newFollowCode();
	const row = await ctx.db.transaction().execute(async (trx) => {
		const created = await insertNewAsk(ctx, trx, access, settings, input, {
			source: 'intake',
			requesterId: null,
			recordedById: null,
			status: 'review',
			followTokenHash: followCodeHash(ctx, followCode)
		});
		for (const stewardId of await repo.listStewardIds(trx, access.network.id)) {
			await notify(ctx, trx, {
				userId: stewardId,
				networkId: access.network.id,
				kind: 'intake_waiting',
				params: { network: access.network.name, category: categoryParam(settings.categories, created.category) },
				link: `/n/${access.network.slug}/asks/${created.id}`,
				dedupeKey: `intake_waiting:${created.id}:${stewardId}`
			});
		}
		return created;
	});
	return { id: row.id, followCode };
}

/** What anyone who may see the board sees of an ask: what is needed, the coarse area, how old. Never who. */
export interface AskCard {
	id: string;
	category: string;
	description: string;
	quantity: string | null;
	householdSize: number | null;
	urgency: repo.AskRow['urgency'];
	neededBy: string | null;
	languages: string[];
	areaName: string;
	needsCar: boolean;
	pickupPoint: string | null;
	status: AskStatus;
	createdAt: Date;
}

export function toCard(access: NetworkAccess, a: repo.AskRow): AskCard {
	return {
		id: a.id,
		category: a.category,
		description: a.description,
		quantity: a.quantity,
		householdSize: a.householdSize,
		urgency: a.urgency,
		neededBy: a.neededBy,
		languages: a.languages,
		areaName: areaName(access, a.areaId),
		needsCar: a.needsCar,
		pickupPoint: a.pickupPoint,
		status: a.status,
		createdAt: a.createdAt
	};
}

export interface BoardPage {
	items: AskCard[];
	/** Matching asks, counted up to BOARD_COUNT_CAP. */
	total: number;
	/** More than BOARD_COUNT_CAP match: narrow the filters to see the rest. */
	more: boolean;
	page: number;
	pageCount: number;
}

/** Open asks on the board (stewards can also list those waiting for review), filtered and paged. */
export async function listBoard(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	filter: BoardFilter,
	askedPage: number,
	which: 'open' | 'review' = 'open'
): Promise<BoardPage> {
	requireAllowed(actor, which === 'open' ? 'network.member' : 'network.steward', access.resource);
	const page = Math.min(askedPage, BOARD_COUNT_CAP / BOARD_PAGE_SIZE);
	const query: repo.BoardQuery = {
		networkId: access.network.id,
		statuses: [which],
		category: filter.category,
		areaId: filter.area,
		urgency: filter.urgency,
		language: filter.language,
		q: filter.q
	};
	const [rows, total] = await Promise.all([
		repo.listBoardAsks(ctx.db, query, { limit: BOARD_PAGE_SIZE, offset: (page - 1) * BOARD_PAGE_SIZE }),
		repo.countBoardAsks(ctx.db, query, BOARD_COUNT_CAP + 1)
	]);
	const capped = Math.min(total, BOARD_COUNT_CAP);
	return {
		items: rows.map((r) => toCard(access, r)),
		total: capped,
		more: total > BOARD_COUNT_CAP,
		page,
		pageCount: Math.max(1, Math.ceil(capped / BOARD_PAGE_SIZE))
	};
}

/** A member's own asks, the asks they recorded for others, and their claims. */
export async function listMine(ctx: Ctx, actor: Actor, access: NetworkAccess) {
	requireAllowed(actor, 'network.member', access.resource);
	const userId = actor.userId ?? '';
	const [asked, recorded, claimed] = await Promise.all([
		repo.listAsksInvolving(ctx.db, access.network.id, userId, 'requester', 50),
		repo.listAsksInvolving(ctx.db, access.network.id, userId, 'recorder', 50),
		repo.listAsksInvolving(ctx.db, access.network.id, userId, 'claimant', 50)
	]);
	return {
		asked: asked.map((a) => toCard(access, a)),
		recorded: recorded.map((a) => toCard(access, a)),
		claimed: claimed.filter((a) => CLAIMED_STATUSES.includes(a.status) || a.status === 'delivered').map((a) => toCard(access, a))
	};
}

/** Open asks suited to the member's offers. */
export async function listMatchesForMe(ctx: Ctx, actor: Actor, access: NetworkAccess) {
	requireAllowed(actor, 'network.member', access.resource);
	const open = await repo.listBoardAsks(
		ctx.db,
		{ networkId: access.network.id, statuses: ['open'], category: null, areaId: null, urgency: null, language: null, q: null },
		{ limit: 500, offset: 0 }
	);
	const r = await asksForVolunteer(ctx, ctx.db, access.network.id, actor.userId ?? '', open);
	return { hasOffers: r.hasOffers, matches: r.matches.map((m) => ({ card: toCard(access, m.ask), score: m.score, reasons: m.reasons })) };
}

/**
 * Whether a member may know this ask exists: open asks are on the board; anything else is the
 * business of the people involved and stewards. Others get the same 404 as for a made-up id,
 * so a step or a reveal never tells them an ask's state.
 */
function visibleTo(ask: repo.AskRow, viewer: AskViewer): boolean {
	if (viewer.kind !== 'member') return false;
	if (viewer.isSteward || ask.requesterId === viewer.userId || ask.recordedById === viewer.userId || ask.claimantId === viewer.userId) return true;
	return ask.status === 'open';
}

async function loadAsk(ctx: Ctx, db: Executor, access: NetworkAccess, askId: string): Promise<repo.AskRow> {
	const ask = /^[0-9a-f-]{36}$/.test(askId) ? await repo.findAsk(db, access.network.id, askId) : undefined;
	if (!ask) throw new ServiceError('not_found', undefined, 404);
	return ask;
}

export interface AskDetail {
	card: AskCard;
	source: AskSource;
	role: { requester: boolean; recorder: boolean; claimant: boolean; steward: boolean };
	actions: AskAction[];
	/** Whether the viewer may press "show the address" now. */
	canReveal: boolean;
	/** Whether there is a private part at all (false once purged). */
	hasPrivate: boolean;
	purged: boolean;
	claimantName: string | null;
	claimedAt: Date | null;
	deliveredAt: Date | null;
	closedAt: Date | null;
	revealUntil: Date | null;
	/** The history, for the people involved and stewards; null for others. */
	events: repo.AskEventRow[] | null;
	/** Who viewed the private part, for the person who asked and stewards; null for others. */
	accessLog: Awaited<ReturnType<typeof repo.listAskAccess>> | null;
}

/**
 * One ask as `actor` may see it. Members see the card; the people involved (who asked, who
 * recorded it, who claimed it) and stewards also see its history; the person who asked and
 * stewards see who viewed the private part. Asks waiting for review are for stewards only.
 */
export async function getAskDetail(ctx: Ctx, actor: Actor, access: NetworkAccess, askId: string): Promise<AskDetail> {
	requireAllowed(actor, 'network.member', access.resource);
	const viewer = viewerOf(access);
	if (viewer.kind !== 'member') throw new ServiceError('forbidden', undefined, 403);
	const ask = await loadAsk(ctx, ctx.db, access, askId);
	const role = {
		requester: ask.requesterId === viewer.userId,
		recorder: ask.recordedById === viewer.userId,
		claimant: ask.claimantId === viewer.userId,
		steward: viewer.isSteward
	};
	const involved = role.requester || role.recorder || role.claimant || role.steward;
	if (ask.status === 'review' && !role.steward && !role.requester) throw new ServiceError('not_found', undefined, 404);
	// A finished ask is nobody's business but the people involved.
	if (!involved && ask.status !== 'open') throw new ServiceError('not_found', undefined, 404);
	const settings = await getAidSettings(ctx.db, access.network.id);
	const facts = factsOf(ask);
	const reveal = privateAccess(facts, viewer, ctx.now(), settings.revealGraceHours);
	const [events, accessLog] = await Promise.all([
		involved ? repo.listEvents(ctx.db, ask.id) : Promise.resolve(null),
		role.requester || role.steward ? repo.listAskAccess(ctx.db, ask.id) : Promise.resolve(null)
	]);
	const names = ask.claimantId !== null && involved ? await repo.memberNames(ctx.db, access.network.id, [ask.claimantId]) : new Map<string, string>();
	return {
		card: toCard(access, ask),
		source: ask.source,
		role,
		actions: allowedActions(facts, viewer),
		canReveal: reveal !== null,
		hasPrivate: ask.privateEnc !== null,
		purged: ask.privatePurgedAt !== null,
		claimantName: ask.claimantId === null ? null : (names.get(ask.claimantId) ?? null),
		claimedAt: involved ? ask.claimedAt : null,
		deliveredAt: involved ? ask.deliveredAt : null,
		closedAt: involved ? ask.closedAt : null,
		revealUntil: role.claimant && ask.deliveredAt !== null ? new Date(ask.deliveredAt.getTime() + settings.revealGraceHours * HOUR) : null,
		events,
		accessLog
	};
}

function parsePrivate(text: string | null): AskPrivate {
	const parsed = privateShape.safeParse(text === null ? null : JSON.parse(text));
	return parsed.success ? parsed.data : { contactName: null, address: null, phone: null, accessNotes: null };
}

/**
 * Shows the private part to someone allowed to see it now (the claimant during the claim and the
 * grace period after delivery, stewards, the person who asked), through readPrivate, so every
 * view by anyone but the person who asked leaves an access-log row they can read. Anyone else
 * gets 403 and nothing is decrypted.
 */
export async function revealPrivate(ctx: Ctx, actor: Actor, access: NetworkAccess, askId: string): Promise<AskPrivate> {
	requireAllowed(actor, 'network.member', access.resource);
	const viewer = viewerOf(access);
	const ask = await loadAsk(ctx, ctx.db, access, askId);
	if (!visibleTo(ask, viewer)) throw new ServiceError('not_found', undefined, 404);
	const settings = await getAidSettings(ctx.db, access.network.id);
	const why = privateAccess(factsOf(ask), viewer, ctx.now(), settings.revealGraceHours);
	if (why === null || ask.privateEnc === null || viewer.kind !== 'member') throw new ServiceError('private_not_visible', undefined, 403);
	const text = await readPrivate(
		ctx,
		ctx.db,
		viewer.userId,
		{ ...PRIVATE_REF, resourceId: ask.id, ownerId: ask.requesterId, networkId: access.network.id },
		ask.privateEnc,
		why === 'claimant' ? 'delivery' : why === 'steward' ? 'coordination' : 'own ask'
	);
	return parsePrivate(text);
}

function stepSet(action: AskAction, ask: repo.AskRow, actorId: string, targetId: string | null, now: Date): repo.StepSet {
	const to = statusAfter(action, ask.status);
	switch (action) {
		case 'claim':
			return { status: to, claimantId: actorId, claimedAt: now, progressAt: now };
		case 'reassign':
		case 'hand_over':
			return { status: to, claimantId: targetId, claimedAt: now, progressAt: now };
		case 'release':
		case 'could_not_deliver':
			return { status: to, claimantId: null, claimedAt: null, progressAt: null };
		case 'pick_up':
			return { status: to, progressAt: now };
		case 'deliver':
			return { status: to, deliveredAt: now, progressAt: now };
		case 'confirm':
		case 'cancel':
			return { status: to, closedAt: now };
		case 'approve':
			return { status: to };
	}
}

/** The claimant after the step (for the event and fairness counts). */
function claimantAfter(set: repo.StepSet, ask: repo.AskRow): string | null {
	return set.claimantId === undefined ? ask.claimantId : set.claimantId;
}

/**
 * Takes one step in an ask's life. Rules first (who may, from which status, with what note or
 * person), then one conditional update inside a transaction: if someone else moved the ask in
 * the meantime the update matches nothing and the answer is 409 (`already_claimed` for a claim
 * someone else won), with nothing written. The step, the event and the notifications it causes
 * are one transaction.
 */
export async function takeStep(ctx: Ctx, actor: Actor, access: NetworkAccess, askId: string, input: TransitionInput): Promise<{ status: AskStatus }> {
	requireAllowed(actor, 'network.member', access.resource);
	const viewer = viewerOf(access);
	if (viewer.kind !== 'member') throw new ServiceError('forbidden', undefined, 403);
	const action = input.action;
	const ask = await loadAsk(ctx, ctx.db, access, askId);
	// A volunteer who just lost a claim race still sees the ask (it was open when they loaded it).
	if (!visibleTo(ask, viewer) && !(action === 'claim' && CLAIMED_STATUSES.includes(ask.status))) throw new ServiceError('not_found', undefined, 404);
	const facts = factsOf(ask);
	if (!TRANSITIONS[action].from.includes(ask.status)) {
		throw new ServiceError(action === 'claim' && CLAIMED_STATUSES.includes(ask.status) ? 'already_claimed' : 'ask_status_changed', undefined, 409);
	}
	if (action === 'claim' && ask.requesterId === viewer.userId) throw new ServiceError('own_ask', undefined, 403);
	if (!mayTake(action, facts, viewer)) throw new ServiceError('forbidden', undefined, 403);
	if (NEEDS_NOTE.includes(action) && input.note === null) throw new ServiceError('note_required', 'note');
	let targetId: string | null = null;
	if (NEEDS_TARGET.includes(action)) {
		if (input.targetUserId === null) throw new ServiceError('target_required', 'targetUserId');
		const target = await findMembership(ctx.db, access.network.id, input.targetUserId);
		if (!target || target.status !== 'active' || input.targetUserId === ask.requesterId || input.targetUserId === ask.claimantId) {
			throw new ServiceError('target_not_member', 'targetUserId');
		}
		targetId = input.targetUserId;
	}
	const now = ctx.now();
	const settings = await getAidSettings(ctx.db, access.network.id);
	return ctx.db.transaction().execute(async (trx) => {
		// Steps allowed only by the steward role (approve, reassign, or a step on someone else's
		// claim) re-read that role where it counts: the page loaded it a moment ago.
		if (!mayTake(action, facts, { ...viewer, isSteward: false })) {
			// The role was read when the page loaded; read it again where it counts.
			const me = await findMembership(trx, access.network.id, viewer.userId);
			if (!me || me.status !== 'active' || (me.role !== 'steward' && me.role !== 'admin')) throw new ServiceError('forbidden', undefined, 403);
		}
		const set = stepSet(action, ask, viewer.userId, targetId, now);
		// Steps on a claim hold only while the claim is the one this decision was made about.
		const expect = CLAIMED_STATUSES.includes(ask.status) && ask.claimantId !== null ? { claimantId: ask.claimantId } : {};
		const won = await repo.applyStep(trx, ask.id, [ask.status], set, now, expect);
		if (!won) {
			const fresh = await repo.findAsk(trx, access.network.id, ask.id);
			const lostClaim = action === 'claim' && fresh !== undefined && CLAIMED_STATUSES.includes(fresh.status);
			throw new ServiceError(lostClaim ? 'already_claimed' : 'ask_status_changed', undefined, 409);
		}
		await repo.insertEvent(trx, {
			id: newId(now),
			askId: ask.id,
			networkId: access.network.id,
			actorId: viewer.userId,
			kind: action,
			fromStatus: ask.status,
			toStatus: set.status,
			claimantId: claimantAfter(set, ask),
			note: input.note,
			now
		});
		await afterStep(ctx, trx, access, settings, ask, action, set, viewer.userId);
		return { status: set.status };
	});
}

/** Who hears about a step, inside its transaction. Notifications never carry private details. */
async function afterStep(
	ctx: Ctx,
	trx: Executor,
	access: NetworkAccess,
	settings: AidSettings,
	before: repo.AskRow,
	action: AskAction | 'claim_expired',
	set: repo.StepSet,
	actorId: string | null
): Promise<void> {
	const network = access.network;
	const link = `/n/${network.slug}/asks/${before.id}`;
	const params = { category: categoryParam(settings.categories, before.category), network: network.name };
	const tell = async (userId: string | null, kind: 'ask_claimed' | 'ask_delivered' | 'ask_assigned' | 'ask_reopened' | 'claim_expired', key: string) => {
		if (userId === null || userId === actorId) return;
		await notify(ctx, trx, { userId, networkId: network.id, kind, params, link, dedupeKey: `${kind}:${before.id}:${userId}:${key}` });
	};
	const stamp = ctx.now().getTime().toString(36);
	switch (action) {
		case 'claim':
			await tell(before.requesterId, 'ask_claimed', stamp);
			await tell(before.recordedById, 'ask_claimed', stamp);
			break;
		case 'deliver':
			await tell(before.requesterId, 'ask_delivered', stamp);
			await tell(before.recordedById, 'ask_delivered', stamp);
			break;
		case 'hand_over':
		case 'reassign':
			await tell(set.claimantId ?? null, 'ask_assigned', stamp);
			if (action === 'reassign') await tell(before.claimantId, 'ask_reopened', stamp);
			break;
		case 'approve':
		case 'release':
		case 'could_not_deliver':
		case 'claim_expired': {
			if (action !== 'approve') {
				await tell(before.requesterId, 'ask_reopened', stamp);
				await tell(before.recordedById, 'ask_reopened', stamp);
			}
			if (action === 'claim_expired') await tell(before.claimantId, 'claim_expired', stamp);
			const reopened = await repo.findAsk(trx, network.id, before.id);
			if (reopened) {
				const exclude = before.claimantId === null ? [] : [before.claimantId];
				await notifySuggestions(ctx, trx, network, settings, reopened, areaName(access, reopened.areaId), exclude);
			}
			break;
		}
		default:
			break;
	}
}

/** Suggestions for stewards: who is best placed to help with this ask, and why. */
export async function suggestForAsk(ctx: Ctx, actor: Actor, access: NetworkAccess, askId: string) {
	requireAllowed(actor, 'network.steward', access.resource);
	const ask = await loadAsk(ctx, ctx.db, access, askId);
	return suggestionsForAsk(ctx, ctx.db, ask, ask.claimantId ? [ask.claimantId] : [], 10);
}

export function canSeeSuggestions(actor: Actor, access: NetworkAccess): boolean {
	return authorize(actor, 'network.steward', access.resource);
}

export function categoryExists(categories: Category[], code: string): boolean {
	return categories.some((c) => c.code === code);
}

/* ------------------------------------------------------------------ the family's status link */

export interface FollowView {
	networkName: string;
	networkSlug: string;
	category: string;
	categories: Category[];
	areaName: string;
	status: AskStatus;
	createdAt: Date;
	deliveredAt: Date | null;
	canConfirm: boolean;
	canCancel: boolean;
	/** The code in its written form (null for a status link from before codes). */
	code: string | null;
	/** The languages the family asked to be helped in, theirs first: the slip is printed in the first one. */
	languages: string[];
	/** Who viewed the private part and when (names of members, never more). */
	accessLog: Awaited<ReturnType<typeof repo.listAskAccess>>;
}

async function askByFollowToken(ctx: Ctx, db: Executor, token: string): Promise<repo.AskRow> {
	const hash = followHashOf(ctx, token);
	const ask = hash === null ? undefined : await repo.findAskByFollowHash(db, hash);
	if (!ask) throw new ServiceError('not_found', undefined, 404);
	return ask;
}

/**
 * What a neighbour without an account sees through their status link: the state of their ask
 * and who has viewed their details. The link stops working when the private part is purged.
 */
export async function followView(ctx: Ctx, token: string): Promise<FollowView> {
	const ask = await askByFollowToken(ctx, ctx.db, token);
	const network = await ctx.db.selectFrom('networks').select(['name', 'slug']).where('id', '=', ask.networkId).executeTakeFirstOrThrow();
	const area = ask.areaId === null ? undefined : await ctx.db.selectFrom('areas').select('name').where('id', '=', ask.areaId).executeTakeFirst();
	const settings = await getAidSettings(ctx.db, ask.networkId);
	return {
		networkName: network.name,
		networkSlug: network.slug,
		category: ask.category,
		categories: settings.categories,
		areaName: area?.name ?? '',
		status: ask.status,
		createdAt: ask.createdAt,
		deliveredAt: ask.deliveredAt,
		canConfirm: mayTake('confirm', factsOf(ask), { kind: 'follow_link' }),
		canCancel: ['review', 'open'].includes(ask.status),
		code: followCodeOf(token),
		languages: ask.languages,
		accessLog: await repo.listAskAccess(ctx.db, ask.id)
	};
}

/** Wrong codes typed into one network's lookup form per hour before it answers "too many". */
export const FOLLOW_LOOKUP_WRONG_PER_HOUR = 300;

/**
 * A family types its code into the network's "check on my ask" form. A right code always opens
 * the status page, however many wrong ones were tried, so the limit cannot be used to lock
 * families out; what keeps guessing impractical is the code's size (about 79 bits). Wrong codes
 * are counted per network, and past the limit are answered "too many tries" (and logged once an
 * hour), so a flood is cheap to answer and seen.
 */
export async function followLookup(ctx: Ctx, access: NetworkAccess, typed: string): Promise<{ code: string }> {
	requireAllowed({ userId: null, isInstanceAdmin: false }, 'network.view', access.resource);
	const code = followCodeOf(typed);
	if (code === null) throw new ServiceError('follow_code_format', 'code');
	const ask = await repo.findAskByFollowHash(ctx.db, followCodeHash(ctx, code));
	if (ask && ask.networkId === access.network.id) return { code };
	const now = ctx.now();
	const wrong = await hitRateLimit(ctx.db, `follow-lookup:${access.network.id}`, now, new Date(now.getTime() - HOUR));
	if (wrong === FOLLOW_LOOKUP_WRONG_PER_HOUR + 1)
		ctx.log.warn('many wrong status codes typed for one network', { network: access.network.slug, perHour: FOLLOW_LOOKUP_WRONG_PER_HOUR });
	if (wrong > FOLLOW_LOOKUP_WRONG_PER_HOUR) throw new ServiceError('follow_lookup_busy', 'code', 429);
	throw new ServiceError('follow_code_unknown', 'code');
}

/**
 * A steward gives a family a new status code (the old one was lost, or seen by someone it should
 * not have been): the old code stops working at once. Only for asks made without an account
 * whose details are still kept (the code ends when they are erased).
 */
export async function reissueFollowCode(ctx: Ctx, actor: Actor, access: NetworkAccess, askId: string): Promise<{ code: string }> {
	requireAllowed(actor, 'network.steward', access.resource);
	const ask = await repo.findAsk(ctx.db, access.network.id, askId);
	if (!ask) throw new ServiceError('not_found', undefined, 404);
	if (ask.source === 'self' || ask.privatePurgedAt !== null) throw new ServiceError('ask_status_changed', undefined, 409);
	const code = newFollowCode();
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await repo.setFollowHash(trx, ask.id, followCodeHash(ctx, code), now);
		await repo.insertEvent(trx, {
			id: newId(now),
			askId: ask.id,
			networkId: ask.networkId,
			actorId: actor.userId,
			kind: 'follow_reissued',
			fromStatus: ask.status,
			toStatus: ask.status,
			claimantId: ask.claimantId,
			note: null,
			now
		});
	});
	return { code };
}

/** The family ends its status code from the status page: from then on it opens nothing. */
export async function endFollowCode(ctx: Ctx, token: string): Promise<{ networkSlug: string }> {
	const ask = await askByFollowToken(ctx, ctx.db, token);
	const now = ctx.now();
	await ctx.db.transaction().execute(async (trx) => {
		await repo.setFollowHash(trx, ask.id, null, now);
		await repo.insertEvent(trx, {
			id: newId(now),
			askId: ask.id,
			networkId: ask.networkId,
			actorId: null,
			kind: 'follow_ended',
			fromStatus: ask.status,
			toStatus: ask.status,
			claimantId: ask.claimantId,
			note: null,
			now
		});
	});
	const network = await ctx.db.selectFrom('networks').select('slug').where('id', '=', ask.networkId).executeTakeFirstOrThrow();
	return { networkSlug: network.slug };
}

/** The neighbour confirms the delivery arrived, or withdraws an ask nobody has taken yet. */
export async function followStep(ctx: Ctx, token: string, action: 'confirm' | 'cancel'): Promise<{ status: AskStatus }> {
	const ask = await askByFollowToken(ctx, ctx.db, token);
	const allowed = action === 'confirm' ? mayTake('confirm', factsOf(ask), { kind: 'follow_link' }) : ['review', 'open'].includes(ask.status);
	if (!allowed) throw new ServiceError('ask_status_changed', undefined, 409);
	const now = ctx.now();
	return ctx.db.transaction().execute(async (trx) => {
		const set: repo.StepSet = { status: action === 'confirm' ? 'closed' : 'cancelled', closedAt: now };
		if (!(await repo.applyStep(trx, ask.id, [ask.status], set, now))) throw new ServiceError('ask_status_changed', undefined, 409);
		await repo.insertEvent(trx, {
			id: newId(now),
			askId: ask.id,
			networkId: ask.networkId,
			actorId: null,
			kind: action === 'confirm' ? 'confirm_by_link' : 'cancel_by_link',
			fromStatus: ask.status,
			toStatus: set.status,
			claimantId: ask.claimantId,
			note: null,
			now
		});
		return { status: set.status };
	});
}

/* ------------------------------------------------------------------ the lifecycle sweeps */

export interface LifecycleResult {
	claimsExpired: number;
	asksExpired: number;
	autoClosed: number;
	purged: number;
}

const SWEEP_BATCH = 500;

/**
 * Networks grouped by one of their limits: one group per value a network chose, and the defaults
 * for everyone else. Each group is swept with its own cutoff, so every ask a sweep lists is due,
 * and a network with a short limit is never starved behind a batch of another network's asks
 * that are old but not yet due.
 */
function sweepGroups(
	custom: ReadonlyMap<string, AidSettings>,
	pick: (s: AidSettings) => number
): { limit: number; networks: { only?: string[]; except?: string[] } }[] {
	const usual = pick(DEFAULT_AID_SETTINGS);
	const byLimit = new Map<number, string[]>();
	for (const [networkId, s] of custom) {
		const limit = pick(s);
		if (limit !== usual) byLimit.set(limit, [...(byLimit.get(limit) ?? []), networkId]);
	}
	const others = [...byLimit.values()].flat();
	return [{ limit: usual, networks: { except: others } }, ...[...byLimit].map(([limit, only]) => ({ limit, networks: { only } }))];
}

/**
 * Time-driven steps, run by the scheduler every few minutes (and by tests with a set clock):
 * claims with no progress go back to open (the claimant is told and the next suggestions are
 * notified); open asks past their needed-by date expire; deliveries nobody confirmed close;
 * and finished asks lose their private part after the network's retention period. Each step
 * is the same conditional update people use, so a sweep never overrides someone's last-second
 * action, and several processes can sweep at once.
 */
export async function runAskLifecycle(ctx: Ctx, options: { networkId?: string } = {}): Promise<LifecycleResult> {
	const now = ctx.now();
	const custom = await listAidSettings(ctx.db);
	// One network only (npm run lifecycle -- --network): every group is narrowed to it.
	const narrow = (networks: { only?: string[]; except?: string[] }): { only?: string[]; except?: string[] } => {
		if (options.networkId === undefined) return networks;
		const id = options.networkId;
		const inGroup = networks.only !== undefined ? networks.only.includes(id) : !(networks.except ?? []).includes(id);
		return { only: inGroup ? [id] : [] };
	};
	const settingsOf = (networkId: string): AidSettings => custom.get(networkId) ?? { ...DEFAULT_AID_SETTINGS };
	const result: LifecycleResult = { claimsExpired: 0, asksExpired: 0, autoClosed: 0, purged: 0 };

	// 1. Claims with no progress.
	for (const group of sweepGroups(custom, (s) => s.claimExpiryHours)) {
		const claimCutoff = new Date(now.getTime() - group.limit * HOUR);
		for (const ask of await repo.listAsksForSweep(ctx.db, CLAIMED_STATUSES, 'progress_at', toDbTime(claimCutoff), SWEEP_BATCH, false, narrow(group.networks))) {
			const settings = settingsOf(ask.networkId);
			const cutoff = new Date(now.getTime() - settings.claimExpiryHours * HOUR);
			if (ask.progressAt === null || ask.progressAt >= cutoff || ask.claimantId === null) continue;
			const done = await ctx.db.transaction().execute(async (trx) => {
				const set: repo.StepSet = { status: 'open', claimantId: null, claimedAt: null, progressAt: null };
				if (!(await repo.applyStep(trx, ask.id, [ask.status], set, now, { claimantId: ask.claimantId ?? '', updatedBefore: cutoff }))) return false;
				await repo.insertEvent(trx, {
					id: newId(now),
					askId: ask.id,
					networkId: ask.networkId,
					actorId: null,
					kind: 'claim_expired',
					fromStatus: ask.status,
					toStatus: 'open',
					claimantId: null,
					note: null,
					now
				});
				const access = await systemAccess(trx, ask.networkId);
				await afterStep(ctx, trx, access, settings, ask, 'claim_expired', set, null);
				return true;
			});
			if (done) result.claimsExpired++;
		}
	}

	// 2. Open asks (and unreviewed ones) past their needed-by date.
	for (const ask of await repo.listAsksForSweep(ctx.db, ['open', 'review'], 'needed_by', localDay(now), SWEEP_BATCH, false, narrow({}))) {
		const done = await ctx.db.transaction().execute(async (trx) => {
			const set: repo.StepSet = { status: 'expired', closedAt: now };
			if (!(await repo.applyStep(trx, ask.id, [ask.status], set, now))) return false;
			await repo.insertEvent(trx, {
				id: newId(now),
				askId: ask.id,
				networkId: ask.networkId,
				actorId: null,
				kind: 'expire',
				fromStatus: ask.status,
				toStatus: 'expired',
				claimantId: null,
				note: null,
				now
			});
			return true;
		});
		if (done) result.asksExpired++;
	}

	// 3. Deliveries nobody confirmed.
	for (const group of sweepGroups(custom, (s) => s.autoCloseHours)) {
		const closeCutoff = new Date(now.getTime() - group.limit * HOUR);
		for (const ask of await repo.listAsksForSweep(ctx.db, ['delivered'], 'delivered_at', toDbTime(closeCutoff), SWEEP_BATCH, false, narrow(group.networks))) {
			const cutoff = new Date(now.getTime() - settingsOf(ask.networkId).autoCloseHours * HOUR);
			if (ask.deliveredAt === null || ask.deliveredAt >= cutoff) continue;
			const done = await ctx.db.transaction().execute(async (trx) => {
				const set: repo.StepSet = { status: 'closed', closedAt: now };
				if (!(await repo.applyStep(trx, ask.id, ['delivered'], set, now))) return false;
				await repo.insertEvent(trx, {
					id: newId(now),
					askId: ask.id,
					networkId: ask.networkId,
					actorId: null,
					kind: 'auto_close',
					fromStatus: 'delivered',
					toStatus: 'closed',
					claimantId: ask.claimantId,
					note: null,
					now
				});
				return true;
			});
			if (done) result.autoClosed++;
		}
	}

	// 4. Retention: the private part of finished asks.
	for (const group of sweepGroups(custom, (s) => s.retentionDays)) {
		const purgeCutoff = new Date(now.getTime() - group.limit * 24 * HOUR);
		for (const ask of await repo.listAsksForSweep(ctx.db, FINISHED_STATUSES, 'closed_at', toDbTime(purgeCutoff), SWEEP_BATCH, true, narrow(group.networks))) {
			const cutoff = new Date(now.getTime() - settingsOf(ask.networkId).retentionDays * 24 * HOUR);
			if (ask.closedAt === null || ask.closedAt >= cutoff) continue;
			const done = await ctx.db.transaction().execute(async (trx) => {
				if (!(await repo.purgePrivate(trx, ask.id, FINISHED_STATUSES, now))) return false;
				await repo.insertEvent(trx, {
					id: newId(now),
					askId: ask.id,
					networkId: ask.networkId,
					actorId: null,
					kind: 'purge',
					fromStatus: ask.status,
					toStatus: ask.status,
					claimantId: null,
					note: null,
					now
				});
				return true;
			});
			if (done) result.purged++;
		}
	}
	if (result.purged > 0) await flushErased(ctx.db, ctx.dialect);
	return result;
}

/** The network as the sweeps see it: no actor, the areas for notification texts. */
async function systemAccess(db: Executor, networkId: string): Promise<NetworkAccess> {
	const network = await db.selectFrom('networks').selectAll().where('id', '=', networkId).executeTakeFirstOrThrow();
	const all = await listAllAreas(db, networkId);
	const areas = all.filter((a) => !a.archived).map(({ id, name }) => ({ id, name }));
	const archivedAreas = all.filter((a) => a.archived).map(({ id, name }) => ({ id, name }));
	return {
		actorId: null,
		network: {
			id: network.id,
			slug: network.slug,
			name: network.name,
			description: network.description,
			languages: [],
			joinPolicy: network.join_policy,
			createdAt: new Date(0)
		},
		areas,
		archivedAreas,
		membership: null,
		resource: { kind: 'network', networkId, membership: null }
	};
}

import { localDay } from '$lib/domain/days';
import { parseAmount } from '$lib/domain/money';
import { CLAIMED_STATUSES } from '$lib/domain/asks';
import { itemName } from '$lib/domain/pantry-catalogue';
import { correctionLines, countDifference, kitContents, levelDrift, mergeLines, shortfalls, type Line, type Shortfall } from '$lib/domain/stock';
import { findAsk } from '../asks/asks.repository';
import type { Ctx } from '../context';
import { fromDbJson, newId } from '../db/conventions';
import { isUniqueViolation, type Executor } from '../db/index';
import { ServiceError } from '../errors';
import type { NetworkAccess } from '../networks/networks.service';
import { authorize, requireAllowed, type Actor } from '../policy/policy';
import * as catalogue from './catalogue.repository';
import { activeLocation, findDrive, usableKit, userOf } from './catalogue.service';
import type { AdjustInput, CountInput, DonationInput, TallyStartInput, TransferInput } from './pantry.schema';
import * as repo from './stock.repository';

export type BatchRow = repo.BatchRow;
export type DonationRow = repo.DonationRow;
export type LevelRow = repo.LevelRow;
export const LEDGER_PAGE_SIZE = 30;

/** What is short, item by item, in the reader's words. */
export interface ShortItem extends Shortfall {
	name: string;
	unit: string;
	size: string | null;
}

/**
 * Taking out more than a place holds. Nothing was written; the person may look at what is short
 * and confirm an override (which the batch records), or record less.
 */
export class InsufficientStockError extends ServiceError {
	constructor(public readonly short: ShortItem[]) {
		super('insufficient_stock', 'override', 409);
	}
}

function isStringRecord(v: unknown): v is Record<string, string> {
	return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** An item's name from the stored names JSON, in `locale`. */
export function storedName(namesJson: string, fallback: string, locale: string): string {
	const names = fromDbJson(namesJson, isStringRecord, {});
	return Object.keys(names).length === 0 ? fallback : itemName(names, locale);
}

/** Items of the network, each active, for lines that move stock. */
async function activeItems(db: Executor, networkId: string, lines: readonly Line[], field: string): Promise<Map<string, catalogue.ItemRow>> {
	const items = await catalogue.findItems(
		db,
		networkId,
		lines.map((l) => l.itemId)
	);
	const byId = new Map(items.map((i) => [i.id, i]));
	for (const l of lines) {
		const item = byId.get(l.itemId);
		if (!item) throw new ServiceError('item_unknown', field);
		if (item.archived) throw new ServiceError('archived', field, 409);
	}
	return byId;
}

export interface BatchSpec extends Omit<repo.BatchWrite, 'override' | 'now' | 'networkId'> {
	lines: repo.MovementWrite[];
}

/**
 * Writes one batch inside `trx`: every level it touches changes by conditional update (in a fixed
 * order, so two batches never wait on each other in a circle), then the batch and its movements.
 * When a line would take a place below zero and `override` is false, it throws
 * InsufficientStockError and the caller's transaction rolls back, so nothing half-happens.
 */
export async function writeBatch(ctx: Ctx, trx: Executor, networkId: string, spec: BatchSpec, override: boolean, locale: string): Promise<string> {
	const now = ctx.now();
	const lines = [...spec.lines].sort((a, b) =>
		a.locationId === b.locationId ? (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0) : a.locationId < b.locationId ? -1 : 1
	);
	const failed: repo.MovementWrite[] = [];
	let wentNegative = false;
	for (const l of lines) {
		if (l.quantity === 0) continue;
		const after = await repo.changeLevel(trx, { networkId, locationId: l.locationId, itemId: l.itemId, delta: l.quantity, allowNegative: override, now });
		if (after === null) failed.push(l);
		else if (after < 0) wentNegative = true;
	}
	if (failed.length > 0) {
		const byPlace = new Map<string, repo.MovementWrite[]>();
		for (const f of failed) byPlace.set(f.locationId, [...(byPlace.get(f.locationId) ?? []), f]);
		const short: ShortItem[] = [];
		const items = new Map(
			(
				await catalogue.findItems(
					trx,
					networkId,
					failed.map((f) => f.itemId)
				)
			).map((i) => [i.id, i])
		);
		for (const [place, fs] of byPlace) {
			const levels = await repo.levelsAt(
				trx,
				place,
				fs.map((f) => f.itemId)
			);
			for (const s of shortfalls(
				fs.map((f) => ({ itemId: f.itemId, quantity: -f.quantity })),
				levels
			)) {
				const item = items.get(s.itemId);
				short.push({ ...s, name: item ? itemName(item.names, locale) || item.name : s.itemId, unit: item?.unit ?? 'piece', size: item?.size ?? null });
			}
		}
		throw new InsufficientStockError(short);
	}
	return repo.insertBatch(trx, { ...spec, networkId, override: override && wentNegative, now }, lines);
}

// ── Levels ────────────────────────────────────────────────────────────────────────────────

/** What one place holds, item by item (levels below zero after an override show as they are). */
export async function stockAt(ctx: Ctx, actor: Actor, access: NetworkAccess, locationId: string): Promise<LevelRow[]> {
	requireAllowed(actor, 'pantry.view', access.resource);
	return repo.stockAt(ctx.db, access.network.id, locationId);
}

export interface StockOverview {
	places: { id: string; name: string; kind: string; isPrivate: boolean; units: number; items: number }[];
	low: { itemId: string; name: string; namesJson: string; category: string; unit: string; size: string | null; minLevel: number; quantity: number }[];
	itemCount: number;
}

/** Every place with what it holds in all, and every item at or below its warning level across the network. */
export async function stockOverview(ctx: Ctx, actor: Actor, access: NetworkAccess): Promise<StockOverview> {
	requireAllowed(actor, 'pantry.view', access.resource);
	const networkId = access.network.id;
	const [places, byPlace, totals, items] = await Promise.all([
		catalogue.listLocations(ctx.db, networkId, { includeArchived: false }),
		repo.totalsByLocation(ctx.db, networkId),
		repo.totalsByItem(ctx.db, networkId),
		catalogue.listAllItems(ctx.db, networkId)
	]);
	return {
		places: places.map((p) => ({
			id: p.id,
			name: p.name,
			kind: p.kind,
			isPrivate: p.isPrivate,
			units: byPlace.get(p.id)?.units ?? 0,
			items: byPlace.get(p.id)?.items ?? 0
		})),
		low: items.flatMap((i) => {
			const q = totals.get(i.id) ?? 0;
			return i.minLevel !== null && q <= i.minLevel
				? [
						{
							itemId: i.id,
							name: i.name,
							namesJson: JSON.stringify(i.names),
							category: i.category,
							unit: i.unit,
							size: i.size,
							minLevel: i.minLevel,
							quantity: q
						}
					]
				: [];
		}),
		itemCount: items.length
	};
}

// ── Donations and tally mode ──────────────────────────────────────────────────────────────

async function checkDrive(db: Executor, networkId: string, driveId: string | null): Promise<void> {
	if (driveId !== null && !(await findDrive(db, networkId, driveId))) throw new ServiceError('invalid_choice', 'driveId');
}

function estimatedValue(text: string | null, locale: string): number | null {
	if (text === null) return null;
	const r = parseAmount(text, 2, locale);
	if (!r.ok) throw new ServiceError(r.code, 'estimatedValue');
	return r.minor;
}

/** Records things given at once: where, when, from what source, which items and how many. */
export async function recordDonation(ctx: Ctx, actor: Actor, access: NetworkAccess, input: DonationInput, locale: string): Promise<{ id: string }> {
	requireAllowed(actor, 'pantry.record', access.resource);
	const userId = userOf(actor);
	const networkId = access.network.id;
	if (input.receivedOn > localDay(ctx.now())) throw new ServiceError('date_in_future', 'receivedOn');
	const value = estimatedValue(input.estimatedValue, locale);
	const lines = mergeLines(input.lines);
	return ctx.db.transaction().execute(async (trx) => {
		const place = await activeLocation(trx, networkId, input.locationId, 'locationId');
		await checkDrive(trx, networkId, input.driveId);
		await activeItems(trx, networkId, lines, 'lines');
		const id = newId(ctx.now());
		await repo.insertDonation(trx, {
			id,
			networkId,
			locationId: place.id,
			receivedOn: input.receivedOn,
			source: input.source,
			driveId: input.driveId,
			donorName: input.donorName,
			estimatedValueMinor: value,
			note: input.note,
			mode: 'form',
			status: 'closed',
			recordedBy: userId,
			now: ctx.now()
		});
		await writeBatch(
			ctx,
			trx,
			networkId,
			{
				kind: 'donation',
				locationId: place.id,
				donationId: id,
				actorId: userId,
				occurredOn: input.receivedOn,
				lines: lines.map((l) => ({ locationId: place.id, itemId: l.itemId, kind: 'donation', quantity: l.quantity }))
			},
			false,
			locale
		);
		return { id };
	});
}

/** Opens a tally: a donation counted tap by tap at an event or drop-off, dated today. */
export async function startTally(ctx: Ctx, actor: Actor, access: NetworkAccess, input: TallyStartInput): Promise<{ id: string }> {
	requireAllowed(actor, 'pantry.record', access.resource);
	const userId = userOf(actor);
	const networkId = access.network.id;
	const place = await activeLocation(ctx.db, networkId, input.locationId, 'locationId');
	await checkDrive(ctx.db, networkId, input.driveId);
	const id = newId(ctx.now());
	await repo.insertDonation(ctx.db, {
		id,
		networkId,
		locationId: place.id,
		receivedOn: localDay(ctx.now()),
		source: input.source,
		driveId: input.driveId,
		donorName: input.donorName,
		estimatedValueMinor: null,
		note: null,
		mode: 'tally',
		status: 'open',
		recordedBy: userId,
		now: ctx.now()
	});
	return { id };
}

export interface TallyView {
	donation: DonationRow;
	totals: Map<string, number>;
	last: BatchRow | null;
	units: number;
}

export async function getTally(ctx: Ctx, actor: Actor, access: NetworkAccess, donationId: string): Promise<TallyView> {
	requireAllowed(actor, 'pantry.record', access.resource);
	const donation = await repo.findDonation(ctx.db, access.network.id, donationId);
	if (!donation || donation.mode !== 'tally') throw new ServiceError('not_found', undefined, 404);
	const [totals, lastId] = await Promise.all([repo.donationTotals(ctx.db, donation.id), repo.lastUncorrected(ctx.db, donation.id)]);
	const last = lastId === undefined ? null : ((await repo.listBatches(ctx.db, access.network.id, { ids: [lastId] }, { limit: 1, offset: 0 }))[0] ?? null);
	return { donation: withoutDonor(actor, access, donation), totals, last, units: [...totals.values()].reduce((a, b) => a + b, 0) };
}

async function openTally(db: Executor, networkId: string, donationId: string): Promise<DonationRow> {
	const d = await repo.findDonation(db, networkId, donationId);
	if (!d || d.mode !== 'tally') throw new ServiceError('not_found', undefined, 404);
	if (d.status !== 'open') throw new ServiceError('tally_closed', undefined, 409);
	return d;
}

/** One tap: one more of an item (or a few) counted into the tally and onto the shelf. */
export async function tallyTap(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	donationId: string,
	tap: { itemId: string; quantity: number },
	locale: string
): Promise<void> {
	requireAllowed(actor, 'pantry.record', access.resource);
	const userId = userOf(actor);
	const networkId = access.network.id;
	await ctx.db.transaction().execute(async (trx) => {
		const d = await openTally(trx, networkId, donationId);
		await activeItems(trx, networkId, [tap], 'itemId');
		await writeBatch(
			ctx,
			trx,
			networkId,
			{
				kind: 'donation',
				locationId: d.locationId,
				donationId: d.id,
				actorId: userId,
				occurredOn: d.receivedOn,
				lines: [{ locationId: d.locationId, itemId: tap.itemId, kind: 'donation', quantity: tap.quantity }]
			},
			false,
			locale
		);
	});
}

/** Takes back the tally's last entry with a correcting entry (the mistaken tap stays in the ledger). */
export async function undoTallyTap(ctx: Ctx, actor: Actor, access: NetworkAccess, donationId: string, locale: string): Promise<void> {
	requireAllowed(actor, 'pantry.record', access.resource);
	const userId = userOf(actor);
	const networkId = access.network.id;
	await ctx.db.transaction().execute(async (trx) => {
		await openTally(trx, networkId, donationId);
		const last = await repo.lastUncorrected(trx, donationId);
		if (last === undefined) throw new ServiceError('nothing_to_undo', undefined, 409);
		await correctIn(ctx, trx, networkId, userId, last, false, locale);
	});
}

/** Ends a tally; it can no longer be added to (corrections go through the ledger). */
export async function finishTally(ctx: Ctx, actor: Actor, access: NetworkAccess, donationId: string): Promise<void> {
	requireAllowed(actor, 'pantry.record', access.resource);
	const d = await repo.findDonation(ctx.db, access.network.id, donationId);
	if (!d || d.mode !== 'tally') throw new ServiceError('not_found', undefined, 404);
	if (!(await repo.closeTally(ctx.db, d.id, ctx.now()))) throw new ServiceError('tally_closed', undefined, 409);
}

export async function listOpenTallies(ctx: Ctx, actor: Actor, access: NetworkAccess): Promise<DonationRow[]> {
	requireAllowed(actor, 'pantry.record', access.resource);
	return (await repo.listOpenTallies(ctx.db, access.network.id)).map((d) => withoutDonor(actor, access, d));
}

/** A donor's name is for those who run the pantry; other members see "a neighbour". */
function withoutDonor(actor: Actor, access: NetworkAccess, d: DonationRow): DonationRow {
	return authorize(actor, 'pantry.manage', access.resource) ? d : { ...d, donorName: null };
}

export async function listDonations(ctx: Ctx, actor: Actor, access: NetworkAccess, page: number) {
	requireAllowed(actor, 'pantry.view', access.resource);
	const [items, total] = await Promise.all([
		repo.listDonations(ctx.db, access.network.id, { limit: LEDGER_PAGE_SIZE, offset: (page - 1) * LEDGER_PAGE_SIZE }),
		repo.countDonations(ctx.db, access.network.id)
	]);
	return { items: items.map((d) => withoutDonor(actor, access, d)), total, page, pages: Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE)) };
}

// ── Moving stock ──────────────────────────────────────────────────────────────────────────

/** Moves items from one place to another: out of one, into the other, in one batch. */
export async function transferStock(ctx: Ctx, actor: Actor, access: NetworkAccess, input: TransferInput, locale: string): Promise<{ id: string }> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const userId = userOf(actor);
	const networkId = access.network.id;
	if (input.fromLocationId === input.toLocationId) throw new ServiceError('same_location', 'toLocationId');
	const lines = mergeLines(input.lines);
	return ctx.db.transaction().execute(async (trx) => {
		const from = await activeLocation(trx, networkId, input.fromLocationId, 'fromLocationId');
		const to = await activeLocation(trx, networkId, input.toLocationId, 'toLocationId');
		await activeItems(trx, networkId, lines, 'lines');
		const id = await writeBatch(
			ctx,
			trx,
			networkId,
			{
				kind: 'transfer',
				locationId: from.id,
				toLocationId: to.id,
				note: input.note,
				actorId: userId,
				occurredOn: localDay(ctx.now()),
				lines: lines.flatMap((l) => [
					{ locationId: from.id, itemId: l.itemId, kind: 'transfer_out', quantity: -l.quantity },
					{ locationId: to.id, itemId: l.itemId, kind: 'transfer_in', quantity: l.quantity }
				])
			},
			false,
			locale
		);
		return { id };
	});
}

/** Records what was found spoiled, expired, damaged (out) or found (in), with the reason. */
export async function adjustStock(ctx: Ctx, actor: Actor, access: NetworkAccess, input: AdjustInput, locale: string): Promise<{ id: string }> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const userId = userOf(actor);
	const networkId = access.network.id;
	return ctx.db.transaction().execute(async (trx) => {
		const place = await activeLocation(trx, networkId, input.locationId, 'locationId');
		await activeItems(trx, networkId, [{ itemId: input.itemId, quantity: 1 }], 'itemId');
		const id = await writeBatch(
			ctx,
			trx,
			networkId,
			{
				kind: 'adjustment',
				locationId: place.id,
				reason: input.reason,
				note: input.note,
				actorId: userId,
				occurredOn: localDay(ctx.now()),
				lines: [{ locationId: place.id, itemId: input.itemId, kind: 'adjustment', quantity: input.delta }]
			},
			input.override,
			locale
		);
		return { id };
	});
}

/**
 * A stock-take: each counted number becomes the true level, and the ledger records the
 * difference from what it held (a count that matches records a difference of zero).
 */
export async function countStock(ctx: Ctx, actor: Actor, access: NetworkAccess, input: CountInput): Promise<{ id: string; changed: number }> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const userId = userOf(actor);
	return countIn(ctx, ctx.db, access.network.id, userId, input.locationId, input.counts, input.note);
}

/** The stock-take itself, in its own transaction on `db` (imports of opening stock use it too). */
export async function countIn(
	ctx: Ctx,
	db: Executor,
	networkId: string,
	userId: string,
	locationId: string,
	counts: readonly { itemId: string; counted: number }[],
	note: string | null
): Promise<{ id: string; changed: number }> {
	const byItem = new Map<string, number>();
	for (const c of counts) byItem.set(c.itemId, c.counted);
	const run = async (trx: Executor) => {
		const place = await activeLocation(trx, networkId, locationId, 'locationId');
		const ids = [...byItem.keys()].sort();
		await activeItems(
			trx,
			networkId,
			ids.map((itemId) => ({ itemId, quantity: 1 })),
			'counts'
		);
		const now = ctx.now();
		const lines: repo.MovementWrite[] = [];
		for (const itemId of ids) {
			// A change of zero takes the level's row lock first, so the difference is computed from a
			// number no one else can change before this transaction ends.
			const current = (await repo.changeLevel(trx, { networkId, locationId: place.id, itemId, delta: 0, allowNegative: true, now })) ?? 0;
			lines.push({ locationId: place.id, itemId, kind: 'count', quantity: countDifference(byItem.get(itemId) ?? 0, current) });
		}
		for (const l of lines)
			if (l.quantity !== 0) await repo.changeLevel(trx, { networkId, locationId: l.locationId, itemId: l.itemId, delta: l.quantity, allowNegative: true, now });
		const id = await repo.insertBatch(
			trx,
			{ networkId, kind: 'count', locationId: place.id, note, override: false, actorId: userId, occurredOn: localDay(now), now },
			lines
		);
		return { id, changed: lines.filter((l) => l.quantity !== 0).length };
	};
	return 'isTransaction' in db && db.isTransaction ? run(db) : ctx.db.transaction().execute(run);
}

/** Undoes `batchId` inside `trx` with a batch of the opposite lines; a batch is corrected at most once. */
async function correctIn(ctx: Ctx, trx: Executor, networkId: string, userId: string, batchId: string, override: boolean, locale: string): Promise<string> {
	const [original] = await repo.listBatches(trx, networkId, { ids: [batchId] }, { limit: 1, offset: 0 });
	if (!original) throw new ServiceError('not_found', undefined, 404);
	if (original.kind === 'correction' || original.kind === 'count') throw new ServiceError('invalid', 'batchId', 409);
	if (original.correctedBy !== null) throw new ServiceError('already_corrected', undefined, 409);
	try {
		return await writeBatch(
			ctx,
			trx,
			networkId,
			{
				kind: 'correction',
				locationId: original.locationId,
				toLocationId: original.toLocationId,
				donationId: original.donationId,
				occurrenceId: original.occurrenceId,
				askId: original.askId,
				kitId: original.kitId,
				bags: original.bags === null ? null : -original.bags,
				correctsId: original.id,
				actorId: userId,
				occurredOn: localDay(ctx.now()),
				lines: correctionLines(original.lines).map((l) => ({ locationId: l.locationId, itemId: l.itemId, kind: l.kind, quantity: l.quantity }))
			},
			override,
			locale
		);
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('already_corrected', undefined, 409);
		// Another correction of this batch committed while this one waited for the levels' locks:
		// the shelf looks short only because the batch is already undone, so say that, not "short".
		if (e instanceof InsufficientStockError) {
			const [current] = await repo.listBatches(trx, networkId, { ids: [batchId] }, { limit: 1, offset: 0 });
			if (current !== undefined && current.correctedBy !== null) throw new ServiceError('already_corrected', undefined, 409);
		}
		throw e;
	}
}

/**
 * Corrects a past record (a donation, bags given out, a transfer, an adjustment) with a new batch
 * of the opposite lines; the original stays in the ledger. A stock-take is corrected by counting again.
 */
export async function correctBatch(ctx: Ctx, actor: Actor, access: NetworkAccess, batchId: string, override: boolean, locale: string): Promise<{ id: string }> {
	requireAllowed(actor, 'pantry.manage', access.resource);
	const userId = userOf(actor);
	return ctx.db.transaction().execute(async (trx) => ({ id: await correctIn(ctx, trx, access.network.id, userId, batchId, override, locale) }));
}

/** The ledger, newest first, optionally for one place. */
export async function listLedger(ctx: Ctx, actor: Actor, access: NetworkAccess, f: { locationId: string | null }, page: number) {
	requireAllowed(actor, 'pantry.view', access.resource);
	const filter = { locationId: f.locationId };
	const [items, total] = await Promise.all([
		repo.listBatches(ctx.db, access.network.id, filter, { limit: LEDGER_PAGE_SIZE, offset: (page - 1) * LEDGER_PAGE_SIZE }),
		repo.countBatches(ctx.db, access.network.id, filter)
	]);
	return { items, total, page, pages: Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE)) };
}

// ── A delivery ask draws a standard bag ───────────────────────────────────────────────────

/**
 * A delivery draws one standard bag from a pantry: a distribution out of that place, linked to
 * the ask. The ask's claimant or a steward may do it while the ask is claimed or picked up.
 */
export async function drawBagForAsk(
	ctx: Ctx,
	actor: Actor,
	access: NetworkAccess,
	askId: string,
	input: { locationId: string; kitId: string; override: boolean },
	locale: string
): Promise<{ id: string }> {
	requireAllowed(actor, 'pantry.record', access.resource);
	const userId = userOf(actor);
	const networkId = access.network.id;
	const ask = await findAsk(ctx.db, networkId, askId);
	if (!ask) throw new ServiceError('not_found', undefined, 404);
	if (ask.claimantId !== userId && !authorize(actor, 'network.steward', access.resource)) throw new ServiceError('forbidden', undefined, 403);
	if (!CLAIMED_STATUSES.includes(ask.status)) throw new ServiceError('ask_status_changed', undefined, 409);
	return ctx.db.transaction().execute(async (trx) => {
		const place = await activeLocation(trx, networkId, input.locationId, 'locationId');
		const kit = await usableKit(trx, networkId, input.kitId, 'kitId');
		const id = await writeBatch(
			ctx,
			trx,
			networkId,
			{
				kind: 'distribution',
				locationId: place.id,
				askId: ask.id,
				kitId: kit.id,
				bags: 1,
				actorId: userId,
				occurredOn: localDay(ctx.now()),
				lines: kitContents(kit.lines, 1).map((l) => ({ locationId: place.id, itemId: l.itemId, kind: 'distribution', quantity: -l.quantity }))
			},
			input.override,
			locale
		);
		return { id };
	});
}

/** Kinds of place a delivery's bag can come from (a food pantry, a clothing closet, storage). */
export const BAG_PLACE_KINDS: readonly string[] = ['pantry', 'closet', 'storage'];

export interface BagPlace {
	id: string;
	name: string;
	/** What this place is short of for one bag of the kit; empty when it can fill one. */
	lacks: ShortItem[];
}

export interface BagKit {
	id: string;
	name: string;
	/** Every place a bag can come from, those that can fill one first (then in the usual order). */
	places: BagPlace[];
}

/**
 * What a delivery's bag form offers: each standard bag with every place it could come from and
 * what each place lacks for it, so the form defaults to a place that can fill the bag and shows
 * the others with what they are missing, instead of the first place in the alphabet.
 */
export async function bagChoices(ctx: Ctx, actor: Actor, access: NetworkAccess, locale: string): Promise<BagKit[]> {
	requireAllowed(actor, 'pantry.view', access.resource);
	const networkId = access.network.id;
	const [kits, places] = await Promise.all([
		catalogue.listKits(ctx.db, networkId, { includeArchived: false }),
		catalogue.listLocations(ctx.db, networkId, { includeArchived: false })
	]);
	const usable = kits.filter((k) => k.lines.some((l) => l.quantity > 0));
	const from = places.filter((p) => BAG_PLACE_KINDS.includes(p.kind));
	if (usable.length === 0 || from.length === 0) return [];
	const itemIds = [...new Set(usable.flatMap((k) => k.lines.map((l) => l.itemId)))];
	const [items, levels] = await Promise.all([
		catalogue.findItems(ctx.db, networkId, itemIds),
		Promise.all(from.map((p) => repo.levelsAt(ctx.db, p.id, itemIds)))
	]);
	const byId = new Map(items.map((i) => [i.id, i]));
	return usable.map((kit) => {
		const needs = kitContents(kit.lines, 1);
		const options = from.map((place, i) => ({
			id: place.id,
			name: place.name,
			lacks: shortfalls(needs, levels[i] ?? new Map()).map((sf) => {
				const item = byId.get(sf.itemId);
				return { ...sf, name: item ? itemName(item.names, locale) || item.name : sf.itemId, unit: item?.unit ?? 'piece', size: item?.size ?? null };
			})
		}));
		// A stable sort: places that can fill the bag first, each group in the catalogue's order.
		return { id: kit.id, name: kit.name, places: [...options].sort((a, b) => Number(a.lacks.length > 0) - Number(b.lacks.length > 0)) };
	});
}

/** Bags already drawn for an ask (net of corrections). */
export async function bagsForAsk(ctx: Ctx, access: NetworkAccess, askId: string): Promise<BatchRow[]> {
	return repo.listBatches(ctx.db, access.network.id, { askId }, { limit: 20, offset: 0 });
}

// ── The drift check ───────────────────────────────────────────────────────────────────────

export interface StockCheck {
	levels: number;
	movements: number;
	drift: { locationId: string; itemId: string; cached: number; fromLedger: number }[];
	/** Daily flows (what the reports read) that differ from the movements they sum: "day:place:kind". */
	flowDrift: { key: string; cached: number; fromLedger: number }[];
	/** Donations whose kept units differ from their movements. */
	donationDrift: { donationId: string; cached: number; fromLedger: number }[];
}

/**
 * Recomputes every level, every daily flow and every donation's units from the movements and
 * compares them with what is kept: an honest ledger reports no drift.
 */
export async function checkStock(ctx: Pick<Ctx, 'db'>, options: { networkId?: string } = {}): Promise<StockCheck> {
	const [{ cached, ledger, movements }, flows, donations] = await Promise.all([
		repo.levelSums(ctx.db, options),
		repo.flowSums(ctx.db, options),
		repo.donationUnitSums(ctx.db, options)
	]);
	return {
		levels: cached.size,
		movements,
		drift: levelDrift(cached, ledger).map((d) => {
			const [locationId = '', itemId = ''] = d.key.split(':');
			return { locationId, itemId, cached: d.cached, fromLedger: d.fromLedger };
		}),
		flowDrift: levelDrift(flows.cached, flows.ledger),
		donationDrift: levelDrift(donations.cached, donations.ledger).map((d) => ({ donationId: d.key, cached: d.cached, fromLedger: d.fromLedger }))
	};
}

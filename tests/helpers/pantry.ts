import { expect } from 'vitest';
import type { z } from 'zod';
import type { Ctx } from '../../src/lib/server/context';
import { parseWith } from '../../src/lib/server/forms';
import { loadNetworkAccess, type NetworkAccess } from '../../src/lib/server/networks/networks.service';
import { createItem, createKit, createLocation, setKitLine } from '../../src/lib/server/pantry/catalogue.service';
import { createDistribution, getDistribution, type DistributionRow } from '../../src/lib/server/pantry/distributions.service';
import {
	adjustSchema,
	bookingSchema,
	countSchema,
	distributionSchema,
	donationSchema,
	giveSchema,
	itemFormInput,
	itemSchema,
	kitLineSchema,
	kitSchema,
	locationSchema,
	moveSchema,
	occurrenceCountsSchema,
	tallyStartSchema,
	tallyTapSchema,
	transferSchema
} from '../../src/lib/server/pantry/pantry.schema';
import type {
	AdjustInput,
	CountInput,
	DistributionInput,
	DonationInput,
	GiveInput,
	ItemInput,
	LocationInput,
	TallyStartInput,
	TransferInput
} from '../../src/lib/server/pantry/pantry.schema';
import { checkStock, recordDonation } from '../../src/lib/server/pantry/stock.service';
import type { Actor } from '../../src/lib/server/policy/policy';
import { addMember, buildNetwork, buildUser } from './factories';

export const actor = (id: string): Actor => ({ userId: id, isInstanceAdmin: false });

/** Form fields as a browser sends them: text everywhere, empty for what was left blank. */
export type FormValues = Record<string, string | string[]>;

/** A schema's result for form values, or a thrown error naming the field codes (a helper's input must be valid). */
function parsed<S extends z.ZodType>(schema: S, name: string, values: unknown): z.output<S> {
	const r = parseWith(schema, values);
	if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
	return r.data;
}

/**
 * A network in English and Spanish with an admin, a steward, two neighbours, and someone who
 * is not a member.
 */
export async function buildPantryCommunity(ctx: Ctx) {
	const admin = await buildUser(ctx, { displayName: 'Ada Admin' });
	const steward = await buildUser(ctx, { displayName: 'Sam Steward' });
	const n1 = await buildUser(ctx, { displayName: 'Nia Neighbour' });
	const n2 = await buildUser(ctx, { displayName: 'Ned Neighbour' });
	const outsider = await buildUser(ctx, { displayName: 'Otto Outsider' });
	const c = { admin: admin.id, steward: steward.id, neighbours: [n1.id, n2.id] as [string, string], outsider: outsider.id };
	const net = await addNetwork(ctx, c);
	return { ...c, net };
}
export type PantryCommunity = Awaited<ReturnType<typeof buildPantryCommunity>>;

/** Another network (en + es) of the same people in the same roles: a clean slate for network-wide figures. */
export async function addNetwork(ctx: Ctx, c: { admin: string; steward: string; neighbours: readonly string[] }) {
	const net = await buildNetwork(ctx, c.admin, { languages: ['en', 'es'] });
	await addMember(ctx, net.id, c.steward, 'steward');
	for (const n of c.neighbours) await addMember(ctx, net.id, n);
	return net;
}

/** A person's view of a network, as a request handler would load it. */
export interface PantryPerson {
	id: string;
	actor: Actor;
	access: NetworkAccess;
}

export async function asPerson(ctx: Ctx, userId: string, slug: string): Promise<PantryPerson> {
	const a = actor(userId);
	return { id: userId, actor: a, access: await loadNetworkAccess(ctx, a, slug) };
}

// ── Inputs, each parsed from form-shaped values by the real schema ───────────────────────────

/** The item form: a name in each of the network's languages, no size, barcode or warning level unless given. */
export function itemInput(over: FormValues = {}, languages: readonly string[] = ['en', 'es']): ItemInput {
	const name = typeof over.name === 'string' ? over.name : 'Rice';
	return parsed(
		itemSchema,
		'itemInput',
		itemFormInput({ name, name_en: name, name_es: '', category: 'dry_goods', unit: 'bag', size: '', barcode: '', minLevel: '', ...over }, languages)
	);
}

/** A public pantry with no opening hours written down. */
export function locationInput(over: FormValues = {}): LocationInput {
	return parsed(locationSchema, 'locationInput', {
		name: 'School pantry',
		kind: 'pantry',
		isPrivate: '',
		address: '',
		hoursWeekly: '',
		hoursExceptions: '',
		...over
	});
}

/** Item rows of a form, as parallel `item` and `quantity` fields. */
export type Rows = readonly (readonly [itemId: string, quantity: string])[];
function rows(lines: Rows) {
	return { item: lines.map(([i]) => i), quantity: lines.map(([, q]) => q) };
}

/** Things given by a neighbour on 20 November 2026 (before the test clock's "today"). */
export function donationInput(locationId: string, lines: Rows, over: FormValues = {}): DonationInput {
	return parsed(donationSchema, 'donationInput', {
		locationId,
		receivedOn: '2026-11-20',
		source: 'individual',
		driveId: '',
		donorName: '',
		estimatedValue: '',
		note: '',
		...rows(lines),
		...over
	});
}

export function tallyStartInput(locationId: string, over: FormValues = {}): TallyStartInput {
	return parsed(tallyStartSchema, 'tallyStartInput', { locationId, source: 'event', driveId: '', donorName: '', ...over });
}

/** One tap on an item's button; `quantity` for "+3". */
export function tapInput(itemId: string, quantity = ''): { itemId: string; quantity: number } {
	return parsed(tallyTapSchema, 'tapInput', { itemId, quantity });
}

export function transferInput(fromLocationId: string, toLocationId: string, lines: Rows, over: FormValues = {}): TransferInput {
	return parsed(transferSchema, 'transferInput', { fromLocationId, toLocationId, note: '', ...rows(lines), ...over });
}

/** Something found spoiled (out) unless `over` says otherwise. */
export function adjustInput(locationId: string, itemId: string, quantity: string, over: FormValues = {}): AdjustInput {
	return parsed(adjustSchema, 'adjustInput', { locationId, itemId, direction: 'out', quantity, reason: 'spoiled', note: '', override: '', ...over });
}

/** A stock-take sheet: one `count_<itemId>` field per counted item. */
export function countInput(locationId: string, counts: Readonly<Record<string, string>>): CountInput {
	return parsed(countSchema, 'countInput', { locationId, note: '', ...Object.fromEntries(Object.entries(counts).map(([id, n]) => [`count_${id}`, n])) });
}

/** Bags of a standard bag given out, with any extra rows. */
export function giveInput(kitId: string, bags: string, over: FormValues = {}, extras: Rows = []): GiveInput {
	return parsed(giveSchema, 'giveInput', { kitId, bags, override: '', ...rows(extras), ...over });
}

/**
 * The schedule form: every other Thursday 15:00–17:00 from Thursday 12 November 2026 at the
 * school car park, 60 bags, no pick-up slots, unless `over` says otherwise.
 */
export function distributionInput(locationId: string, kitId: string, over: FormValues = {}): DistributionInput {
	return parsed(distributionSchema, 'distributionInput', {
		name: 'Thursday distribution',
		locationId,
		place: 'the school car park',
		frequency: 'weekly',
		interval: '2',
		weekdays: 'TH',
		monthWeek: '',
		startDay: '2026-11-12',
		startTime: '15:00',
		endTime: '17:00',
		untilDay: '',
		kitId,
		plannedBags: '60',
		slotMinutes: '',
		slotCapacity: '',
		...over
	});
}

export function moveInput(start: string, day: string, over: FormValues = {}) {
	return parsed(moveSchema, 'moveInput', { start, day, startTime: '15:00', endTime: '17:00', plannedBags: '', ...over });
}

export function countsInput(households: string, walkIns: string) {
	return parsed(occurrenceCountsSchema, 'countsInput', { households, walkIns });
}

export function bookingInput(slotId: string, name: string) {
	return parsed(bookingSchema, 'bookingInput', { slotId, name });
}

// ── A stocked pantry ──────────────────────────────────────────────────────────────────────────

export interface Pantry {
	placeId: string;
	items: { rice: string; beans: string; oil: string; soap: string };
	kitId: string;
}

/** Creates a place through the steward's form. */
export async function buildPlace(ctx: Ctx, steward: PantryPerson, name: string, over: FormValues = {}): Promise<string> {
	return (await createLocation(ctx, steward.actor, steward.access, locationInput({ name, ...over }))).id;
}

/**
 * A place, four items with warning levels (rice 20, canned black beans 24, cooking oil 10, bar
 * soap 12, named in English and Spanish) and the "Thursday family bag": 2 rice, 4 canned beans,
 * 1 oil. Nothing is in stock yet. Items are per network, so this is called once per network.
 */
export async function buildPantry(ctx: Ctx, steward: PantryPerson, placeName = 'School pantry'): Promise<Pantry> {
	const item = async (over: FormValues) => (await createItem(ctx, steward.actor, steward.access, itemInput(over, steward.access.network.languages))).id;
	const placeId = await buildPlace(ctx, steward, placeName);
	const rice = await item({ name: 'Rice', name_es: 'Arroz', category: 'dry_goods', unit: 'bag', minLevel: '20' });
	const beans = await item({ name: 'Canned black beans', name_es: 'Frijoles negros en lata', category: 'canned_food', unit: 'can', minLevel: '24' });
	const oil = await item({ name: 'Cooking oil', name_es: 'Aceite de cocina', category: 'dry_goods', unit: 'bottle', minLevel: '10' });
	const soap = await item({ name: 'Bar soap', name_es: 'Jabón de barra', category: 'hygiene', unit: 'piece', minLevel: '12' });
	const kitId = (
		await createKit(ctx, steward.actor, steward.access, parsed(kitSchema, 'kitInput', { name: 'Thursday family bag', description: 'One family, two weeks' }))
	).id;
	for (const [itemId, quantity] of [
		[rice, '2'],
		[beans, '4'],
		[oil, '1']
	] as const) {
		await setKitLine(ctx, steward.actor, steward.access, kitId, parsed(kitLineSchema, 'kitLine', { itemId, quantity }));
	}
	return { placeId, items: { rice, beans, oil, soap }, kitId };
}

/** Puts stock on a shelf with a donation form (the way stock arrives). */
export async function stock(ctx: Ctx, by: PantryPerson, locationId: string, lines: Rows): Promise<string> {
	return (await recordDonation(ctx, by.actor, by.access, donationInput(locationId, lines), 'en')).id;
}

/** Sets up a distribution through the steward's form and loads it as a page would. */
export async function buildDistribution(ctx: Ctx, steward: PantryPerson, locationId: string, kitId: string, over: FormValues = {}): Promise<DistributionRow> {
	const { id } = await createDistribution(ctx, steward.actor, steward.access, distributionInput(locationId, kitId, over));
	return getDistribution(ctx, steward.actor, steward.access, id);
}

// ── Reading what the database holds ──────────────────────────────────────────────────────────

/** Cached levels at a place, by item id (rows only; an item never held is absent). */
export async function levels(ctx: Ctx, locationId: string): Promise<Record<string, number>> {
	const rs = await ctx.db.selectFrom('stock_levels').select(['item_id', 'quantity']).where('location_id', '=', locationId).execute();
	return Object.fromEntries(rs.map((r) => [r.item_id, Number(r.quantity)]));
}

/** Rows in the stock ledger of a network: to prove a refused step wrote nothing. */
export async function ledgerCounts(ctx: Ctx, networkId: string): Promise<{ batches: number; movements: number; donations: number }> {
	const n = async (table: 'stock_batches' | 'stock_movements' | 'stock_donations') =>
		Number(
			(
				await ctx.db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll().as('n'))
					.where('network_id', '=', networkId)
					.executeTakeFirstOrThrow()
			).n
		);
	return { batches: await n('stock_batches'), movements: await n('stock_movements'), donations: await n('stock_donations') };
}

/** Every cached level of the database equals the sum of its movements. */
export async function expectNoDrift(ctx: Pick<Ctx, 'db'>): Promise<void> {
	const check = await checkStock(ctx);
	expect(check.drift).toEqual([]);
	expect(check.flowDrift).toEqual([]);
	expect(check.donationDrift).toEqual([]);
}

import { localDay } from '$lib/domain/days';
import { addDays, dayOfWeek } from '$lib/domain/recurrence';
import type { Ctx } from '../context';
import { parseWith } from '../forms';
import { loadNetworkAccess } from '../networks/networks.service';
import { adoptStarterCatalogue, allItems, createDrive, createKit, createLocation, setKitLine } from '../pantry/catalogue.service';
import { createDistribution, getDistribution, giveOut, occurrencesOf, setCounts } from '../pantry/distributions.service';
import { countSchema, distributionSchema, donationSchema, driveSchema, giveSchema, kitSchema, locationSchema } from '../pantry/pantry.schema';
import { countStock, recordDonation } from '../pantry/stock.service';
import type { Actor } from '../policy/policy';

function parsed<T>(result: { ok: true; data: T } | { ok: false; errors: Record<string, string> }, what: string): T {
	if (!result.ok) throw new Error(`demo seed: ${what}: ${JSON.stringify(result.errors)}`);
	return result.data;
}

/** What the school pantry holds at the start of the demo, by starter code (a stock-take). */
const OPENING_STOCK: Record<string, number> = {
	rice: 140,
	'dry-beans': 60,
	'canned-black-beans': 180,
	'canned-pinto-beans': 40,
	'cooking-oil': 50,
	pasta: 90,
	'pasta-sauce': 45,
	'canned-tuna': 30,
	'peanut-butter': 8,
	cereal: 35,
	'toilet-paper': 24,
	'bar-soap': 12
};

/** One Thursday family bag. */
const BAG: Record<string, number> = { rice: 2, 'canned-black-beans': 4, 'cooking-oil': 1, pasta: 1, 'pasta-sauce': 1 };

/**
 * The Thursday pantry of Maple Street: a pantry, a clothing closet and a volunteer's car, the
 * starter list, an opening stock-take, the Thursday family bag, a distribution every other
 * Thursday with pick-up slots (the last one already held), and a few donations, one from the
 * yearly sleep-out. Does nothing when Maple Street already has a place.
 */
export async function seedDemoPantry(ctx: Ctx): Promise<boolean> {
	const users = await ctx.db.selectFrom('users').select(['id', 'username']).where('username', 'in', ['demo-admin', 'demo-steward', 'demo-neighbor']).execute();
	const actor = (username: string): Actor => {
		const u = users.find((x) => x.username === username);
		if (!u) throw new Error(`demo seed: no ${username}`);
		return { userId: u.id, isInstanceAdmin: false };
	};
	const steward = actor('demo-steward');
	const access = await loadNetworkAccess(ctx, steward, 'maple-street');
	const existing = await ctx.db.selectFrom('stock_locations').select('id').where('network_id', '=', access.network.id).executeTakeFirst();
	if (existing) return false;

	const place = async (input: Record<string, string>) =>
		(await createLocation(ctx, steward, access, parsed(parseWith(locationSchema, input), `place ${input.name ?? ''}`))).id;
	const pantry = await place({
		name: 'School pantry',
		kind: 'pantry',
		address: 'Maple Street Elementary, Room 4 (side door)',
		hoursWeekly: 'TU 15:00-16:30\nTH 15:00-17:00',
		hoursExceptions: ''
	});
	await place({
		name: 'Clothing closet',
		kind: 'closet',
		address: 'Maple Street Elementary, next to the library',
		hoursWeekly: 'WE 14:30-16:00',
		hoursExceptions: ''
	});
	await place({ name: "Marcus's car", kind: 'car', isPrivate: 'on', hoursWeekly: '', hoursExceptions: '' });

	await adoptStarterCatalogue(ctx, steward, access);
	const items = await allItems(ctx, steward, access);
	const byCode = (code: string): string => {
		const item = items.find((i) => i.starterCode === code);
		if (!item) throw new Error(`demo seed: no starter item ${code}`);
		return item.id;
	};
	await countStock(
		ctx,
		steward,
		access,
		parsed(
			parseWith(countSchema, {
				locationId: pantry,
				...Object.fromEntries(Object.entries(OPENING_STOCK).map(([code, n]) => [`count_${byCode(code)}`, String(n)]))
			}),
			'opening stock'
		)
	);

	const { id: kit } = await createKit(
		ctx,
		steward,
		access,
		parsed(parseWith(kitSchema, { name: 'Thursday family bag', description: 'Rice, beans, oil, pasta and sauce for a family of four for a few days.' }), 'kit')
	);
	for (const [code, quantity] of Object.entries(BAG)) await setKitLine(ctx, steward, access, kit, { itemId: byCode(code), quantity });

	const today = localDay(ctx.now());
	// Four weeks back to the Thursday on or before: the last distribution has happened, the next is coming.
	let start = addDays(today, -28);
	while (dayOfWeek(start) !== 'TH') start = addDays(start, -1);
	const { id: distributionId } = await createDistribution(
		ctx,
		steward,
		access,
		parsed(
			parseWith(distributionSchema, {
				name: 'Thursday pantry',
				locationId: pantry,
				place: 'the school car park, by the gym doors',
				frequency: 'weekly',
				interval: '2',
				weekdays: 'TH',
				startDay: start,
				startTime: '15:00',
				endTime: '17:00',
				untilDay: '',
				kitId: kit,
				plannedBags: '55',
				slotMinutes: '15',
				slotCapacity: '8'
			}),
			'distribution'
		)
	);
	const d = await getDistribution(ctx, steward, access, distributionId);
	const past = (await occurrencesOf(ctx.db, d, start, 28, 5)).filter((o) => o.day < today);
	const last = past.at(-1);
	if (last) {
		await giveOut(ctx, steward, access, d, last.start, parsed(parseWith(giveSchema, { kitId: kit, bags: '20' }), 'give out'), 'en');
		await setCounts(ctx, steward, access, d, last.start, { households: 20, walkIns: 3 });
	}

	const { id: sleepOut } = await createDrive(ctx, steward, access, parsed(parseWith(driveSchema, { name: 'Winter sleep-out', kind: 'event' }), 'drive'));
	const gifts = [
		{ receivedOn: addDays(today, -10), source: 'store', donorName: 'Corner Market', item: ['canned-tuna', 'cereal'], quantity: ['24', '12'] },
		{
			receivedOn: addDays(today, -3),
			source: 'event',
			driveId: sleepOut,
			donorName: '',
			item: ['rice', 'canned-black-beans', 'toilet-paper'],
			quantity: ['30', '48', '18']
		},
		{ receivedOn: today, source: 'individual', donorName: '', item: ['peanut-butter'], quantity: ['6'] }
	];
	for (const g of gifts) {
		await recordDonation(ctx, steward, access, parsed(parseWith(donationSchema, { ...g, locationId: pantry, item: g.item.map(byCode) }), 'donation'), 'en');
	}
	return true;
}

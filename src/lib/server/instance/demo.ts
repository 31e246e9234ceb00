import { localDay } from '$lib/domain/days';
import { createAccount } from '../accounts/accounts.service';
import { askSchema, intakeSchema } from '../asks/asks.schema';
import { createAsk, submitIntake, takeStep } from '../asks/asks.service';
import type { Ctx } from '../context';
import { fromDbBool, newId } from '../db/conventions';
import { parseWith } from '../forms';
import { insertMembership } from '../members/members.repository';
import { createNetworkIn, loadNetworkAccess, type NetworkAccess } from '../networks/networks.service';
import { offerSchema } from '../offers/offers.schema';
import { createOffer } from '../offers/offers.service';
import type { Actor } from '../policy/policy';
import { decisionSchema, donationSchema, fundRequestSchema, fundSchema } from '../funds/funds.schema';
import { actOnRequest, createFund, createRequest, loadFund, recordDonation } from '../funds/funds.service';
import { markDemoInstance, markSetupComplete } from './instance.service';
import { countUsers } from '../accounts/accounts.repository';
import { seedDemoPantry } from './demo-pantry';

/** Demo people: one per role, and one who has asked to join. Passphrases work only on a demo instance. */
export const DEMO_PEOPLE = [
	{ username: 'demo-admin', displayName: 'Rosa M.', passphrase: 'maple-admin-demo', role: 'admin', status: 'active', instanceAdmin: true },
	{ username: 'demo-steward', displayName: 'Marcus (Room 12)', passphrase: 'maple-steward-demo', role: 'steward', status: 'active', instanceAdmin: false },
	{ username: 'demo-neighbor', displayName: 'Lin', passphrase: 'maple-neighbor-demo', role: 'neighbor', status: 'active', instanceAdmin: false },
	{
		username: 'demo-vecina',
		displayName: 'Guadalupe R.',
		passphrase: 'maple-vecina-demo',
		role: 'neighbor',
		status: 'active',
		instanceAdmin: false,
		locale: 'es'
	},
	{ username: 'demo-pending', displayName: 'Sam T.', passphrase: 'maple-pending-demo', role: 'neighbor', status: 'pending', instanceAdmin: false }
] as const;

export const DEMO_OTHER = { username: 'demo-other', displayName: 'Ife O.', passphrase: 'eastgate-admin-demo' } as const;

/**
 * Seeds a fictional school community (Maple Street Elementary) and a second, separate network,
 * so a newcomer can sign in as each role. Runs only on an empty demo database.
 */
export async function seedDemo(ctx: Ctx): Promise<boolean> {
	if ((await countUsers(ctx.db)) > 0) return false;
	await ctx.db.transaction().execute(async (trx) => {
		const ids: string[] = [];
		for (const p of DEMO_PEOPLE) {
			const { userId } = await createAccount(ctx, trx, {
				username: p.username,
				displayName: p.displayName,
				email: null,
				passphrase: p.passphrase,
				passphraseConfirm: p.passphrase,
				locale: 'locale' in p ? p.locale : null,
				isInstanceAdmin: p.instanceAdmin
			});
			ids.push(userId);
		}
		const [adminId] = ids;
		if (adminId === undefined) throw new Error('demo seed: no admin');
		const maple = await createNetworkIn(ctx, trx, adminId, {
			name: 'Maple Street School Community',
			slug: 'maple-street',
			description:
				'Families, teachers and neighbours of Maple Street Elementary helping each other: groceries to the door, the Thursday pantry, the clothing closet and rides to clinics. Familias, maestros y vecinos de la escuela Maple Street.',
			areas: ['Riverside', 'Hillcrest', 'Old Town', 'Eastgate'],
			languages: ['en', 'es'],
			joinPolicy: 'approval'
		});
		for (const [i, p] of DEMO_PEOPLE.entries()) {
			const userId = ids[i];
			if (i === 0 || userId === undefined) continue;
			await insertMembership(trx, { id: newId(), networkId: maple, userId, role: p.role, status: p.status, now: ctx.now() });
		}
		const other = await createAccount(ctx, trx, {
			...DEMO_OTHER,
			email: null,
			passphraseConfirm: DEMO_OTHER.passphrase,
			locale: null,
			isInstanceAdmin: false
		});
		await createNetworkIn(ctx, trx, other.userId, {
			name: 'Eastgate Tenants Mutual Aid',
			slug: 'eastgate-tenants',
			description: 'Tenants of the Eastgate blocks: rent support, repairs and rides.',
			areas: ['Eastgate North', 'Eastgate South'],
			languages: ['en', 'es'],
			joinPolicy: 'open'
		});
	});
	await seedDemoAid(ctx);
	await seedDemoFunds(ctx);
	await seedDemoPantry(ctx);
	await markSetupComplete(ctx);
	await markDemoInstance(ctx);
	return true;
}

/*
 * Asks and offers on Maple Street, so the board, the matches and a claim have something to show.
 * Everything goes through the same services and form schemas as a person typing it, so the demo
 * obeys the same rules. Private parts are plainly made up (Example Lane, 555 numbers).
 */

type Who = 'demo-admin' | 'demo-steward' | 'demo-neighbor' | 'demo-vecina';

interface DemoOffer {
	by: Who;
	input: Record<string, unknown>;
}

interface DemoAsk {
	by: Who;
	mode: 'self' | 'on_behalf';
	input: Record<string, unknown>;
	/** Claimed by this person once open. */
	claimedBy?: Who;
}

export const DEMO_OFFERS: readonly DemoOffer[] = [
	{
		by: 'demo-vecina',
		input: {
			category: 'groceries',
			description: 'Grocery runs with my car, and the Thursday pantry pickup. Hablo español.',
			areas: ['Riverside'],
			days: ['2', '4', '6'],
			from: '16:00',
			to: '20:00',
			capacityPerWeek: '3',
			hasCar: 'on',
			languages: ['es', 'en']
		}
	},
	{
		by: 'demo-vecina',
		input: {
			category: 'childcare',
			description: 'I can watch children after school pickup for an hour or two. Spanish or English.',
			areas: ['Riverside'],
			days: ['1', '2', '3', '4', '5'],
			from: '15:00',
			to: '18:00',
			capacityPerWeek: '2',
			languages: ['es', 'en']
		}
	},
	{
		by: 'demo-neighbor',
		input: {
			category: 'medicine',
			description: 'Pharmacy pickups on my way home from work (prescriptions already paid for).',
			areas: ['Hillcrest'],
			days: ['1', '2', '3', '4', '5'],
			from: '17:00',
			to: '19:30',
			capacityPerWeek: '2',
			languages: ['en']
		}
	},
	{
		by: 'demo-neighbor',
		input: {
			category: 'ride',
			description: 'Rides to clinic and school appointments on weekday mornings, and back.',
			areas: ['Hillcrest', 'Old Town'],
			days: ['1', '3', '5'],
			from: '08:00',
			to: '12:00',
			capacityPerWeek: '2',
			hasCar: 'on',
			languages: ['en']
		}
	}
];

export const DEMO_ASKS: readonly DemoAsk[] = [
	{
		by: 'demo-steward',
		mode: 'on_behalf',
		claimedBy: 'demo-vecina',
		input: {
			category: 'groceries',
			description: 'Groceries for a family of five: rice, beans, eggs, milk, tortillas and diapers (size 4).',
			quantity: 'about 4 bags',
			householdSize: '5',
			urgency: 'days',
			area: 'Riverside',
			languages: ['es'],
			needsCar: 'on',
			contactName: 'Familia Ejemplo (made up)',
			address: '100 Example Lane, Apt 4',
			phone: '555-0142',
			accessNotes: 'Side door by the blue bins; please text before coming.'
		}
	},
	{
		by: 'demo-admin',
		mode: 'self',
		input: {
			category: 'medicine',
			description: 'Pick up a prescription at the Hillcrest pharmacy, already paid for.',
			urgency: 'today',
			area: 'Hillcrest',
			languages: ['en'],
			pickupPoint: 'Hillcrest Pharmacy, 12 Market Row (demo)',
			address: '101 Example Lane',
			phone: '555-0101'
		}
	},
	{
		by: 'demo-vecina',
		mode: 'self',
		input: {
			category: 'ride',
			description: 'Ride to a clinic appointment in Hillcrest and back, on a weekday morning.',
			urgency: 'days',
			neededBy: 6,
			area: 'Hillcrest',
			languages: ['es', 'en'],
			needsCar: 'on',
			address: '102 Example Lane',
			phone: '555-0102'
		}
	},
	{
		by: 'demo-neighbor',
		mode: 'self',
		input: {
			category: 'household',
			description: 'A box fan for a bedroom that gets very hot in the afternoon.',
			quantity: '1 fan',
			urgency: 'week',
			area: 'Old Town',
			languages: ['en'],
			address: '103 Example Lane, Unit B',
			phone: '555-0103'
		}
	},
	{
		by: 'demo-neighbor',
		mode: 'self',
		input: {
			category: 'tutoring',
			description: 'Help with 4th-grade fractions homework, about an hour a week.',
			urgency: 'whenever',
			area: 'Hillcrest',
			languages: ['en'],
			pickupPoint: 'Maple Street Elementary library (demo)'
		}
	},
	{
		by: 'demo-neighbor',
		mode: 'self',
		input: {
			category: 'furniture',
			description: 'A small kitchen table and two chairs. We can collect them ourselves.',
			urgency: 'whenever',
			area: 'Eastgate',
			languages: ['en'],
			phone: '555-0103'
		}
	},
	{
		by: 'demo-vecina',
		mode: 'self',
		input: {
			category: 'clothing',
			description: 'Zapatos para niño, talla 13 (shoes for a boy, size 13), for school.',
			urgency: 'week',
			neededBy: 10,
			area: 'Riverside',
			languages: ['es'],
			address: '102 Example Lane',
			phone: '555-0102'
		}
	},
	{
		by: 'demo-admin',
		mode: 'self',
		input: {
			category: 'hygiene',
			description: 'Diapers (size 3) and baby wipes for a newborn.',
			quantity: '1 big pack of each',
			householdSize: '3',
			urgency: 'days',
			area: 'Riverside',
			languages: ['en', 'es'],
			address: '101 Example Lane',
			phone: '555-0101'
		}
	},
	{
		by: 'demo-steward',
		mode: 'self',
		input: {
			category: 'company',
			description: 'Someone to sit with my grandmother on Saturday afternoon while I work a shift.',
			urgency: 'week',
			area: 'Eastgate',
			languages: ['en', 'es'],
			address: '104 Example Lane',
			phone: '555-0104',
			accessNotes: 'Ring twice; she takes a moment to get to the door.'
		}
	}
];

/** The one neighbour without an account who asked through the public form; waits for a steward. */
export const DEMO_INTAKE: Record<string, unknown> = {
	category: 'groceries',
	description: 'Food for the weekend for two adults; we cannot get to the Thursday pantry.',
	urgency: 'today',
	area: 'Old Town',
	languages: ['es'],
	contactName: 'Ana Ejemplo (made up)',
	address: '105 Example Lane, Unit 1',
	phone: '555-0105',
	website: ''
};

function parsed<T>(result: { ok: true; data: T } | { ok: false; errors: Record<string, string> }, what: string): T {
	if (!result.ok) throw new Error(`demo seed: ${what}: ${JSON.stringify(result.errors)}`);
	return result.data;
}

/** Form input with area names turned into the network's area ids and day offsets into dates. */
function formFor(ctx: Ctx, access: NetworkAccess, input: Record<string, unknown>): Record<string, unknown> {
	const areaId = (name: unknown) => {
		const area = access.areas.find((a) => a.name === name);
		if (!area) throw new Error(`demo seed: no area ${String(name)}`);
		return area.id;
	};
	const out: Record<string, unknown> = { ...input };
	if (typeof input.area === 'string') out.area = areaId(input.area);
	if (Array.isArray(input.areas)) out.areas = input.areas.map(areaId);
	if (typeof input.neededBy === 'number') {
		// A local calendar date some days ahead, as the date field would send it.
		const d = new Date(ctx.now().getTime() + input.neededBy * 86_400_000);
		out.neededBy = new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
	}
	return out;
}

/**
 * Offers first (so new asks have someone to suggest), then the asks, one claim and one public-form
 * ask. Does nothing when Maple Street already has asks or offers, so running it twice adds nothing.
 */
export async function seedDemoAid(ctx: Ctx): Promise<boolean> {
	const users = await ctx.db
		.selectFrom('users')
		.select(['id', 'username', 'is_instance_admin'])
		.where('username', 'in', ['demo-admin', 'demo-steward', 'demo-neighbor', 'demo-vecina'])
		.execute();
	const actors = new Map<string, Actor>(users.map((u) => [u.username, { userId: u.id, isInstanceAdmin: fromDbBool(u.is_instance_admin) }]));
	const actor = (who: Who): Actor => {
		const a = actors.get(who);
		if (!a) throw new Error(`demo seed: no ${who}`);
		return a;
	};
	const accessOf = (who: Who) => loadNetworkAccess(ctx, actor(who), 'maple-street');
	const anyone = await loadNetworkAccess(ctx, { userId: null, isInstanceAdmin: false }, 'maple-street');
	const [asks, offers] = await Promise.all([
		ctx.db
			.selectFrom('asks')
			.select((eb) => eb.fn.countAll().as('n'))
			.where('network_id', '=', anyone.network.id)
			.executeTakeFirstOrThrow(),
		ctx.db
			.selectFrom('offers')
			.select((eb) => eb.fn.countAll().as('n'))
			.where('network_id', '=', anyone.network.id)
			.executeTakeFirstOrThrow()
	]);
	if (Number(asks.n) > 0 || Number(offers.n) > 0) return false;

	for (const o of DEMO_OFFERS) {
		const access = await accessOf(o.by);
		await createOffer(ctx, actor(o.by), access, parsed(parseWith(offerSchema, formFor(ctx, access, o.input)), `offer of ${o.by}`));
	}
	for (const a of DEMO_ASKS) {
		const access = await accessOf(a.by);
		const input = parsed(parseWith(askSchema, formFor(ctx, access, a.input)), `ask of ${a.by}`);
		const { id } = await createAsk(ctx, actor(a.by), access, input, a.mode);
		if (a.claimedBy) await takeStep(ctx, actor(a.claimedBy), await accessOf(a.claimedBy), id, { action: 'claim', note: null, targetUserId: null });
	}
	await submitIntake(ctx, anyone, parsed(parseWith(intakeSchema, formFor(ctx, anyone, DEMO_INTAKE)), 'public-form ask'));
	return true;
}

/**
 * A rent-support fund approved by three named people (two approvals each), a few donations, one
 * request paid and one waiting for its second approval, so every page of a fund has something
 * to show. Does nothing when Maple Street already has a fund.
 */
export async function seedDemoFunds(ctx: Ctx): Promise<boolean> {
	const users = await ctx.db.selectFrom('users').select(['id', 'username']).where('username', 'in', ['demo-admin', 'demo-steward', 'demo-neighbor']).execute();
	const id = (username: string): string => {
		const u = users.find((x) => x.username === username);
		if (!u) throw new Error(`demo seed: no ${username}`);
		return u.id;
	};
	const actor = (username: string): Actor => ({ userId: id(username), isInstanceAdmin: false });
	const access = (username: string) => loadNetworkAccess(ctx, actor(username), 'maple-street');
	const admin = await access('demo-admin');
	const existing = await ctx.db.selectFrom('funds').select('id').where('network_id', '=', admin.network.id).executeTakeFirst();
	if (existing) return false;

	const fundInput = parsed(
		parseWith(fundSchema, {
			name: 'Rent support',
			purpose: 'Helps Maple Street families with rent and utility bills when a paycheck falls short.',
			currency: 'USD',
			approvalsRequired: '2',
			approverMode: 'named',
			approverIds: [id('demo-admin'), id('demo-steward'), id('demo-neighbor')],
			maxPerRequest: '1500',
			maxPerHousehold: '2000',
			allowWaitlist: 'on',
			kThreshold: '5',
			retentionDays: '30',
			publicPage: 'on'
		}),
		'fund'
	);
	const { id: fundId } = await createFund(ctx, actor('demo-admin'), admin, fundInput, 'en');
	const steward = await access('demo-steward');
	const fc = (a: NetworkAccess) => loadFund(ctx, { userId: a.actorId, isInstanceAdmin: false }, a, fundId);
	const today = localDay(ctx.now());
	const gifts = [
		{ amount: '1200.00', fee: '', method: 'check', donorName: 'Maple Street PTA', reference: 'PTA-2026-11' },
		{ amount: '250.00', fee: '7.55', method: 'card_processor', donorName: '', reference: 'ch_demo_0001' },
		{ amount: '80.00', fee: '', method: 'cash', donorName: '', reference: '' }
	];
	for (const g of gifts) {
		await recordDonation(
			ctx,
			actor('demo-steward'),
			steward,
			await fc(steward),
			parsed(parseWith(donationSchema, { ...g, receivedOn: today }), 'donation'),
			'en'
		);
	}
	const paidRequest = parsed(
		parseWith(fundRequestSchema, {
			purpose: 'rent',
			amount: '650.00',
			household: 'Demo household A',
			payeeName: 'Oak Court Apartments',
			payeeReference: 'Unit 4B',
			note: 'Hours cut at work this month.'
		}),
		'request'
	);
	const { id: paid } = await createRequest(ctx, actor('demo-steward'), steward, await fc(steward), paidRequest, 'on_behalf', 'en');
	const lin = await access('demo-neighbor');
	const act = async (username: string, a: NetworkAccess, requestId: string, input: Record<string, string>) =>
		actOnRequest(ctx, actor(username), a, await fc(a), requestId, parsed(parseWith(decisionSchema, input), 'decision'), 'en');
	await act('demo-admin', admin, paid, { action: 'approve' });
	await act('demo-neighbor', lin, paid, { action: 'approve' });
	await act('demo-admin', admin, paid, { action: 'pay', method: 'check', reference: 'CHK-1001' });
	const waiting = parsed(
		parseWith(fundRequestSchema, {
			purpose: 'utilities',
			amount: '180.00',
			household: 'Demo household B',
			payeeName: 'City Power & Light',
			payeeReference: 'Account 00-1182'
		}),
		'request'
	);
	const { id: open } = await createRequest(ctx, actor('demo-steward'), steward, await fc(steward), waiting, 'on_behalf', 'en');
	await act('demo-admin', admin, open, { action: 'approve' });
	return true;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAidSettings, saveAidSettings } from '../../src/lib/server/asks/aid-settings';
import { findAsk } from '../../src/lib/server/asks/asks.repository';
import { createAsk, listMatchesForMe, runAskLifecycle, suggestForAsk, takeStep } from '../../src/lib/server/asks/asks.service';
import { suggestionsForAsk } from '../../src/lib/server/asks/suggestions';
import { ServiceError } from '../../src/lib/server/errors';
import { parseWith } from '../../src/lib/server/forms';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import { closeOffer, createOffer, listMyOffers, listOffersBoard } from '../../src/lib/server/offers/offers.service';
import { offerSchema, type OfferInput } from '../../src/lib/server/offers/offers.schema';
import type { Actor } from '../../src/lib/server/policy/policy';
import { askInput } from '../helpers/asks';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildNetwork, buildUser } from '../helpers/factories';
import { outcome } from '../helpers/outcome';

const actor = (id: string): Actor => ({ userId: id, isInstanceAdmin: false });
const ALL_DAYS = ['0', '1', '2', '3', '4', '5', '6'];
const EMPTY_FILTER = { category: null, area: null, urgency: null, language: null, q: null };

describe.each(DIALECTS)('offers and suggestions on %s', (dialect) => {
	let t: TestDb;
	const u: Record<'admin' | 'asker' | 'best' | 'farCar' | 'noSpanish' | 'noCar' | 'tutor' | 'busy' | 'outsider', string> = {
		admin: '',
		asker: '',
		best: '',
		farCar: '',
		noSpanish: '',
		noCar: '',
		tutor: '',
		busy: '',
		outsider: ''
	};

	beforeAll(async () => {
		t = await createTestDb(dialect);
		for (const key of Object.keys(u) as (keyof typeof u)[]) u[key] = (await buildUser(t.ctx, { displayName: `User ${key}` })).id;
	});
	afterAll(async () => t.close());

	/** A network of its own for each test, so offers and claims of one test do not move another's ranking. */
	async function network() {
		const net = await buildNetwork(t.ctx, u.admin);
		for (const key of ['asker', 'best', 'farCar', 'noSpanish', 'noCar', 'tutor', 'busy'] as const) await addMember(t.ctx, net.id, u[key]);
		const access = (id: string) => loadNetworkAccess(t.ctx, actor(id), net.slug);
		const areas = (await access(u.admin)).areas;
		const riverside = areas.find((a) => a.name === 'Riverside')!.id;
		const hillcrest = areas.find((a) => a.name === 'Hillcrest')!.id;
		return {
			net,
			access,
			riverside,
			hillcrest,
			async offer(userId: string, over: Record<string, unknown>) {
				return createOffer(t.ctx, actor(userId), await access(userId), offer(over));
			},
			async ask(userId: string, over: Record<string, unknown>) {
				const a = await access(userId);
				const { id } = await createAsk(t.ctx, actor(userId), a, askInput(a, over), 'self');
				t.clock.advance(60_000);
				return id;
			},
			async row(askId: string) {
				const r = await findAsk(t.ctx.db, net.id, askId);
				if (!r) throw new Error('ask not found');
				return r;
			}
		};
	}

	function offer(over: Record<string, unknown>): OfferInput {
		const parsed = parseWith(offerSchema, {
			category: 'groceries',
			description: 'I can shop and drop off',
			areas: [],
			days: ALL_DAYS,
			from: '08:00',
			to: '20:00',
			capacityPerWeek: '',
			hasCar: false,
			languages: ['en'],
			...over
		});
		if (!parsed.ok) throw new Error(`offer: ${JSON.stringify(parsed.errors)}`);
		return parsed.data;
	}

	/** The standard cast: who offers what, where, in which languages, with or without a car. */
	async function standardOffers(n: Awaited<ReturnType<typeof network>>) {
		await n.offer(u.best, { areas: [n.riverside], languages: ['es', 'en'], hasCar: 'on' });
		await n.offer(u.farCar, { areas: [n.hillcrest], languages: ['es'], hasCar: 'on' });
		await n.offer(u.noSpanish, { areas: [n.riverside], languages: ['en'], hasCar: 'on' });
		await n.offer(u.noCar, { areas: [n.riverside], languages: ['es'], hasCar: false });
		// The perfect fit in every way but the kind of help.
		await n.offer(u.tutor, { category: 'tutoring', description: 'Homework help', areas: [n.riverside], languages: ['es'], hasCar: 'on' });
		// The person who asks also offers groceries: never suggested for their own ask.
		await n.offer(u.asker, { areas: [n.riverside], languages: ['es'], hasCar: 'on' });
	}

	it('checks an offer against the network: its areas and categories', async () => {
		const n = await network();
		const area = await (async () => {
			try {
				await n.offer(u.best, { areas: ['0191c0de-0000-7000-8000-000000000000'] });
			} catch (e) {
				return e;
			}
			return null;
		})();
		expect(area).toBeInstanceOf(ServiceError);
		expect([(area as ServiceError).code, (area as ServiceError).field]).toEqual(['invalid_choice', 'areas']);
		expect(await outcome(n.offer(u.best, { category: 'yachts' }))).toBe('invalid_choice');
		expect(await outcome(createOffer(t.ctx, actor(u.outsider), await n.access(u.outsider), offer({})))).toBe('policy:forbidden');
		expect(parseWith(offerSchema, { category: 'groceries', description: 'x', from: '10:00', to: '10:00' })).toEqual({ ok: false, errors: { to: 'invalid' } });

		// No area ticked means every area of the network.
		const { id } = await n.offer(u.best, { areas: [], languages: ['es'] });
		const mine = await listMyOffers(t.ctx, actor(u.best), await n.access(u.best));
		expect(mine.map((o) => [o.id, o.areaNames.sort(), o.status])).toEqual([[id, ['Hillcrest', 'Riverside'], 'active']]);
		const board = await listOffersBoard(t.ctx, actor(u.noCar), await n.access(u.noCar), { ...EMPTY_FILTER, area: n.hillcrest }, 1);
		expect(board.items.map((o) => o.id)).toEqual([id]);
		await closeOffer(t.ctx, actor(u.best), await n.access(u.best), id);
		expect((await listOffersBoard(t.ctx, actor(u.noCar), await n.access(u.noCar), EMPTY_FILTER, 1)).total).toBe(0);
		expect(await outcome(closeOffer(t.ctx, actor(u.noCar), await n.access(u.noCar), id))).toBe('not_found');
	});

	it('ranks a same-area, Spanish-speaking volunteer with a car first for a Spanish ask that needs a car', async () => {
		const n = await network();
		await standardOffers(n);
		const id = await n.ask(u.asker, { area: n.riverside, languages: ['es'], needsCar: 'on', urgency: 'days' });
		const suggested = await suggestForAsk(t.ctx, actor(u.admin), await n.access(u.admin), id);
		const who = suggested.map((s) => s.userId);

		expect(who[0]).toBe(u.best);
		expect(who.at(-1)).toBe(u.noCar); // no car for a job that needs one weighs most after the kind of help
		expect([...who].sort()).toEqual([u.best, u.farCar, u.noSpanish, u.noCar].sort());
		expect(who).not.toContain(u.asker);
		expect(who).not.toContain(u.tutor);
		expect(suggested[0]!.score).toBeGreaterThan(suggested[1]!.score);
		expect(suggested[0]!.name).toBe('User best');
		expect(suggested[0]!.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['offers_category', 'serves_area', 'speaks', 'has_car']));
		expect(suggested[0]!.reasons).toContainEqual({ code: 'speaks', language: 'es' });

		// Only stewards see suggestions.
		expect(await outcome(suggestForAsk(t.ctx, actor(u.noCar), await n.access(u.noCar), id))).toBe('policy:forbidden');
	});

	it('does not suggest a volunteer who has reached the capacity they stated for the week', async () => {
		const n = await network();
		await n.offer(u.busy, { areas: [n.riverside], languages: ['es'], hasCar: 'on', capacityPerWeek: '1' });
		await n.offer(u.noCar, { areas: [n.riverside], languages: ['es'] });
		const first = await n.ask(u.asker, { area: n.riverside, languages: ['es'] });
		expect((await suggestionsForAsk(t.ctx, t.ctx.db, await n.row(first), [], 10)).map((s) => s.userId).sort()).toEqual([u.busy, u.noCar].sort());

		await takeStep(t.ctx, actor(u.busy), await n.access(u.busy), first, { action: 'claim', note: null, targetUserId: null });
		t.clock.advance(60_000);
		const second = await n.ask(u.asker, { area: n.riverside, languages: ['es'] });
		expect((await suggestionsForAsk(t.ctx, t.ctx.db, await n.row(second), [], 10)).map((s) => s.userId)).toEqual([u.noCar]);
		// Nor told about it.
		const told = await t.ctx.db
			.selectFrom('notifications')
			.select('user_id')
			.where('kind', '=', 'ask_nearby')
			.where('link', '=', `/n/${n.net.slug}/asks/${second}`)
			.execute();
		expect(told.map((r) => r.user_id)).toEqual([u.noCar]);

		// A week later the claim no longer counts against this week's capacity.
		t.clock.advance(7 * 86_400_000 + 60_000);
		expect((await suggestionsForAsk(t.ctx, t.ctx.db, await n.row(second), [], 10)).map((s) => s.userId)).toContain(u.busy);
	});

	it('tells the best three volunteers about a new open ask, with only its category and area', async () => {
		const n = await network();
		await standardOffers(n);
		const id = await n.ask(u.asker, { area: n.riverside, languages: ['es'], needsCar: 'on', urgency: 'days' });
		const told = await t.ctx.db
			.selectFrom('notifications')
			.select(['user_id', 'params', 'network_id'])
			.where('kind', '=', 'ask_nearby')
			.where('link', '=', `/n/${n.net.slug}/asks/${id}`)
			.execute();
		const top3 = (await suggestionsForAsk(t.ctx, t.ctx.db, await n.row(id), [], 3)).map((s) => s.userId);
		expect(top3).toHaveLength(3);
		expect(told.map((r) => r.user_id).sort()).toEqual([...top3].sort());
		expect(told.map((r) => r.user_id)).not.toContain(u.noCar);
		for (const r of told) {
			expect(JSON.parse(r.params)).toEqual({ category: 'groceries', area: 'Riverside' });
			expect(r.network_id).toBe(n.net.id);
		}

		// A network that switched suggestions off tells nobody.
		const settings = await getAidSettings(t.ctx.db, n.net.id);
		await saveAidSettings(t.ctx.db, n.net.id, { ...settings, notifySuggestions: false }, t.ctx.now());
		const quiet = await n.ask(u.asker, { area: n.riverside, languages: ['es'] });
		expect(await t.ctx.db.selectFrom('notifications').select('id').where('link', '=', `/n/${n.net.slug}/asks/${quiet}`).execute()).toHaveLength(0);
	});

	it('lists the open asks that suit a volunteer’s offers, best first', async () => {
		const n = await network();
		await n.offer(u.best, { areas: [n.riverside], languages: ['es'], hasCar: 'on' });
		const near = await n.ask(u.asker, { area: n.riverside, languages: ['es'], urgency: 'days' });
		const far = await n.ask(u.asker, { area: n.hillcrest, languages: ['es'], urgency: 'days' });
		const tutoring = await n.ask(u.asker, { category: 'tutoring', area: n.riverside, languages: ['es'] });
		const own = await n.ask(u.best, { area: n.riverside, languages: ['es'] });
		const taken = await n.ask(u.asker, { area: n.riverside, languages: ['es'] });
		await takeStep(t.ctx, actor(u.noCar), await n.access(u.noCar), taken, { action: 'claim', note: null, targetUserId: null });

		const r = await listMatchesForMe(t.ctx, actor(u.best), await n.access(u.best));
		expect(r.hasOffers).toBe(true);
		const ids = r.matches.map((m) => m.card.id);
		expect(ids).toEqual([near, far]);
		expect(ids).not.toContain(tutoring);
		expect(ids).not.toContain(own);
		expect(ids).not.toContain(taken);
		expect(r.matches[0]!.score).toBeGreaterThan(r.matches[1]!.score);
		expect(r.matches[0]!.card.areaName).toBe('Riverside');

		const none = await listMatchesForMe(t.ctx, actor(u.farCar), await n.access(u.farCar));
		expect(none).toEqual({ hasOffers: false, matches: [] });
	});

	it('after a claim expires, tells the next volunteers down the list, not the same ones again', async () => {
		const n = await network();
		await standardOffers(n);
		await n.offer(u.busy, { areas: [n.riverside], languages: ['es'], hasCar: 'on' });
		const id = await n.ask(u.asker, { area: n.riverside, languages: ['es'], needsCar: 'on', urgency: 'days' });
		const toldAbout = async () =>
			(
				await t.ctx.db
					.selectFrom('notifications')
					.select('user_id')
					.where('kind', '=', 'ask_nearby')
					.where('link', '=', `/n/${n.net.slug}/asks/${id}`)
					.execute()
			).map((r) => r.user_id);
		const first = await toldAbout();
		expect(first).toHaveLength(3);
		expect(first).toContain(u.best);
		expect(first).toContain(u.busy);
		expect(first).not.toContain(u.noCar);

		await takeStep(t.ctx, actor(u.best), await n.access(u.best), id, { action: 'claim', note: null, targetUserId: null });
		t.clock.advance(49 * 3_600_000);
		expect((await runAskLifecycle(t.ctx)).claimsExpired).toBeGreaterThanOrEqual(1);
		expect((await n.row(id)).status).toBe('open');
		const after = await toldAbout();
		// Everyone suitable has now heard once; the one whose claim lapsed was not told again.
		expect([...after].sort()).toEqual([u.best, u.busy, u.farCar, u.noSpanish, u.noCar].sort());
		expect(after.filter((x) => x === u.best)).toHaveLength(1);
	});
});

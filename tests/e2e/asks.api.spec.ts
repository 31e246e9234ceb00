import type { APIRequestContext, APIResponse } from '@playwright/test';
import { expect, msg, test } from './fixtures';
import { apiClient, apiToken } from './api-helpers';

/**
 * Asks, claims, private deliveries and offers through the JSON API, with real tokens of the demo
 * people of maple-street: Rosa (demo-admin), Marcus (demo-steward), Lin (demo-neighbor) and
 * Guadalupe (demo-vecina), plus Ife (demo-other), admin of another network only. HTTP calls only,
 * so this runs once, in the `api` project.
 */

const NET = '/api/v1/networks/maple-street';

type Who = 'admin' | 'steward' | 'neighbor' | 'vecina' | 'other';
const USERNAMES: Record<Who, string> = {
	admin: 'demo-admin',
	steward: 'demo-steward',
	neighbor: 'demo-neighbor',
	vecina: 'demo-vecina',
	other: 'demo-other'
};
const NAMES = { admin: 'Rosa M.', steward: 'Marcus (Room 12)', neighbor: 'Lin' } as const;

const clients = {} as Record<Who, APIRequestContext>;
let anon: APIRequestContext;
const areas = new Map<string, string>();

test.beforeAll(async () => {
	// One token per person for the whole file: each is made through the account page, as a person would.
	for (const who of Object.keys(USERNAMES) as Who[]) clients[who] = await apiClient(await apiToken(USERNAMES[who]));
	anon = await apiClient(null);
	const network = await (await anon.get(NET)).json();
	for (const a of network.areas as { id: string; name: string }[]) areas.set(a.name, a.id);
});

test.afterAll(async () => {
	for (const c of Object.values(clients)) await c.dispose();
	await anon?.dispose();
});

function area(name: string): string {
	const id = areas.get(name);
	if (!id) throw new Error(`maple-street has no area "${name}"`);
	return id;
}

function unique(): string {
	return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

function askBody(over: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		category: 'groceries',
		description: 'Groceries for a family of four: rice, beans, milk',
		urgency: 'days',
		area: area('Riverside'),
		languages: ['es'],
		contactName: 'Ana',
		address: '1428 Elm Street, Apt 3',
		phone: '555-0100',
		accessNotes: 'Leave at the back door',
		...over
	};
}

async function createAsk(who: Who, over: Record<string, unknown> = {}): Promise<string> {
	const res = await clients[who].post(`${NET}/asks`, { data: askBody(over) });
	expect(res.status(), await res.text()).toBe(201);
	const body = await res.json();
	expect(res.headers().location).toBe(`${NET}/asks/${body.id}`);
	return body.id;
}

async function step(who: Who, id: string, action: string, extra: Record<string, unknown> = {}): Promise<APIResponse> {
	return clients[who].post(`${NET}/asks/${id}/status`, { data: { action, ...extra } });
}

async function detail(who: Who, id: string) {
	const res = await clients[who].get(`${NET}/asks/${id}`);
	expect(res.status(), `${who} GET ask`).toBe(200);
	return res.json();
}

async function errorOf(res: APIResponse): Promise<{ code: string; message: string; fields?: Record<string, string> }> {
	return (await res.json()).error;
}

test.describe('asks and offers API', () => {
	test('a neighbour asks, another claims, picks up and delivers, the asker confirms; every view by someone else is logged', async () => {
		const id = await createAsk('vecina', { description: 'Diapers size 4 and formula', category: 'hygiene' });

		// The person who asked sees the history and an empty access log; their own views are not logged.
		const mine = await detail('vecina', id);
		expect(mine.card).toMatchObject({ id, status: 'open', category: 'hygiene', areaName: 'Riverside' });
		expect(mine.role).toEqual({ requester: true, recorder: false, claimant: false, steward: false });
		expect(mine.actions).toEqual(['cancel']);
		expect(mine.events.map((e: { kind: string }) => e.kind)).toEqual(['created']);
		expect(mine.accessLog).toEqual([]);
		const own = await clients.vecina.post(`${NET}/asks/${id}/reveal`);
		expect(own.status()).toBe(200);
		expect(await own.json()).toEqual({ contactName: 'Ana', address: '1428 Elm Street, Apt 3', phone: '555-0100', accessNotes: 'Leave at the back door' });
		expect((await detail('vecina', id)).accessLog).toEqual([]);

		// Before claiming, Lin sees the card only, may claim, and may not see the address.
		const before = await detail('neighbor', id);
		expect(before).toMatchObject({ actions: ['claim'], canReveal: false, events: null, accessLog: null, claimantName: null });
		const early = await clients.neighbor.post(`${NET}/asks/${id}/reveal`);
		expect(early.status()).toBe(403);
		expect((await errorOf(early)).code).toBe('private_not_visible');

		const ownClaim = await clients.vecina.post(`${NET}/asks/${id}/claim`);
		expect(ownClaim.status()).toBe(403);
		expect((await errorOf(ownClaim)).code).toBe('own_ask');

		const claim = await clients.neighbor.post(`${NET}/asks/${id}/claim`);
		expect(claim.status()).toBe(200);
		expect(await claim.json()).toEqual({ id, status: 'claimed' });
		const second = await clients.steward.post(`${NET}/asks/${id}/claim`);
		expect(second.status()).toBe(409);
		expect(await errorOf(second)).toEqual({ code: 'already_claimed', message: msg('en', 'error_already_claimed') });
		// Claiming alone reads nothing private, so it leaves no access-log row.
		expect((await detail('vecina', id)).accessLog).toEqual([]);

		const claimed = await detail('neighbor', id);
		expect(claimed.role.claimant).toBe(true);
		expect(claimed.canReveal).toBe(true);
		expect(claimed.actions).toEqual(expect.arrayContaining(['release', 'hand_over', 'pick_up', 'deliver', 'could_not_deliver']));
		expect(claimed.accessLog).toBeNull();
		expect(claimed.claimantName).toBe(NAMES.neighbor);

		// Each view by the claimant or a steward is one row the person who asked can read.
		expect((await clients.neighbor.post(`${NET}/asks/${id}/reveal`)).status()).toBe(200);
		let log = (await detail('vecina', id)).accessLog;
		expect(log).toHaveLength(1);
		expect(log[0]).toMatchObject({ viewerName: NAMES.neighbor, purpose: 'delivery' });
		expect(Date.parse(log[0].at)).not.toBeNaN();
		const stewardView = await clients.steward.post(`${NET}/asks/${id}/reveal`);
		expect(stewardView.status()).toBe(200);
		expect((await stewardView.json()).address).toBe('1428 Elm Street, Apt 3');
		log = (await detail('vecina', id)).accessLog;
		expect(log.map((r: { viewerName: string }) => r.viewerName).sort()).toEqual([NAMES.steward, NAMES.neighbor].sort());
		expect(log.find((r: { viewerName: string }) => r.viewerName === NAMES.steward).purpose).toBe('coordination');

		// Steps out of order are 409, and nothing changes.
		const tooEarly = await step('neighbor', id, 'confirm');
		expect(tooEarly.status()).toBe(409);
		expect((await errorOf(tooEarly)).code).toBe('ask_status_changed');
		expect((await step('neighbor', id, 'pick_up')).status()).toBe(200);
		const again = await step('neighbor', id, 'pick_up');
		expect(again.status()).toBe(409);
		expect((await errorOf(again)).code).toBe('ask_status_changed');

		const mineLists = await (await clients.neighbor.get(`${NET}/asks/mine`)).json();
		expect(mineLists.claimed.map((c: { id: string }) => c.id)).toContain(id);
		expect(mineLists.asked.map((c: { id: string }) => c.id)).not.toContain(id);
		const vecinaLists = await (await clients.vecina.get(`${NET}/asks/mine`)).json();
		expect(vecinaLists.asked.find((c: { id: string }) => c.id === id)).toMatchObject({ status: 'picked_up' });

		const delivered = await step('neighbor', id, 'deliver');
		expect(await delivered.json()).toEqual({ id, status: 'delivered' });
		// The claimant can still find the door during the grace period; that view is logged too.
		const afterDelivery = await detail('neighbor', id);
		expect(Date.parse(afterDelivery.revealUntil)).toBeGreaterThan(Date.now());
		expect((await clients.neighbor.post(`${NET}/asks/${id}/reveal`)).status()).toBe(200);
		expect((await detail('vecina', id)).accessLog).toHaveLength(3);

		expect((await step('neighbor', id, 'confirm')).status()).toBe(403);
		expect(await (await step('vecina', id, 'confirm')).json()).toEqual({ id, status: 'closed' });

		const done = await detail('vecina', id);
		expect(done.card.status).toBe('closed');
		expect(done.events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'claim', 'pick_up', 'deliver', 'confirm']);
		expect(done.events.every((e: Record<string, unknown>) => !('actorId' in e) && !('claimantId' in e))).toBe(true);
		for (const at of [done.card.createdAt, done.claimedAt, done.deliveredAt, done.closedAt])
			expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		// A finished ask is nobody's business but the people involved.
		expect((await clients.admin.get(`${NET}/asks/${id}`)).status()).toBe(200);
		expect((await clients.vecina.get(`${NET}/asks/${id}`)).status()).toBe(200);
		expect((await clients.neighbor.get(`${NET}/asks/${id}`)).status()).toBe(200);
	});

	test('stewards record asks for someone without an account: the status code is shown once; others may not', async () => {
		const res = await clients.steward.post(`${NET}/asks`, {
			data: askBody({ onBehalf: true, description: 'A ride to the clinic on Friday', category: 'ride' })
		});
		expect(res.status()).toBe(201);
		const created = await res.json();
		expect(created.status).toBe('open');
		expect(created.followToken).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);

		const seen = await detail('steward', created.id);
		expect(seen.source).toBe('on_behalf');
		expect(seen.role).toEqual({ requester: false, recorder: true, claimant: false, steward: true });
		expect(JSON.stringify(seen)).not.toContain(created.followToken);
		const lists = await clients.steward.get(`${NET}/asks/mine`);
		expect((await lists.json()).recorded.map((c: { id: string }) => c.id)).toContain(created.id);
		expect(await lists.text()).not.toContain(created.followToken);

		const own = await clients.neighbor.post(`${NET}/asks`, { data: askBody() });
		expect(own.status()).toBe(201);
		const self = await own.json();
		expect(self.followToken).toBeNull();

		const refused = await clients.neighbor.post(`${NET}/asks`, { data: askBody({ onBehalf: true }) });
		expect(refused.status()).toBe(403);
		expect((await errorOf(refused)).code).toBe('forbidden');

		// Neither is left on the board for other flows.
		expect((await step('steward', created.id, 'cancel')).status()).toBe(200);
		expect(await (await step('neighbor', self.id, 'cancel')).json()).toEqual({ id: self.id, status: 'cancelled' });
	});

	test('invalid asks and steps are 400 with a message per field, in the caller’s language', async () => {
		const missing = await clients.neighbor.post(`${NET}/asks`, { data: askBody({ description: undefined }) });
		expect(missing.status()).toBe(400);
		expect(await errorOf(missing)).toEqual({ code: 'invalid', message: msg('en', 'error_invalid'), fields: { description: msg('en', 'error_required') } });

		const long = await clients.neighbor.post(`${NET}/asks`, { data: askBody({ description: 'x'.repeat(281), urgency: 'yesterday' }) });
		expect(long.status()).toBe(400);
		expect((await errorOf(long)).fields).toEqual({ description: msg('en', 'error_too_long'), urgency: msg('en', 'error_invalid_choice') });

		const category = await clients.neighbor.post(`${NET}/asks`, { data: askBody({ category: 'spaceships' }) });
		expect(category.status()).toBe(400);
		expect((await errorOf(category)).fields).toEqual({ category: msg('en', 'error_invalid_choice') });

		const otherArea = await clients.neighbor.post(`${NET}/asks`, {
			headers: { 'accept-language': 'es' },
			data: askBody({ area: '0190d2c4-0000-7000-8000-000000000000' })
		});
		expect(otherArea.status()).toBe(400);
		// The neighbour's saved language (none) gives way to Accept-Language.
		expect((await errorOf(otherArea)).fields).toEqual({ area: msg('es', 'error_invalid_choice') });

		const past = await clients.neighbor.post(`${NET}/asks`, { data: askBody({ neededBy: '2020-01-01' }) });
		expect(past.status()).toBe(400);
		expect(Object.keys((await errorOf(past)).fields ?? {})).toEqual(['neededBy']);

		// Text that should not be written down: 422 naming what was found; resent as confirmed, it goes in.
		const risky = askBody({ description: 'Groceries please, we are undocumented and scared to go out' });
		const warned = await clients.neighbor.post(`${NET}/asks`, { data: risky });
		expect(warned.status()).toBe(422);
		const warning = await warned.json();
		expect(warning.error).toMatchObject({
			code: 'sensitive_unconfirmed',
			fields: { confirmSensitive: msg('en', 'error_sensitive_unconfirmed') },
			kinds: ['immigration_status'],
			kindMessages: [msg('en', 'sensitive_immigration_status')]
		});
		const confirmed = await clients.neighbor.post(`${NET}/asks`, { data: { ...risky, confirmSensitive: true } });
		expect(confirmed.status()).toBe(201);
		const riskyId: string = (await confirmed.json()).id;

		const unknownAction = await step('neighbor', riskyId, 'teleport');
		expect(unknownAction.status()).toBe(400);
		expect((await errorOf(unknownAction)).fields).toEqual({ action: msg('en', 'error_invalid_choice') });
		// The claim has its own endpoint.
		expect((await step('steward', riskyId, 'claim')).status()).toBe(400);
		expect((await clients.steward.post(`${NET}/asks/${riskyId}/claim`)).status()).toBe(200);
		const noNote = await step('steward', riskyId, 'could_not_deliver');
		expect(noNote.status()).toBe(400);
		expect((await errorOf(noNote)).fields).toEqual({ note: msg('en', 'error_note_required') });
		const noTarget = await step('steward', riskyId, 'hand_over');
		expect(noTarget.status()).toBe(400);
		expect(Object.keys((await errorOf(noTarget)).fields ?? {})).toEqual(['targetUserId']);
		const notJson = await clients.steward.post(`${NET}/asks/${riskyId}/status`, { headers: { 'content-type': 'text/plain' }, data: 'deliver' });
		expect(notJson.status()).toBe(415);
		// A steward hands the claim to another member by id; the person who asked cannot be given their own ask.
		const members = (await (await clients.steward.get(`${NET}/members?q=Guadalupe`)).json()).items as { userId: string }[];
		expect(members).toHaveLength(1);
		const requesterId = (await (await clients.neighbor.get('/api/v1/me')).json()).id;
		const toRequester = await step('steward', riskyId, 'reassign', { targetUserId: requesterId });
		expect(toRequester.status()).toBe(400);
		expect(Object.keys((await errorOf(toRequester)).fields ?? {})).toEqual(['targetUserId']);
		expect(await (await step('steward', riskyId, 'reassign', { targetUserId: members[0]?.userId })).json()).toEqual({ id: riskyId, status: 'claimed' });
		expect((await detail('vecina', riskyId)).role.claimant).toBe(true);
		expect((await step('neighbor', riskyId, 'reassign', { targetUserId: members[0]?.userId })).status()).toBe(403);
		expect((await step('neighbor', riskyId, 'cancel')).status()).toBe(200);

		// Board filters and paging.
		expect((await clients.neighbor.get(`${NET}/asks?page=0`)).status()).toBe(400);
		expect((await clients.neighbor.get(`${NET}/asks?status=everything`)).status()).toBe(400);
		expect((await clients.neighbor.get(`${NET}/asks?q=${'x'.repeat(101)}`)).status()).toBe(400);
		expect((await clients.neighbor.get(`${NET}/asks/not-an-id`)).status()).toBe(404);
		expect((await clients.neighbor.post(`${NET}/offers/not-an-id/close`)).status()).toBe(404);
	});

	test('the board filters cards; review is for stewards; offers feed the stewards’ suggestions', async () => {
		const word = unique();
		const id = await createAsk('vecina', { description: `Winter coats, size 8 ${word}`, category: 'clothing', area: area('Hillcrest'), urgency: 'week' });

		const hit = await (await clients.neighbor.get(`${NET}/asks?q=${word}`)).json();
		expect(hit.items.map((c: { id: string }) => c.id)).toEqual([id]);
		expect(hit).toMatchObject({ page: 1, pageCount: 1, total: 1 });
		expect(Object.keys(hit.items[0]).sort()).toEqual(
			[
				'areaName',
				'category',
				'createdAt',
				'description',
				'householdSize',
				'id',
				'languages',
				'needsCar',
				'neededBy',
				'pickupPoint',
				'quantity',
				'status',
				'urgency'
			].sort()
		);
		const filtered = async (query: string) => (await (await clients.neighbor.get(`${NET}/asks?q=${word}&${query}`)).json()).items.length;
		expect(await filtered('category=clothing')).toBe(1);
		expect(await filtered('category=groceries')).toBe(0);
		expect(await filtered(`area=${area('Hillcrest')}`)).toBe(1);
		expect(await filtered(`area=${area('Riverside')}`)).toBe(0);
		expect(await filtered('urgency=week')).toBe(1);
		expect(await filtered('urgency=today')).toBe(0);
		expect(await filtered('language=es')).toBe(1);
		expect(await filtered('language=so')).toBe(0);

		const review = await clients.neighbor.get(`${NET}/asks?status=review`);
		expect(review.status()).toBe(403);
		expect((await clients.steward.get(`${NET}/asks?status=review`)).status()).toBe(200);

		// Lin offers clothing help in Hillcrest; the stewards see Lin suggested, with reasons.
		const offer = await clients.neighbor.post(`${NET}/offers`, {
			data: {
				category: 'clothing',
				description: `Sorting and bringing clothes ${word}`,
				areas: [area('Hillcrest')],
				days: ['0', '1', '2', '3', '4', '5', '6'],
				from: '08:00',
				to: '20:00',
				hasCar: true,
				languages: ['es', 'en']
			}
		});
		expect(offer.status(), await offer.text()).toBe(201);
		const offerId: string = (await offer.json()).id;
		const badOffer = await clients.neighbor.post(`${NET}/offers`, { data: { category: 'clothing', description: '', areas: ['nowhere'], from: '25:00' } });
		expect(badOffer.status()).toBe(400);
		expect(Object.keys((await errorOf(badOffer)).fields ?? {}).sort()).toEqual(['description', 'from']);
		const badArea = await clients.neighbor.post(`${NET}/offers`, { data: { category: 'clothing', description: 'Help', areas: ['nowhere'] } });
		expect((await errorOf(badArea)).fields).toEqual({ areas: msg('en', 'error_invalid_choice') });

		const board = await (await clients.vecina.get(`${NET}/offers?category=clothing&area=${area('Hillcrest')}`)).json();
		const card = board.items.find((o: { id: string }) => o.id === offerId);
		expect(card).toMatchObject({ category: 'clothing', areaNames: ['Hillcrest'], hasCar: true, status: 'active' });
		expect(card.availability).toHaveLength(7);
		expect(card.availability[0]).toEqual({ day: 0, startMinute: 480, endMinute: 1200 });
		expect(Object.keys(card)).not.toContain('userId');
		expect((await (await clients.neighbor.get(`${NET}/offers/mine`)).json()).items.map((o: { id: string }) => o.id)).toContain(offerId);
		expect((await (await clients.vecina.get(`${NET}/offers/mine`)).json()).items.map((o: { id: string }) => o.id)).not.toContain(offerId);

		const suggestions = await clients.steward.get(`${NET}/asks/${id}/suggestions`);
		expect(suggestions.status()).toBe(200);
		const lin = (await suggestions.json()).items.find((s: { name: string }) => s.name === NAMES.neighbor);
		expect(lin.offerId).toBe(offerId);
		expect(lin.score).toBeGreaterThan(0);
		expect(lin.reasons.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['offers_category', 'serves_area', 'speaks']));
		expect((await clients.neighbor.get(`${NET}/asks/${id}/suggestions`)).status()).toBe(403);

		// Only the offerer closes an offer; then it leaves the board.
		expect((await clients.vecina.post(`${NET}/offers/${offerId}/close`)).status()).toBe(404);
		expect((await clients.neighbor.post(`${NET}/offers/${offerId}/close`)).status()).toBe(204);
		const after = await (await clients.vecina.get(`${NET}/offers?category=clothing`)).json();
		expect(after.items.map((o: { id: string }) => o.id)).not.toContain(offerId);
		expect((await (await clients.neighbor.get(`${NET}/offers/mine`)).json()).items.find((o: { id: string }) => o.id === offerId).status).toBe('closed');
		expect((await step('vecina', id, 'cancel')).status()).toBe(200);
	});

	test('no leak: the private part is only ever in the reveal answer of those allowed to see it', async () => {
		const tag = unique();
		const digits = String(Date.now()).slice(-7);
		const secrets = {
			contactName: `Contact ${tag}`,
			address: `${tag} Hidden Lane`,
			phone: `+1 (${digits.slice(0, 3)}) ${digits.slice(3)}-77`,
			accessNotes: `Knock twice, ${tag} notes`
		};
		const needles = Object.values(secrets);
		// Lin offers help of this kind, so the suggestions endpoint has someone to show.
		const offer = await clients.neighbor.post(`${NET}/offers`, {
			data: { category: 'medicine', description: `Pharmacy runs ${tag}`, areas: [area('Old Town')] }
		});
		expect(offer.status()).toBe(201);
		const offerId: string = (await offer.json()).id;
		const id = await createAsk('vecina', { ...secrets, category: 'medicine', area: area('Old Town'), description: `Pick up a prescription ${tag}` });

		/** Every read (and every refused write) of the asks and offers API, for one ask. */
		const probes = (askId: string, net = NET): [string, string][] => [
			['GET', `${net}/asks`],
			['GET', `${net}/asks?q=${tag}`],
			['GET', `${net}/asks?status=review`],
			['GET', `${net}/asks/mine`],
			['GET', `${net}/asks/${askId}`],
			['GET', `${net}/asks/${askId}/suggestions`],
			['GET', `${net}/offers`],
			['GET', `${net}/offers/mine`]
		];
		let responses = 0;
		async function expectClean(who: Who | 'anonymous', client: APIRequestContext, method: string, url: string, data?: unknown): Promise<APIResponse> {
			const res = await client.fetch(url, { method, ...(data === undefined ? {} : { data }) });
			const text = await res.text();
			for (const needle of needles) expect(text, `${who} ${method} ${url} must not contain "${needle}"`).not.toContain(needle);
			responses += 1;
			return res;
		}
		/** Reveal: the private part for those allowed, 403 and nothing for anyone else. */
		async function expectReveal(who: Who, allowed: boolean): Promise<void> {
			const res = await clients[who].post(`${NET}/asks/${id}/reveal`);
			const text = await res.text();
			if (allowed) {
				expect(res.status(), `${who} reveal`).toBe(200);
				expect(JSON.parse(text)).toEqual(secrets);
			} else {
				expect(res.status(), `${who} reveal`).toBe(403);
				expect(JSON.parse(text).error.code).toBe('private_not_visible');
				for (const needle of needles) expect(text, `${who} refused reveal`).not.toContain(needle);
			}
		}
		const members: Who[] = ['admin', 'steward', 'neighbor', 'vecina'];
		async function sweep(): Promise<void> {
			for (const who of [...members, 'other'] as const) {
				for (const [method, url] of probes(id)) {
					const res = await expectClean(who, clients[who], method, url);
					if (who === 'other') expect(res.status(), `outsider ${method} ${url}`).toBe(403);
					else expect([200, 403], `${who} ${method} ${url}`).toContain(res.status());
				}
				// Errors must not carry it either: a bad step, a bad body, a claim that is not allowed.
				await expectClean(who, clients[who], 'POST', `${NET}/asks/${id}/status`, { action: 'teleport' });
				await expectClean(who, clients[who], 'POST', `${NET}/asks/${id}/status`, { action: 'confirm' });
			}
			for (const [method, url] of [...probes(id), ['POST', `${NET}/asks/${id}/reveal`], ['POST', `${NET}/asks/${id}/claim`]] as [string, string][]) {
				const res = await expectClean('anonymous', anon, method, url);
				expect(res.status(), `anonymous ${method} ${url}`).toBe(401);
			}
			// The outsider's own network does not hold this ask at all.
			for (const [method, url] of [...probes(id, '/api/v1/networks/eastgate-tenants'), ['POST', `/api/v1/networks/eastgate-tenants/asks/${id}/reveal`]] as [
				string,
				string
			][]) {
				const res = await expectClean('other', clients.other, method, url);
				expect([200, 404], `outsider in own network ${method} ${url}`).toContain(res.status());
				if (url.includes(id)) expect(res.status(), `outsider in own network ${method} ${url}`).toBe(404);
			}
			const outsiderReveal = await expectClean('other', clients.other, 'POST', `${NET}/asks/${id}/reveal`);
			expect(outsiderReveal.status()).toBe(403);
			const outsiderClaim = await expectClean('other', clients.other, 'POST', `${NET}/asks/${id}/claim`);
			expect(outsiderClaim.status()).toBe(403);
		}

		// While the ask is open: the person who asked and the coordinators may see it; Lin may not.
		await sweep();
		await expectReveal('vecina', true);
		await expectReveal('admin', true);
		await expectReveal('steward', true);
		await expectReveal('neighbor', false);

		// Lin claims: now Lin may see it too, and the claim answer itself carries nothing private.
		const claim = await expectClean('neighbor', clients.neighbor, 'POST', `${NET}/asks/${id}/claim`);
		expect(claim.status()).toBe(200);
		await sweep();
		await expectReveal('neighbor', true);

		// Lin lets it go: the details are closed to Lin again.
		expect((await expectClean('neighbor', clients.neighbor, 'POST', `${NET}/asks/${id}/status`, { action: 'release' })).status()).toBe(200);
		await sweep();
		await expectReveal('neighbor', false);
		expect(responses).toBeGreaterThan(100);

		// Every view by someone other than the person who asked is in their log: admin, steward, Lin.
		const log = (await detail('vecina', id)).accessLog as { viewerName: string; purpose: string }[];
		expect(log.map((r) => r.viewerName).sort()).toEqual([NAMES.admin, NAMES.steward, NAMES.neighbor].sort());
		expect(log.map((r) => r.purpose).sort()).toEqual(['coordination', 'coordination', 'delivery']);
		// …and only they and the coordinators see that log.
		expect((await detail('neighbor', id)).accessLog).toBeNull();
		expect((await detail('admin', id)).accessLog).toHaveLength(3);

		expect((await step('vecina', id, 'cancel')).status()).toBe(200);
		expect((await clients.neighbor.post(`${NET}/offers/${offerId}/close`)).status()).toBe(204);
	});
});

import { expect, msg, test } from './fixtures';
import { apiClient, apiToken, signedInContext } from './api-helpers';

/**
 * The JSON API over the same services and rules as the pages. These tests make HTTP calls only,
 * so they run in the `api` project, not once per browser mode.
 */

test.describe('API v1', () => {
	test('publishes its OpenAPI 3.1 description and public network data without a token', async () => {
		const api = await apiClient(null);
		const doc = await api.get('/api/v1/openapi.json');
		expect(doc.status()).toBe(200);
		expect((await doc.json()).openapi).toBe('3.1.0');

		// The directory is paged (20 a page, newest first); other flows make networks of their own,
		// so the demo network may be on any page: walk them as a client would.
		const slugs: string[] = [];
		let pageCount = 1;
		for (let page = 1; page <= pageCount; page++) {
			const list = await api.get(`/api/v1/networks?page=${page}`);
			expect(list.status()).toBe(200);
			const body = await list.json();
			expect(body.page).toBe(page);
			expect(body.items.length).toBeLessThanOrEqual(20);
			pageCount = body.pageCount;
			slugs.push(...body.items.map((n: { slug: string }) => n.slug));
		}
		expect(slugs).toContain('maple-street');

		const one = await api.get('/api/v1/networks/maple-street');
		expect(one.status()).toBe(200);
		const maple = await one.json();
		expect(maple.areas.map((a: { name: string }) => a.name)).toEqual(['Riverside', 'Hillcrest', 'Old Town', 'Eastgate']);
		expect(maple.membership).toBeNull();

		const missing = await api.get('/api/v1/networks/no-such-network');
		expect(missing.status()).toBe(404);
		expect((await missing.json()).error.code).toBe('network_not_found');
		await api.dispose();
	});

	test('refuses member-only endpoints without a token, and does not accept a session cookie instead', async () => {
		const anon = await apiClient(null);
		for (const path of ['/api/v1/me', '/api/v1/networks/maple-street/members']) {
			const res = await anon.get(path);
			expect(res.status(), path).toBe(401);
			expect((await res.json()).error).toEqual({ code: 'token_required', message: msg('en', 'error_token_required') });
		}
		await anon.dispose();

		// A browser session must not open the API: a cross-site page could otherwise use it. It is
		// told to use a token, not that its session has ended (it has not).
		const browserLike = await signedInContext('demo-admin');
		const res = await browserLike.get('/api/v1/me');
		expect(res.status()).toBe(401);
		expect((await res.json()).error.code).toBe('token_required');
		await browserLike.dispose();

		const bogus = await apiClient('hth_' + 'x'.repeat(43));
		expect((await bogus.get('/api/v1/me')).status()).toBe(401);
		await bogus.dispose();
	});

	test('a token shows its owner, and members only to stewards and admins, without private fields', async () => {
		const admin = await apiClient(await apiToken('demo-admin'));
		const me = await (await admin.get('/api/v1/me')).json();
		expect(me.displayName).toBe('Rosa M.');
		expect(me.networks).toContainEqual({ slug: 'maple-street', name: 'Maple Street School Community', role: 'admin', status: 'active' });

		const members = await admin.get('/api/v1/networks/maple-street/members');
		expect(members.status()).toBe(200);
		const list = await members.json();
		const names = list.items.map((m: { displayName: string }) => m.displayName);
		expect(names).toEqual(expect.arrayContaining(['Rosa M.', 'Marcus (Room 12)', 'Lin']));
		for (const item of list.items) expect(Object.keys(item).sort()).toEqual(['displayName', 'joinedAt', 'role', 'status', 'userId']);

		const pending = await (await admin.get('/api/v1/networks/maple-street/members?status=pending')).json();
		expect(pending.items.map((m: { displayName: string }) => m.displayName)).toContain('Sam T.');
		expect((await admin.get('/api/v1/networks/maple-street/members?status=everyone')).status()).toBe(400);
		await admin.dispose();

		const neighbour = await apiClient(await apiToken('demo-neighbor'));
		const refused = await neighbour.get('/api/v1/networks/maple-street/members');
		expect(refused.status()).toBe(403);
		expect((await refused.json()).error.code).toBe('forbidden');
		await neighbour.dispose();

		const outsider = await apiClient(await apiToken('demo-other'));
		expect((await outsider.get('/api/v1/networks/maple-street/members')).status()).toBe(403);
		expect((await outsider.patch('/api/v1/networks/maple-street', { data: { name: 'Taken over', languages: ['en'], joinPolicy: 'open' } })).status()).toBe(403);
		await outsider.dispose();
	});

	test('creating a network validates the body with field messages in the caller’s language', async () => {
		const token = await apiToken('demo-admin');
		const es = await apiClient(token, 'es');
		const bad = await es.post('/api/v1/networks', { data: { name: '', slug: 'No Spaces!', languages: [], joinPolicy: 'sometimes' } });
		expect(bad.status()).toBe(400);
		const err = (await bad.json()).error;
		expect(err.code).toBe('invalid');
		expect(err.fields.name).toBe('Este campo es obligatorio.');
		expect(err.fields.slug).toMatch(/letras minúsculas/);
		expect(Object.keys(err.fields).sort()).toEqual(['joinPolicy', 'languages', 'name', 'slug']);

		const notJson = await es.post('/api/v1/networks', { headers: { 'content-type': 'text/plain' }, data: 'hello' });
		expect(notJson.status()).toBe(415);
		const broken = await es.post('/api/v1/networks', { headers: { 'content-type': 'application/json' }, data: '{"name":' });
		expect(broken.status()).toBe(400);
		const huge = await es.post('/api/v1/networks', { data: { name: 'x', description: 'y'.repeat(70_000) } });
		expect(huge.status()).toBe(413);
		await es.dispose();

		const en = await apiClient(token, 'en');
		const slug = `api-${Date.now().toString(36)}`;
		const input = { name: 'Api Street', slug, description: 'Made by the API test', areas: ['North', 'South'], languages: ['en', 'es'], joinPolicy: 'open' };
		const created = await en.post('/api/v1/networks', { data: input });
		expect(created.status()).toBe(201);
		expect(created.headers().location).toBe(`/api/v1/networks/${slug}`);
		const again = await en.post('/api/v1/networks', { data: input });
		expect(again.status()).toBe(409);
		expect((await again.json()).error).toEqual({
			code: 'slug_taken',
			message: 'That web address is taken. Please choose another.',
			fields: { slug: 'That web address is taken. Please choose another.' }
		});

		const shown = await (await en.get(`/api/v1/networks/${slug}`)).json();
		expect(shown).toMatchObject({ slug, name: 'Api Street', joinPolicy: 'open', memberCount: 1, membership: { role: 'admin', status: 'active' } });
		await en.dispose();
	});

	test('a PATCH changes only the keys it names; an area taken off the list stays on the asks made in it', async () => {
		const admin = await apiClient(await apiToken('demo-admin'));
		const slug = `patch-${Date.now().toString(36)}`;
		const made = await admin.post('/api/v1/networks', {
			data: { name: 'Patch Street', slug, description: 'Our words', areas: ['Riverside', 'Hillcrest'], languages: ['en', 'es'], joinPolicy: 'open' }
		});
		expect(made.status()).toBe(201);
		const areas: { id: string; name: string }[] = (await (await admin.get(`/api/v1/networks/${slug}`)).json()).areas;
		const riverside = areas.find((a) => a.name === 'Riverside')!;
		const ask = await admin.post(`/api/v1/networks/${slug}/asks`, {
			data: { category: 'groceries', description: 'Rice and beans for four', urgency: 'days', area: riverside.id, languages: ['en'] }
		});
		expect(ask.status(), await ask.text()).toBe(201);
		const askId: string = (await ask.json()).id;

		const renamed = await admin.patch(`/api/v1/networks/${slug}`, { data: { name: 'Patch Street North' } });
		expect(renamed.status(), await renamed.text()).toBe(200);
		expect(await renamed.json()).toMatchObject({ name: 'Patch Street North', description: 'Our words', languages: ['en', 'es'], joinPolicy: 'open', areas });

		const fewer = await admin.patch(`/api/v1/networks/${slug}`, { data: { areas: ['Hillcrest'] } });
		expect((await fewer.json()).areas.map((a: { name: string }) => a.name)).toEqual(['Hillcrest']);
		const shown = await (await admin.get(`/api/v1/networks/${slug}/asks/${askId}`)).json();
		expect(shown.card.areaName).toBe('Riverside');
		await admin.dispose();
	});

	test('joining and leaving follow the policy; the last admin cannot leave', async () => {
		const adminToken = await apiToken('demo-admin');
		const admin = await apiClient(adminToken);
		const slug = `join-${Date.now().toString(36)}`;
		expect((await admin.post('/api/v1/networks', { data: { name: 'Join Test', slug, languages: ['en'], joinPolicy: 'approval' } })).status()).toBe(201);

		const other = await apiClient(await apiToken('demo-other'));
		const asked = await other.post(`/api/v1/networks/${slug}/membership`, { data: {} });
		expect(asked.status()).toBe(201);
		expect(await asked.json()).toEqual({ status: 'pending' });
		// Asking twice is answered plainly: the request is already there.
		const twice = await other.post(`/api/v1/networks/${slug}/membership`, { data: {} });
		expect(twice.status()).toBe(409);
		expect((await twice.json()).error.code).toBe('already_member');

		const pending = await (await admin.get(`/api/v1/networks/${slug}/members?status=pending`)).json();
		const otherId: string = pending.items[0].userId;
		expect((await admin.patch(`/api/v1/networks/${slug}/members/${otherId}`, { data: { status: 'active', role: 'steward' } })).status()).toBe(204);
		expect((await (await other.get(`/api/v1/networks/${slug}`)).json()).membership).toEqual({ role: 'steward', status: 'active' });

		const last = await admin.delete(`/api/v1/networks/${slug}/membership`);
		expect(last.status()).toBe(409);
		expect((await last.json()).error.code).toBe('last_admin');

		expect((await other.delete(`/api/v1/networks/${slug}/membership`)).status()).toBe(204);
		expect((await (await other.get(`/api/v1/networks/${slug}`)).json()).membership).toBeNull();
		await admin.dispose();
		await other.dispose();
	});
});

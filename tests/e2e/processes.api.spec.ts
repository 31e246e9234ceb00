import { request, type APIRequestContext } from '@playwright/test';
import { demoPeople, expect, SERVERS, test } from './fixtures';
import { apiClient, apiToken } from './api-helpers';

/**
 * Two app processes on one PostgreSQL database (SERVERS.demoPg): nothing that matters is kept in
 * a process. A session made on one is valid on the other, the sign-in limit counts attempts made
 * on both, and a claim raced from both processes has exactly one winner.
 */

const server = SERVERS.demoPg;
const [first, second] = server.urls as [string, string];
const NET = '/api/v1/networks/maple-street';

function form(origin: string): Promise<APIRequestContext> {
	return request.newContext({ extraHTTPHeaders: { origin, accept: 'text/html' } });
}

test('a session made on one process is valid on the other, and signing out on one ends it on both', async () => {
	const person = demoPeople(server).find((p) => p.username === 'demo-neighbor');
	if (!person) throw new Error('no demo-neighbor');
	const ctx = await form(first);
	try {
		const signin = await ctx.post(`${first}/signin`, { form: { username: person.username, passphrase: person.passphrase }, maxRedirects: 0 });
		expect(signin.status()).toBe(303);
		for (const url of [first, second]) expect((await ctx.get(`${url}/account`, { maxRedirects: 0 })).status(), url).toBe(200);
		// The cookie as it was before signing out: replayed afterwards, it must open nothing.
		const before = await ctx.storageState();
		const signout = await ctx.post(`${second}/signout`, { headers: { origin: second }, form: {}, maxRedirects: 0 });
		expect(signout.status()).toBe(303);
		const replay = await request.newContext({ storageState: before });
		try {
			for (const url of [first, second]) expect((await replay.get(`${url}/account`, { maxRedirects: 0 })).status(), url).toBe(303);
		} finally {
			await replay.dispose();
		}
	} finally {
		await ctx.dispose();
	}
});

test('the sign-in limit counts attempts on both processes', async () => {
	const username = `nobody-${Date.now().toString(36)}`;
	const ctx = await form(first);
	try {
		const attempt = (url: string) =>
			ctx.post(`${url}/signin`, { headers: { origin: url }, form: { username, passphrase: 'not the passphrase at all' }, maxRedirects: 0 });
		// Ten wrong attempts, alternating between the processes: each is refused as wrong.
		for (let i = 0; i < 10; i++) expect((await attempt(i % 2 === 0 ? first : second)).status(), `attempt ${i + 1}`).toBe(400);
		// The eleventh is over the limit on either process.
		expect((await attempt(first)).status()).toBe(429);
		expect((await attempt(second)).status()).toBe(429);
	} finally {
		await ctx.dispose();
	}
});

test('a claim raced from both processes has one winner', async () => {
	const [asker, a, b] = await Promise.all(
		['demo-vecina', 'demo-neighbor', 'demo-steward'].map(async (u, i) => apiClient(await apiToken(u, undefined, server), 'en', i === 2 ? second : first))
	);
	if (!asker || !a || !b) throw new Error('three clients');
	try {
		const network = await (await asker.get(NET)).json();
		const area = (network.areas as { id: string }[])[0]?.id;
		for (let round = 0; round < 5; round++) {
			const created = await asker.post(`${NET}/asks`, {
				data: {
					category: 'groceries',
					description: `Race round ${round}: rice and beans`,
					urgency: 'days',
					area,
					languages: ['es'],
					contactName: 'Ana',
					address: '1 Race Road',
					phone: '555-0100'
				}
			});
			expect(created.status(), await created.text()).toBe(201);
			const { id } = await created.json();
			const answers = await Promise.all([a.post(`${NET}/asks/${id}/claim`), b.post(`${NET}/asks/${id}/claim`)]);
			const statuses = answers.map((r) => r.status()).sort();
			expect(statuses, `round ${round}`).toEqual([200, 409]);
			const loser = answers.find((r) => r.status() === 409);
			if (!loser) throw new Error('no 409');
			expect((await loser.json()).error.code).toBe('already_claimed');
			const detail = await (await asker.get(`${NET}/asks/${id}`)).json();
			expect(detail.card.status).toBe('claimed');
			const winner = answers.findIndex((r) => r.status() === 200);
			expect(detail.claimantName).toBe(winner === 0 ? 'Lin' : 'Marcus (Room 12)');
		}
	} finally {
		await Promise.all([asker, a, b].map((c) => c?.dispose()));
	}
});

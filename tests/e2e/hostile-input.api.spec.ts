import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request, type APIRequestContext } from '@playwright/test';
import { demoPeople, expect, SERVERS, test, type E2eServer } from './fixtures';
import { apiClient, apiToken } from './api-helpers';

/**
 * Hostile input never gets a 5xx: a NUL byte (which PostgreSQL cannot store) and other control
 * characters in every field of every form action and JSON endpoint, and in the query of every
 * page, on SQLite and on PostgreSQL. The actions, pages and fields are read from the route files,
 * so a new one joins the sweep by itself. HTTP only.
 */

const ROUTES = join(fileURLToPath(new URL('../..', import.meta.url)), 'src', 'routes');
const NUL = 'a\u0000b';

function walk(dir: string): string[] {
	return readdirSync(dir).flatMap((entry) => {
		const path = join(dir, entry);
		return statSync(path).isDirectory() ? walk(path) : [path];
	});
}

/** The URL path of a route directory, with its parameters filled in. */
function pathOf(file: string, params: Record<string, string>): string {
	const dir = relative(ROUTES, join(file, '..'));
	const segments = dir === '' ? [] : dir.split(sep).filter((s) => !/^\(.*\)$/.test(s));
	return `/${segments.map((s) => s.replace(/^\[\.{0,3}(\w+)\]$/, (_, name: string) => params[name] ?? '00000000-0000-7000-8000-000000000000')).join('/')}`;
}

/** Every form action (`export const actions = { name: … }`) of every page, with the field names its page and components use. */
function formActions(): { route: string; file: string; action: string; fields: string[] }[] {
	return walk(ROUTES)
		.filter((f) => f.endsWith('+page.server.ts'))
		.flatMap((file) => {
			const source = readFileSync(file, 'utf8');
			const at = source.indexOf('export const actions');
			if (at < 0) return [];
			const block = source.slice(at, source.indexOf('\n};', at));
			const actions = [...block.matchAll(/^\t(\w+): /gm)].map((m) => m[1] ?? 'default');
			const page = join(file, '..', '+page.svelte');
			const markup = statSync(page, { throwIfNoEntry: false }) ? readFileSync(page, 'utf8') : '';
			const fields = [...new Set([...markup.matchAll(/\bname="([\w.[\]-]+)"/g)].map((m) => m[1] ?? ''))].filter(Boolean);
			return actions.map((action) => ({ route: relative(ROUTES, file), file, action, fields: fields.length > 0 ? fields : ['name', 'description'] }));
		});
}

/** Every JSON endpoint of the API and the methods it answers. */
function apiEndpoints(): { file: string; methods: string[] }[] {
	return walk(join(ROUTES, 'api'))
		.filter((f) => f.endsWith('+server.ts'))
		.map((file) => ({ file, methods: [...readFileSync(file, 'utf8').matchAll(/export const (GET|POST|PATCH|PUT|DELETE)\b/g)].map((m) => m[1] ?? 'GET') }));
}

/** Pages (their load functions read the query). */
function pages(): string[] {
	return walk(ROUTES).filter((f) => f.endsWith('+page.server.ts') || f.endsWith('+page.ts'));
}

// Actions that end the sweeper's own session or account run last, so the rest run signed in.
const LAST = /signout|account[\\/](delete|sessions)/;

async function signedIn(server: E2eServer, username: string): Promise<APIRequestContext> {
	const person = demoPeople(server).find((p) => p.username === username);
	if (!person) throw new Error(`no ${username}`);
	const ctx = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { origin: server.url, accept: 'text/html' } });
	const res = await ctx.post('/signin', { form: { username, passphrase: person.passphrase }, maxRedirects: 0 });
	expect(res.status()).toBe(303);
	return ctx;
}

for (const server of [SERVERS.demo, SERVERS.demoPg]) {
	test.describe(`on ${server.database} (${server.name})`, () => {
		test('control characters and bodies that are not forms, into every form action, answer 4xx, never 5xx', async () => {
			test.setTimeout(240_000);
			// A network of the sweep's own, so nothing the demo flows use is touched.
			const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
			const admin = await signedIn(server, 'demo-admin');
			const slug = `sweep-${tag}`;
			const made = await admin.post('/networks/new', {
				form: { name: `Sweep ${tag}`, slug, description: 'Hostile input sweep', areas: 'North', languages: 'en', joinPolicy: 'open' },
				maxRedirects: 0
			});
			expect(made.status(), await made.text()).toBe(303);
			// Account pages as a person of the sweep's own, who may lose their session at the end.
			const person = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { origin: server.url, accept: 'text/html' } });
			const signup = await person.post('/signup', {
				form: {
					displayName: `Sweeper ${tag}`,
					username: `sweeper-${tag}`,
					passphrase: 'copper kettle under the willow',
					passphraseConfirm: 'copper kettle under the willow'
				},
				maxRedirects: 0
			});
			expect([200, 303]).toContain(signup.status());

			const tally = { sent: 0, refused: 0, other: 0 };
			const types = { sent: 0, refused: 0, other: [] as string[] };
			const fiveHundreds: string[] = [];
			const actions = formActions().sort((a, b) => Number(LAST.test(a.route)) - Number(LAST.test(b.route)));
			expect(actions.length, 'form actions found in src/routes').toBeGreaterThan(40);
			for (const a of actions) {
				const path = pathOf(a.file, { slug });
				const caller = path.startsWith('/n/') || path.startsWith('/networks') ? admin : person;
				const query = a.action === 'default' ? '' : `?/${a.action}`;
				const form = Object.fromEntries(a.fields.map((f) => [f, NUL]));
				for (const body of [form, { ...form, [a.fields[0] ?? 'name']: 'ok\u001b[2J' }]) {
					const res = await caller.post(`${path}${query}`, { form: body, maxRedirects: 0 });
					tally.sent += 1;
					if (res.status() >= 500) fiveHundreds.push(`${res.status()} POST ${path}${query}`);
					else if (res.status() >= 400) tally.refused += 1;
					else tally.other += 1;
				}
				// Bodies that are not the form they should be: text, JSON, and a multipart with no parts.
				for (const [type, data] of [
					['text/plain', 'name=a'],
					['application/json', '{"name":"a"}'],
					['multipart/form-data; boundary=x', '--x\r\nnot a part at all'],
					['multipart/form-data', 'no boundary given']
				] as const) {
					const res = await caller.post(`${path}${query}`, { headers: { 'content-type': type }, data, maxRedirects: 0 });
					types.sent += 1;
					if (res.status() >= 500) fiveHundreds.push(`${res.status()} POST ${path}${query} as ${type}`);
					// 400/415 once the form is read; 403, 404 or 409 when the action refuses before reading it.
					else if (res.status() >= 400) types.refused += 1;
					else types.other.push(`${res.status()} POST ${path}${query} as ${type}`);
				}
			}
			console.log(
				`form actions on ${server.database}: ${tally.sent} sent, ${tally.refused} 4xx, ${fiveHundreds.length} 5xx, ${tally.other} other (redirects to sign-in and the like)`
			);
			console.log(`wrong content types on ${server.database}: ${types.sent} sent, ${types.refused} 4xx, ${fiveHundreds.length} 5xx`);
			expect(fiveHundreds).toEqual([]);
			// Signed out by the end (the last actions end the sweeper's session), a post is sent to sign in instead.
			expect(
				types.other.filter((o) => !o.startsWith('303 ')),
				'answers other than a refusal to a body that is not a form'
			).toEqual([]);
			await admin.dispose();
			await person.dispose();
		});

		test('control characters in every JSON endpoint, every page query and every path parameter answer 4xx, never 5xx', async () => {
			test.setTimeout(240_000);
			const token = await apiToken('demo-admin', undefined, server);
			const api = await apiClient(token, 'en', server.url);
			const browser = await signedIn(server, 'demo-admin');
			const fiveHundreds: string[] = [];
			let sent = 0;
			let refused = 0;
			const body = {
				name: NUL,
				description: NUL,
				category: NUL,
				note: NUL,
				reason: NUL,
				contactName: NUL,
				address: NUL,
				phone: NUL,
				purpose: NUL,
				areas: [NUL]
			};
			for (const e of apiEndpoints()) {
				const path = pathOf(e.file, { slug: 'maple-street' });
				for (const method of e.methods) {
					// Writes go to a network nobody else uses for the same path; the demo's is read only.
					const target =
						method === 'GET'
							? `${path}?q=${encodeURIComponent(NUL)}&category=${encodeURIComponent(NUL)}&language=${encodeURIComponent(NUL)}&area=${encodeURIComponent(NUL)}&page=${encodeURIComponent(NUL)}`
							: path.replace('/maple-street', '/no-such-network-sweep');
					const res = await api.fetch(target, { method, ...(method === 'GET' || method === 'DELETE' ? {} : { data: body }) });
					sent += 1;
					if (res.status() >= 500) fiveHundreds.push(`${res.status()} ${method} ${target}`);
					else if (res.status() >= 400) refused += 1;
				}
			}
			const queried = new Set<string>();
			for (const file of pages()) {
				const path = pathOf(file, { slug: 'maple-street' });
				if (queried.has(path)) continue;
				queried.add(path);
				const q = ['q', 'category', 'language', 'area', 'page', 'tab', 'month', 'location', 'notice', 'redirectTo']
					.map((k) => `${k}=${encodeURIComponent(NUL)}`)
					.join('&');
				const res = await browser.get(`${path}?${q}`, { maxRedirects: 0 });
				sent += 1;
				if (res.status() >= 500) fiveHundreds.push(`${res.status()} GET ${path}`);
				else if (res.status() >= 400) refused += 1;
			}
			// And in the path: every parameter of every page and endpoint set to a NUL.
			for (const file of [...pages(), ...apiEndpoints().map((e) => e.file)]) {
				if (!/\[/.test(relative(ROUTES, file))) continue;
				const path = pathOf(file, { slug: 'maple-street' }).replace(/00000000-0000-7000-8000-000000000000/g, encodeURIComponent(NUL));
				const nulSlug = pathOf(file, { slug: encodeURIComponent(NUL) });
				for (const target of new Set([path, nulSlug])) {
					const res = await (target.startsWith('/api/') ? api : browser).get(target, { maxRedirects: 0 });
					sent += 1;
					if (res.status() >= 500) fiveHundreds.push(`${res.status()} GET ${target}`);
					else if (res.status() >= 400) refused += 1;
				}
			}
			console.log(`API and page queries and paths on ${server.database}: ${sent} sent, ${refused} 4xx, ${fiveHundreds.length} 5xx`);
			expect(fiveHundreds).toEqual([]);
			await api.dispose();
			await browser.dispose();
		});

		test('a NUL byte in a sign-in name, a sign-up and a recovery is a field message, for anyone', async () => {
			const anon = await request.newContext({ baseURL: server.url, extraHTTPHeaders: { origin: server.url, accept: 'text/html' } });
			try {
				for (const [path, form] of [
					['/signin', { username: 'pg\u0000admin', passphrase: 'whatever it is' }],
					[
						'/signup',
						{ displayName: 'Eve', username: 'eve\u0000', passphrase: 'copper kettle under the willow', passphraseConfirm: 'copper kettle under the willow' }
					],
					[
						'/recover',
						{ username: 'pg\u0000admin', code: 'aaaa-bbbb', passphrase: 'copper kettle under the willow', passphraseConfirm: 'copper kettle under the willow' }
					]
				] as const) {
					const res = await anon.post(path, { form, maxRedirects: 0 });
					expect(res.status(), path).toBe(400);
					expect(await res.text(), path).toContain('invisible control character');
				}
			} finally {
				await anon.dispose();
			}
		});
	});
}

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext } from '@playwright/test';
import { expect, SERVERS, test } from './fixtures';
import { apiClient, apiToken, signedInContext } from './api-helpers';

/**
 * Every route, enumerated from src/routes, is checked against who may use it: an anonymous
 * visitor, a signed-in outsider (demo-other, admin of another network) and a neighbour of the
 * demo network (demo-neighbor). A route or action added without an entry here fails the test,
 * so nothing new ships unguarded by accident.
 */

type Rule =
	| 'public' // anyone
	| 'signedIn' // any signed-in person (anonymous → sign-in)
	| 'instanceAdmin' // instance admins only (outsider → 403)
	| 'networkMembership' // a member or applicant of the network (outsider → 403)
	| 'ownMembership' // leave/withdraw one's own membership: an outsider changes nothing (403, or back to the page)
	| 'networkSteward' // stewards and admins of the network (outsider and neighbour → 403)
	| 'networkAdmin' // admins of the network (outsider and neighbour → 403)
	| 'gone' // 404 for everyone (first-run setup, once done)
	| 'home'; // redirects to the home page

interface PageRule {
	get: Rule;
	/** Rule per form action (`default` for the unnamed one). */
	actions?: Record<string, Rule>;
}

const PAGES: Record<string, PageRule> = {
	'/': { get: 'public' },
	'/account': { get: 'signedIn', actions: { profile: 'signedIn', language: 'signedIn' } },
	'/account/access-log': { get: 'signedIn' },
	'/account/delete': { get: 'signedIn', actions: { default: 'signedIn' } },
	'/account/passphrase': { get: 'signedIn', actions: { default: 'signedIn' } },
	'/account/recovery-codes': { get: 'signedIn', actions: { default: 'signedIn' } },
	'/account/sessions': { get: 'signedIn', actions: { everywhere: 'signedIn', others: 'signedIn' } },
	'/account/tokens': { get: 'signedIn', actions: { create: 'signedIn', revoke: 'signedIn' } },
	'/admin': { get: 'instanceAdmin', actions: { default: 'instanceAdmin' } },
	'/inbox': { get: 'signedIn', actions: { read: 'signedIn', readAll: 'signedIn' } },
	'/language': { get: 'home', actions: { default: 'public' } },
	'/n/[slug]': { get: 'public', actions: { join: 'signedIn', withdraw: 'ownMembership', leave: 'ownMembership' } },
	'/n/[slug]/invites': { get: 'networkAdmin', actions: { create: 'networkAdmin', revoke: 'networkAdmin' } },
	'/n/[slug]/join': { get: 'public', actions: { default: 'signedIn' } },
	'/n/[slug]/members': {
		get: 'networkSteward',
		actions: { approve: 'networkAdmin', decline: 'networkAdmin', role: 'networkAdmin', remove: 'networkAdmin' }
	},
	'/n/[slug]/settings': { get: 'networkAdmin', actions: { default: 'networkAdmin' } },
	// Asks and offers: the board and everything on it are for active members; the ask page is
	// refused to outsiders before any ask is looked up. Recording for a neighbour (?for=neighbour)
	// is for stewards, checked by the same page.
	'/n/[slug]/board': { get: 'networkMembership' },
	'/n/[slug]/mine': { get: 'networkMembership', actions: { closeOffer: 'networkMembership' } },
	'/n/[slug]/asks/new': { get: 'networkMembership', actions: { default: 'networkMembership' } },
	'/n/[slug]/asks/[id]': {
		get: 'networkMembership',
		actions: { step: 'networkMembership', reveal: 'networkMembership', draw: 'networkMembership', newCode: 'networkSteward' }
	},
	'/n/[slug]/offers/new': { get: 'networkMembership', actions: { default: 'networkMembership' } },
	// A family's status code: the code is the key (a made-up one is 404 for everyone); any
	// network's lookup form is open to anyone.
	'/follow/[token]': { get: 'public', actions: { confirm: 'public', cancel: 'public', end: 'public' } },
	'/follow/[token]/slip': { get: 'public' },
	'/n/[slug]/follow': { get: 'public', actions: { default: 'public' } },
	'/n/[slug]/aid': { get: 'networkAdmin', actions: { default: 'networkAdmin' } },
	// The public form: anyone may ask, account or not.
	'/n/[slug]/ask': { get: 'public', actions: { default: 'public' } },
	// Funds: the list and a fund's page with its public figures are open to anyone (a made-up fund
	// is 404); everything else is checked against the network role before any fund is looked up.
	'/n/[slug]/funds': { get: 'public' },
	'/n/[slug]/funds/new': { get: 'networkAdmin', actions: { default: 'networkAdmin' } },
	'/n/[slug]/funds/[fund]': { get: 'public' },
	'/n/[slug]/funds/[fund]/settings': { get: 'networkAdmin', actions: { default: 'networkAdmin' } },
	'/n/[slug]/funds/[fund]/donations': { get: 'networkSteward', actions: { record: 'networkSteward', reverse: 'networkSteward' } },
	'/n/[slug]/funds/[fund]/import': { get: 'networkSteward', actions: { preview: 'networkSteward', commit: 'networkSteward' } },
	'/n/[slug]/funds/[fund]/ledger': { get: 'networkSteward', actions: { check: 'networkSteward', transfer: 'networkAdmin' } },
	// A download (a +server.ts outside the API, with the session cookie): checked like a page.
	'/n/[slug]/funds/[fund]/export': { get: 'networkSteward' },
	'/n/[slug]/funds/[fund]/requests': { get: 'networkMembership' },
	'/n/[slug]/funds/[fund]/requests/new': { get: 'networkMembership', actions: { default: 'networkMembership' } },
	'/n/[slug]/funds/[fund]/requests/[id]': { get: 'networkMembership', actions: { act: 'networkMembership', reveal: 'networkMembership' } },
	// Pantries and closets: what is held, given and short is for active members; recording donations,
	// tallies and bags given out too; running the pantry (items, places, bags, schedules, moves,
	// adjustments, stock-takes, corrections, imports, exports) for stewards and admins. The list of
	// what is needed and the pick-up booking page are public; every check comes before any lookup.
	'/n/[slug]/pantry': { get: 'networkMembership', actions: { adopt: 'networkSteward' } },
	'/n/[slug]/pantry/items': { get: 'networkMembership', actions: { add: 'networkSteward', adopt: 'networkSteward' } },
	'/n/[slug]/pantry/items/[id]': { get: 'networkSteward', actions: { save: 'networkSteward', archive: 'networkSteward', restore: 'networkSteward' } },
	'/n/[slug]/pantry/locations': { get: 'networkMembership', actions: { add: 'networkSteward' } },
	'/n/[slug]/pantry/locations/[id]': {
		get: 'networkMembership',
		actions: {
			save: 'networkSteward',
			archive: 'networkSteward',
			restore: 'networkSteward',
			adjust: 'networkSteward',
			count: 'networkSteward',
			move: 'networkSteward'
		}
	},
	'/n/[slug]/pantry/kits': { get: 'networkMembership', actions: { create: 'networkSteward' } },
	'/n/[slug]/pantry/kits/[id]': {
		get: 'networkMembership',
		actions: { save: 'networkSteward', line: 'networkSteward', remove: 'networkSteward', archive: 'networkSteward', restore: 'networkSteward' }
	},
	'/n/[slug]/pantry/ledger': { get: 'networkMembership', actions: { correct: 'networkSteward' } },
	'/n/[slug]/pantry/tally': { get: 'networkMembership', actions: { start: 'networkMembership', drive: 'networkSteward' } },
	'/n/[slug]/pantry/tally/[id]': { get: 'networkMembership', actions: { tap: 'networkMembership', undo: 'networkMembership', finish: 'networkMembership' } },
	'/n/[slug]/pantry/donations': { get: 'networkMembership', actions: { record: 'networkMembership' } },
	'/n/[slug]/pantry/distributions': { get: 'networkMembership', actions: { create: 'networkSteward' } },
	'/n/[slug]/pantry/distributions/[id]': { get: 'networkMembership', actions: { update: 'networkSteward', status: 'networkSteward' } },
	'/n/[slug]/pantry/distributions/[id]/[start]': {
		get: 'networkMembership',
		actions: { give: 'networkMembership', counts: 'networkMembership', names: 'networkMembership', skip: 'networkSteward', move: 'networkSteward' }
	},
	'/n/[slug]/pantry/needs': { get: 'public' },
	'/n/[slug]/pantry/reports': { get: 'networkMembership' },
	'/n/[slug]/pantry/import': { get: 'networkSteward', actions: { preview: 'networkSteward', commit: 'networkSteward' } },
	// A download (a +server.ts outside the API, with the session cookie): checked like a page.
	'/n/[slug]/pantry/export': { get: 'networkSteward' },
	'/n/[slug]/pickup/[distribution]/[start]': { get: 'public', actions: { book: 'public', cancel: 'public' } },
	'/networks': { get: 'public' },
	// The instance lets only its admins create networks until an admin changes that.
	'/networks/new': { get: 'instanceAdmin', actions: { default: 'instanceAdmin' } },
	'/recover': { get: 'public', actions: { default: 'public' } },
	'/setup': { get: 'gone', actions: { default: 'gone' } },
	'/signin': { get: 'public', actions: { default: 'public' } },
	'/signout': { get: 'home', actions: { default: 'public' } },
	'/signup': { get: 'public', actions: { default: 'public' } }
};

const API: Record<string, Record<string, Rule>> = {
	'/api/v1': { GET: 'public' },
	'/api/v1/openapi.json': { GET: 'public' },
	'/api/v1/me': { GET: 'signedIn' },
	'/api/v1/networks': { GET: 'public', POST: 'instanceAdmin' },
	'/api/v1/networks/[slug]': { GET: 'public', PATCH: 'networkAdmin' },
	'/api/v1/networks/[slug]/members': { GET: 'networkSteward' },
	'/api/v1/networks/[slug]/members/[userId]': { PATCH: 'networkAdmin', DELETE: 'networkAdmin' },
	'/api/v1/networks/[slug]/membership': { POST: 'signedIn', DELETE: 'networkMembership' },
	// Asks and offers: active members (stewards for suggestions); an outsider is refused before any ask is looked up.
	'/api/v1/networks/[slug]/asks': { GET: 'networkMembership', POST: 'networkMembership' },
	'/api/v1/networks/[slug]/asks/mine': { GET: 'networkMembership' },
	'/api/v1/networks/[slug]/asks/[id]': { GET: 'networkMembership' },
	'/api/v1/networks/[slug]/asks/[id]/claim': { POST: 'networkMembership' },
	'/api/v1/networks/[slug]/asks/[id]/status': { POST: 'networkMembership' },
	'/api/v1/networks/[slug]/asks/[id]/reveal': { POST: 'networkMembership' },
	'/api/v1/networks/[slug]/asks/[id]/suggestions': { GET: 'networkSteward' },
	'/api/v1/networks/[slug]/offers': { GET: 'networkMembership', POST: 'networkMembership' },
	'/api/v1/networks/[slug]/offers/mine': { GET: 'networkMembership' },
	'/api/v1/networks/[slug]/offers/[id]/close': { POST: 'networkMembership' },
	// Funds: anyone signed in sees the public ones (a made-up fund is 404); requests are for members, donations and new funds for stewards and admins.
	'/api/v1/networks/[slug]/funds': { GET: 'signedIn', POST: 'networkAdmin' },
	'/api/v1/networks/[slug]/funds/[fundId]': { GET: 'signedIn' },
	'/api/v1/networks/[slug]/funds/[fundId]/donations': { GET: 'networkSteward', POST: 'networkSteward' },
	'/api/v1/networks/[slug]/funds/[fundId]/requests': { GET: 'networkMembership', POST: 'networkMembership' },
	'/api/v1/networks/[slug]/funds/[fundId]/requests/[id]': { GET: 'networkMembership' },
	'/api/v1/networks/[slug]/funds/[fundId]/requests/[id]/decisions': { POST: 'networkMembership' },
	'/api/v1/networks/[slug]/funds/[fundId]/requests/[id]/reveal': { POST: 'networkMembership' }
};

const ROUTES_DIR = fileURLToPath(new URL('../../src/routes', import.meta.url));

function routeFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? routeFiles(path) : [path];
	});
}

function routeId(file: string): string {
	const dir = relative(ROUTES_DIR, file).split('/').slice(0, -1).join('/');
	return `/${dir}`.replace(/\/$/, '') || '/';
}

const files = routeFiles(ROUTES_DIR);
const serverIds = [...new Set(files.filter((f) => f.endsWith('+server.ts')).map(routeId))];
const pageIds = [
	...new Set([...files.filter((f) => /\+page\.(svelte|server\.ts)$/.test(f)).map(routeId), ...serverIds.filter((id) => !id.startsWith('/api/'))])
].sort();
const apiIds = serverIds.filter((id) => id.startsWith('/api/')).sort();

async function declaredActions(id: string): Promise<string[]> {
	const file = join(ROUTES_DIR, id, '+page.server.ts');
	const source = files.includes(file) ? (await import('node:fs')).readFileSync(file, 'utf8') : '';
	const block = /export const actions[^=]*=\s*\{([\s\S]*)\};?\s*$/.exec(source)?.[1] ?? '';
	return [...block.matchAll(/^\t([a-zA-Z]+): /gm)].map((m) => m[1] ?? '').sort();
}

function concrete(id: string, userId = 'someone'): string {
	return id.replace('[slug]', 'maple-street').replace('[userId]', userId).replace('[fund]', 'some-fund').replace('[id]', 'some-id');
}

function actionUrl(id: string, action: string): string {
	return action === 'default' ? concrete(id) : `${concrete(id)}?/${action}`;
}

/** What an anonymous visitor must get for each rule. */
function expectAnonymous(rule: Rule, status: number, location: string | undefined, what: string): void {
	if (rule === 'gone') expect(status, what).toBe(404);
	else if (rule === 'home') expect([status, location], what).toEqual([303, '/']);
	else if (rule === 'public')
		expect(status === 403 || (status === 303 && location?.startsWith('/signin')), `${what} must be open to visitors (${status} ${location ?? ''})`).toBe(false);
	else {
		expect(status, `${what} must send a visitor to sign in`).toBe(303);
		expect(location ?? '', what).toMatch(/^\/signin\?(expired=1&)?redirectTo=/);
	}
}

test.describe('authorization at every route', () => {
	test('every page and action has a rule here, and every rule a page', async () => {
		expect(pageIds).toEqual(Object.keys(PAGES).sort());
		for (const id of pageIds) {
			expect(await declaredActions(id), `actions of ${id}`).toEqual(Object.keys(PAGES[id]?.actions ?? {}).sort());
		}
		expect(apiIds).toEqual(Object.keys(API).sort());
	});

	test('anonymous visitors reach public pages and are sent to sign in everywhere else', async () => {
		const anon = await (
			await import('@playwright/test')
		).request.newContext({
			baseURL: SERVERS.demo.url,
			extraHTTPHeaders: { origin: SERVERS.demo.url, accept: 'text/html' }
		});
		for (const [id, rule] of Object.entries(PAGES)) {
			const res = await anon.get(concrete(id), { maxRedirects: 0 });
			expectAnonymous(rule.get, res.status(), res.headers().location, `GET ${id}`);
			for (const [action, actionRule] of Object.entries(rule.actions ?? {})) {
				const post = await anon.post(actionUrl(id, action), { form: { probe: '1' }, maxRedirects: 0 });
				expectAnonymous(actionRule, post.status(), post.headers().location, `POST ${id} ${action}`);
			}
		}
		await anon.dispose();
	});

	async function expectRefused(ctx: APIRequestContext, refusedRules: Rule[], who: string): Promise<number> {
		let checked = 0;
		for (const [id, rule] of Object.entries(PAGES)) {
			if (refusedRules.includes(rule.get)) {
				const res = await ctx.get(concrete(id), { maxRedirects: 0 });
				expect(res.status(), `${who} GET ${id}`).toBe(403);
				checked += 1;
			}
			for (const [action, actionRule] of Object.entries(rule.actions ?? {})) {
				if (!refusedRules.includes(actionRule)) continue;
				// Authorization comes before validation: an empty form is refused with 403, not 400.
				const res = await ctx.post(actionUrl(id, action), { form: { probe: '1' }, maxRedirects: 0 });
				if (actionRule === 'ownMembership' && res.status() === 303) {
					// Leaving a network one is not in is a no-op that lands back on its page.
					expect(res.headers().location, `${who} POST ${id} ${action}`).toBe(concrete(id));
				} else {
					expect(res.status(), `${who} POST ${id} ${action}`).toBe(403);
				}
				checked += 1;
			}
		}
		return checked;
	}

	test('a member of another network is refused on this network’s private pages and actions', async () => {
		const outsider = await signedInContext('demo-other');
		const checked = await expectRefused(outsider, ['instanceAdmin', 'networkMembership', 'ownMembership', 'networkSteward', 'networkAdmin'], 'outsider');
		expect(checked).toBeGreaterThan(10);
		// …while their own network's pages stay open to them.
		expect((await outsider.get('/n/eastgate-tenants/settings', { maxRedirects: 0 })).status()).toBe(200);
		expect((await outsider.get('/account', { maxRedirects: 0 })).status()).toBe(200);
		await outsider.dispose();
	});

	test('a neighbour is refused on steward and admin pages of their own network', async () => {
		const neighbour = await signedInContext('demo-neighbor');
		const checked = await expectRefused(neighbour, ['instanceAdmin', 'networkSteward', 'networkAdmin'], 'neighbour');
		expect(checked).toBeGreaterThan(8);
		// Recording an ask for someone else is for stewards: the same page, refused by its mode.
		expect((await neighbour.get('/n/maple-street/asks/new?for=neighbour', { maxRedirects: 0 })).status()).toBe(403);
		const recorded = await neighbour.post('/n/maple-street/asks/new', { form: { mode: 'on_behalf', probe: '1' }, maxRedirects: 0 });
		expect(recorded.status()).toBe(403);
		await neighbour.dispose();
	});

	test('the API answers 401 without a token and 403 to an outsider', async () => {
		const anon = await apiClient(null);
		const outsider = await apiClient(await apiToken('demo-other'));
		for (const [id, methods] of Object.entries(API)) {
			for (const [method, rule] of Object.entries(methods)) {
				const url = concrete(id, 'someone');
				const options = method === 'GET' ? { maxRedirects: 0 } : { data: {}, maxRedirects: 0 };
				const res = await anon.fetch(url, { ...options, method });
				if (rule === 'public') expect(res.status(), `${method} ${id}`).toBeLessThan(400);
				else expect(res.status(), `anonymous ${method} ${id}`).toBe(401);
				if (['instanceAdmin', 'networkMembership', 'networkSteward', 'networkAdmin'].includes(rule)) {
					const refused = await outsider.fetch(url, { ...options, method });
					expect(refused.status(), `outsider ${method} ${id}`).toBe(403);
				}
			}
		}
		await anon.dispose();
		await outsider.dispose();
	});
});

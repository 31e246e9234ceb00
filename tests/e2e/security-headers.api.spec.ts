import { test, expect } from './fixtures';
import type { APIResponse } from '@playwright/test';

/** Directive name → source list, from a Content-Security-Policy header (CSP3 §2.2). */
function parseCsp(header: string): Map<string, string[]> {
	const directives = new Map<string, string[]>();
	for (const part of header.split(';')) {
		const [name, ...sources] = part.trim().split(/\s+/);
		if (name) directives.set(name.toLowerCase(), sources);
	}
	return directives;
}

// Sources that cannot name another site: keywords, hashes and nonces, inline data, and
// same-origin paths (for report-uri). A host, a scheme such as https: or * would.
const FIRST_PARTY_SOURCE =
	/^(?:'(?:self|none|strict-dynamic|report-sample|(?:sha256|sha384|sha512)-[A-Za-z0-9+/=]+|nonce-[A-Za-z0-9+/=_-]+)'|data:|blob:|\/\S*)$/;

function expectHardened(response: APIResponse): void {
	const headers = response.headers();
	const csp = headers['content-security-policy'];
	expect(csp, 'Content-Security-Policy header').toBeTruthy();
	const directives = parseCsp(csp ?? '');
	expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
	expect(directives.has('default-src'), 'CSP has a default-src').toBe(true);
	const thirdParty = [...directives].flatMap(([name, sources]) => sources.filter((s) => !FIRST_PARTY_SOURCE.test(s)).map((s) => `${name} ${s}`));
	expect(thirdParty, 'CSP sources that could load from another site').toEqual([]);
	// Nothing about a page may reach another site, not even its address.
	expect(headers['referrer-policy']).toBe('no-referrer');
	expect(headers['x-content-type-options']).toBe('nosniff');
}

test.describe('security headers', () => {
	test('a page carries a strict CSP, no-referrer and nosniff', async ({ request }) => {
		const response = await request.get('/');
		expect(response.status()).toBe(200);
		expectHardened(response);
	});

	test('a 404 carries them too', async ({ request }) => {
		const response = await request.get('/no-such-page-at-all');
		expect(response.status()).toBe(404);
		expectHardened(response);
	});

	test('the built files the adapter serves before any hook say nosniff too: the stylesheet, robots.txt', async ({ request }) => {
		const page = await (await request.get('/')).text();
		const assets = [...new Set([...page.matchAll(/(?:href|src)="(?:\.?\/)?(_app\/immutable\/[^"]+)"/g)].map((m) => `/${m[1] ?? ''}`))];
		expect(
			assets.some((a) => a.endsWith('.css')),
			`assets on the page: ${assets.join(' ')}`
		).toBe(true);
		for (const path of [...assets, '/robots.txt']) {
			const response = await request.get(path);
			expect(response.status(), path).toBe(200);
			expect(response.headers()['x-content-type-options'], path).toBe('nosniff');
		}
	});

	test('a form post from another site is refused (CSRF)', async ({ request, baseURL }) => {
		const form = { username: 'demo-admin', passphrase: 'not-the-passphrase' };
		for (const [kind, options] of [
			['urlencoded', { form }],
			['multipart', { multipart: form }],
			['text/plain', { data: 'username=demo-admin', headers: { 'content-type': 'text/plain' } }]
		] as const) {
			const response = await request.post('/signin', {
				...options,
				headers: { ...('headers' in options ? options.headers : {}), origin: 'http://evil.example' },
				maxRedirects: 0
			});
			expect(response.status(), `cross-origin ${kind} post`).toBe(403);
		}
		// Under no-referrer a browser sends `Origin: null`; Fetch Metadata then tells the two apart.
		const nullCrossSite = await request.post('/signin', { form, headers: { origin: 'null', 'sec-fetch-site': 'cross-site' }, maxRedirects: 0 });
		expect(nullCrossSite.status(), 'Origin: null from another site').toBe(403);
		expectHardened(nullCrossSite);
		const spanish = await request.post('/signin', { form, headers: { origin: 'http://evil.example', 'accept-language': 'es' }, maxRedirects: 0 });
		expect(await spanish.text()).toMatch(/otro sitio web/);

		// The same post from the site itself gets through the check (whatever the form then says).
		const same = await request.post('/signin', { form, headers: { origin: baseURL ?? '' }, maxRedirects: 0 });
		expect(same.status(), 'same-origin post').not.toBe(403);
		const sameNull = await request.post('/signin', { form, headers: { origin: 'null', 'sec-fetch-site': 'same-origin' }, maxRedirects: 0 });
		expect(sameNull.status(), 'our own form under no-referrer').not.toBe(403);
	});
});

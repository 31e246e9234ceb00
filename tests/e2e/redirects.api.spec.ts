import { request } from '@playwright/test';
import { demoPeople, expect, SERVERS, test } from './fixtures';
import { signedInContext } from './api-helpers';

/**
 * Every place that sends a person back where they came from (sign-in, the language form) goes to a
 * path on this site, never to another host, whatever the redirectTo says. HTTP only.
 */

// Each of these normalises to `//evil.example/…` or `/\evil.example/…` in a naive check.
const PAYLOADS = [
	'/.//evil.example/phish',
	'/a/..//evil.example/phish',
	'/%2e//evil.example/phish',
	'/./\\evil.example/phish',
	'//evil.example/phish',
	'/\\evil.example/phish',
	'https://evil.example/phish',
	'/%2e%2e//evil.example/phish',
	'/a/b/../..//evil.example/phish'
];

/** Where a Location header sends a browser that is on `base`. */
function landsOn(location: string | undefined, base: string): URL {
	expect(location, 'a Location header').toBeDefined();
	return new URL(location ?? '', base);
}

test('GET /signin by someone signed in, POST /signin and POST /language stay on this site for every payload', async () => {
	const base = SERVERS.demo.url;
	const origin = new URL(base).origin;
	const signedIn = await signedInContext('demo-neighbor');
	try {
		for (const target of PAYLOADS) {
			const get = await signedIn.get(`/signin?redirectTo=${encodeURIComponent(target)}`, { maxRedirects: 0 });
			expect(get.status(), `GET /signin ${target}`).toBe(303);
			expect(landsOn(get.headers().location, base).origin, `GET /signin ${target} → ${get.headers().location}`).toBe(origin);

			const lang = await signedIn.post('/language', { form: { locale: 'en', redirectTo: target }, maxRedirects: 0 });
			expect(lang.status(), `POST /language ${target}`).toBe(303);
			expect(landsOn(lang.headers().location, base).origin, `POST /language ${target} → ${lang.headers().location}`).toBe(origin);
		}
	} finally {
		await signedIn.dispose();
	}
	// The sign-in form itself: each successful sign-in clears the name's attempt count, so one
	// person can sign in once per payload.
	const person = demoPeople().find((p) => p.username === 'demo-steward');
	if (!person) throw new Error('no demo-steward');
	const anon = await request.newContext({ baseURL: base, extraHTTPHeaders: { origin: base, accept: 'text/html' } });
	try {
		for (const target of PAYLOADS) {
			const post = await anon.post('/signin', { form: { username: person.username, passphrase: person.passphrase, redirectTo: target }, maxRedirects: 0 });
			expect(post.status(), `POST /signin ${target}`).toBe(303);
			expect(landsOn(post.headers().location, base).origin, `POST /signin ${target} → ${post.headers().location}`).toBe(origin);
		}
	} finally {
		await anon.dispose();
	}
});

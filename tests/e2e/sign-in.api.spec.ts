import { request, type APIRequestContext, type APIResponse } from '@playwright/test';
import { demoPeople, expect, msg, SERVERS, test } from './fixtures';

/**
 * Sign-in under attack, over HTTP as a browser sends it: a browser the person signed in on keeps
 * getting in while someone else has locked their sign-in name; a burst of sign-ins is answered
 * "busy" (503, Retry-After) instead of queueing without end; behind a TLS proxy the secret
 * cookies are __Host- cookies, and a session from before keeps working and moves to the new name.
 */

async function browserLike(baseURL: string, origin = baseURL): Promise<APIRequestContext> {
	return request.newContext({ baseURL, extraHTTPHeaders: { origin, accept: 'text/html' } });
}

function signInForm(ctx: APIRequestContext, username: string, passphrase: string): Promise<APIResponse> {
	return ctx.post('/signin', { form: { username, passphrase }, maxRedirects: 0 });
}

/** name=value pairs and attributes of every Set-Cookie header of a response. */
function setCookies(response: APIResponse): { name: string; value: string; attributes: string }[] {
	return response
		.headersArray()
		.filter((h) => h.name.toLowerCase() === 'set-cookie')
		.map((h) => {
			const [pair = '', ...attributes] = h.value.split(';');
			const eq = pair.indexOf('=');
			return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes: attributes.join(';').trim() };
		});
}

test('a browser that signed in before gets in while the sign-in name is locked; every other browser waits', async () => {
	const base = SERVERS.demo.url;
	const username = `locked-${test.info().workerIndex}-${Date.now().toString(36)}`;
	const passphrase = 'tomatoes on the back step';
	const phone = await browserLike(base);
	const signUp = await phone.post('/signup', {
		form: { username, displayName: 'Marisol', passphrase, passphraseConfirm: passphrase, email: '' },
		maxRedirects: 0
	});
	expect(signUp.status(), await signUp.text()).toBe(200);
	const device = setCookies(signUp).find((c) => c.name === 'hearth_device');
	expect(device?.attributes).toMatch(/HttpOnly/i);
	expect(device?.attributes).toMatch(/Max-Age=34560000/i);
	expect((await phone.post('/signout', { form: {}, maxRedirects: 0 })).status()).toBe(303);

	const attacker = await browserLike(base);
	for (let i = 0; i < 10; i++) expect((await signInForm(attacker, username, `guess number ${i}`)).status()).toBe(400);
	const locked = await signInForm(attacker, username, passphrase);
	expect(locked.status()).toBe(429);
	expect(await locked.text()).toContain(msg('en', 'error_rate_limited'));

	// The person's own phone: signed out, but it still has its device cookie.
	const own = await signInForm(phone, username, passphrase);
	expect(own.status()).toBe(303);
	expect((await phone.get('/account', { maxRedirects: 0 })).status()).toBe(200);
	// A browser it never signed in on is still refused.
	const stranger = await browserLike(base);
	expect((await signInForm(stranger, username, passphrase)).status()).toBe(429);
	await Promise.all([phone.dispose(), attacker.dispose(), stranger.dispose()]);
});

test('a burst of sign-ins is told the server is busy, with Retry-After, and no other 5xx', async () => {
	// On a server of its own, so the burst cannot make another spec's sign-in wait.
	const ctx = await browserLike(SERVERS.behindTls.url, SERVERS.behindTls.origin);
	// Made-up names, so no name's limit is reached: only the bound on hashing at once can refuse.
	const stamp = Date.now().toString(36);
	const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => signInForm(ctx, `burst-${stamp}-${i}`, 'not anyone’s passphrase')));
	const statuses = responses.map((r) => r.status());
	const busy = responses.filter((r) => r.status() === 503);
	expect(busy.length, `statuses: ${statuses.join(' ')}`).toBeGreaterThan(0);
	expect(statuses.filter((s) => s !== 503 && s !== 400)).toEqual([]);
	for (const r of busy) expect(r.headers()['retry-after']).toBe('2');
	expect(await busy[0]!.text()).toContain(msg('en', 'error_busy'));
	// Once the burst has passed, a sign-in is checked as usual.
	expect((await signInForm(ctx, `burst-${stamp}-after`, 'not anyone’s passphrase')).status()).toBe(400);
	await ctx.dispose();
});

test.describe('behind a TLS proxy (an https ORIGIN)', () => {
	const server = SERVERS.behindTls;
	const admin = () => {
		const person = demoPeople(server).find((p) => p.username === 'demo-admin');
		if (!person) throw new Error('no demo-admin');
		return person;
	};

	test('the session and device cookies are __Host- cookies: Secure, Path=/, no Domain', async () => {
		const ctx = await browserLike(server.url, server.origin);
		const res = await signInForm(ctx, admin().username, admin().passphrase);
		expect(res.status(), await res.text()).toBe(303);
		const cookies = setCookies(res);
		for (const name of ['__Host-hearth_session', '__Host-hearth_device']) {
			const c = cookies.find((x) => x.name === name);
			expect(c, `${name} among ${cookies.map((x) => x.name).join(', ')}`).toBeDefined();
			expect(c?.attributes).toMatch(/(^|;\s*)Secure(;|$)/i);
			expect(c?.attributes).toMatch(/Path=\/(;|$)/i);
			expect(c?.attributes).not.toMatch(/Domain=/i);
		}
		expect(cookies.map((c) => c.name)).not.toContain('hearth_session');
		await ctx.dispose();
	});

	test('a session cookie from before keeps working and moves to the __Host- name', async () => {
		const ctx = await browserLike(server.url, server.origin);
		const res = await signInForm(ctx, admin().username, admin().passphrase);
		const token = setCookies(res).find((c) => c.name === '__Host-hearth_session')?.value ?? '';
		expect(token.length).toBeGreaterThan(20);
		await ctx.dispose();

		const old = await request.newContext({ baseURL: server.url });
		const page = await old.get('/account', { headers: { cookie: `hearth_session=${token}` }, maxRedirects: 0 });
		expect(page.status()).toBe(200);
		const moved = setCookies(page);
		expect(moved.find((c) => c.name === '__Host-hearth_session')?.value).toBe(token);
		const cleared = moved.find((c) => c.name === 'hearth_session');
		expect(cleared?.attributes).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
		// Under the new name it is the same session.
		expect((await old.get('/account', { headers: { cookie: `__Host-hearth_session=${token}` }, maxRedirects: 0 })).status()).toBe(200);
		await old.dispose();
	});
});

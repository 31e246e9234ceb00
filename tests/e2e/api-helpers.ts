import { request, type APIRequestContext } from '@playwright/test';
import { demoPeople, SERVERS, type E2eServer } from './fixtures';

/**
 * A request context signed in through the real /signin form as one demo person. Kit refuses
 * cross-site form posts, so every form post carries this server's own Origin, as a browser would.
 */
export async function signedInContext(username: string, baseURL = SERVERS.demo.url, server: E2eServer = SERVERS.demo): Promise<APIRequestContext> {
	const person = demoPeople(server).find((p) => p.username === username);
	if (!person) throw new Error(`no demo account "${username}"`);
	const ctx = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL, accept: 'text/html' } });
	const res = await ctx.post('/signin', { form: { username: person.username, passphrase: person.passphrase }, maxRedirects: 0 });
	if (res.status() !== 303) throw new Error(`sign-in as ${username} answered ${res.status()}`);
	return ctx;
}

/** Makes a personal API token through the account page, as a person would, and returns it. */
export async function apiToken(
	username: string,
	name = `e2e ${Date.now()} ${Math.random().toString(36).slice(2, 8)}`,
	server: E2eServer = SERVERS.demo
): Promise<string> {
	const ctx = await signedInContext(username, server.url, server);
	try {
		const res = await ctx.post('/account/tokens?/create', { form: { name, expiresInDays: '1' } });
		const token = /hth_[A-Za-z0-9_-]{43}/.exec(await res.text())?.[0];
		if (!token) throw new Error(`no token on the page after creating one (status ${res.status()})`);
		return token;
	} finally {
		await ctx.dispose();
	}
}

export async function apiClient(token: string | null, locale = 'en', baseURL = SERVERS.demo.url): Promise<APIRequestContext> {
	return request.newContext({
		baseURL,
		extraHTTPHeaders: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'accept-language': locale }
	});
}

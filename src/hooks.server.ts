import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { isCrossSiteFormPost } from '$lib/domain/cross-site';
import { negotiateLocale, textDirection } from '$lib/domain/locale';
import { errorMessage } from '$lib/i18n/translate';
import { baseLocale, cookieName, locales, overwriteServerAsyncLocalStorage, type Locale } from '$lib/paraglide/runtime';
import { app } from '$lib/server/app';
import { authenticateApiToken } from '$lib/server/auth/api-tokens.service';
import { resumeSession } from '$lib/server/auth/sessions.service';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { isSetupComplete } from '$lib/server/instance/instance.service';
import { hasForbiddenControls } from '$lib/server/forms';

// Paraglide reads the request's locale from here; each request runs inside its own store.
const localeStorage = new AsyncLocalStorage<{ locale?: Locale; origin?: string; messageCalls?: Set<string> }>();
overwriteServerAsyncLocalStorage(localeStorage);

export const init: ServerInit = async () => {
	await app();
};

/** Headers for every response, pages and API alike. Kit adds the page CSP (with hashes) itself. */
const SECURITY_HEADERS: Record<string, string> = {
	'referrer-policy': 'no-referrer',
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-resource-policy': 'same-origin',
	'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()'
};
const FALLBACK_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function pathHasControls(pathname: string): boolean {
	try {
		return hasForbiddenControls(decodeURIComponent(pathname));
	} catch {
		// Not valid percent-encoding: Kit answers that itself.
		return false;
	}
}

/** Seconds a client is asked to wait after a 503 (the passphrase queue clears in under one). */
const BUSY_RETRY_SECONDS = 2;

export const handle: Handle = async ({ event, resolve }) => {
	const { ctx } = await app();
	event.locals.user = null;
	event.locals.sessionId = null;
	event.locals.auth = null;
	event.locals.sessionExpired = false;

	const isApi = event.url.pathname.startsWith('/api/');
	// A control character in the path (a NUL in an id) would reach a query as a parameter.
	if (pathHasControls(event.url.pathname)) {
		const message = errorMessage('control_characters');
		return isApi
			? new Response(JSON.stringify({ error: { code: 'invalid', message } }), { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' } })
			: new Response(message, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	const bearer = event.request.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
	if (isApi) {
		// The API takes tokens only: a session cookie would let any other site's page use it.
		const user = bearer ? await authenticateApiToken(ctx, bearer) : null;
		if (user) {
			event.locals.user = user;
			event.locals.auth = 'token';
		}
	} else {
		const cookie = readSessionCookie(event.cookies, event.url);
		if (cookie) {
			const resumed = await resumeSession(ctx, cookie.token);
			if (resumed) {
				event.locals.user = resumed.session.user;
				event.locals.sessionId = resumed.session.id;
				event.locals.auth = 'session';
				// A session from before the __Host- name moves to it on its next request.
				if (resumed.refreshed || cookie.legacy) setSessionCookie(event.cookies, event.url, cookie.token, resumed.expiresAt);
			} else {
				// Remember why: a page that needs sign-in can say "your session has ended".
				event.locals.sessionExpired = true;
				clearSessionCookie(event.cookies, event.url);
			}
		}
	}

	const cookieLocale = event.cookies.get(cookieName);
	const locale = negotiateLocale(locales, baseLocale, {
		saved: event.locals.user?.locale,
		cookie: cookieLocale,
		acceptLanguage: event.request.headers.get('accept-language')
	});
	event.locals.locale = locale;
	if (!isApi && event.locals.user?.locale && cookieLocale !== locale) {
		// Keep the cookie in step with the saved choice, so signed-out pages on this device follow it.
		event.cookies.set(cookieName, locale, { path: '/', httpOnly: false, sameSite: 'lax', secure: event.url.protocol === 'https:', maxAge: 400 * 24 * 3600 });
	}

	// A fresh instance shows only the first-run page until it is set up.
	if (!isApi && !event.url.pathname.startsWith('/setup') && event.request.method === 'GET' && !(await isSetupComplete(ctx))) {
		return new Response(null, { status: 303, headers: { location: '/setup', ...SECURITY_HEADERS, 'content-security-policy': FALLBACK_CSP } });
	}

	const store = { locale, origin: event.url.origin, messageCalls: new Set<string>() };
	const crossSite = isCrossSiteFormPost(
		event.request.method,
		{
			contentType: event.request.headers.get('content-type'),
			origin: event.request.headers.get('origin'),
			secFetchSite: event.request.headers.get('sec-fetch-site')
		},
		event.url.origin
	);
	const response = crossSite
		? localeStorage.run(store, () => new Response(errorMessage('cross_origin'), { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } }))
		: await localeStorage.run(store, () =>
				resolve(event, {
					transformPageChunk: ({ html }) => html.replace('%lang%', locale).replace('%dir%', textDirection(locale))
				})
			);
	for (const [k, v] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(k)) response.headers.set(k, v);
	}
	if (!response.headers.has('content-security-policy')) response.headers.set('content-security-policy', FALLBACK_CSP);
	if (event.locals.user) response.headers.set('cache-control', 'private, no-store');
	// 503 is only ever "busy right now" (see WorkLimiter): say when to come back.
	if (response.status === 503 && !response.headers.has('retry-after')) response.headers.set('retry-after', String(BUSY_RETRY_SECONDS));
	return compress(event.request, response);
};

/**
 * Pages are rendered per request, so the Node adapter cannot serve a pre-compressed copy as it does
 * for static files. A page is a few kilobytes; gzip brings it to about a third, which matters on a
 * slow phone connection.
 */
async function compress(request: Request, response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	const acceptsGzip = /\bgzip\b/i.test(request.headers.get('accept-encoding') ?? '');
	if (!acceptsGzip || response.headers.has('content-encoding') || response.body === null || request.method === 'HEAD') return response;
	if (!/^(text\/html|application\/json|text\/plain)/.test(type)) return response;
	const body = Buffer.from(await response.arrayBuffer());
	const headers = new Headers(response.headers);
	headers.append('vary', 'accept-encoding');
	if (body.length < 1024) return new Response(body, { status: response.status, statusText: response.statusText, headers });
	headers.set('content-encoding', 'gzip');
	headers.delete('content-length');
	return new Response(gzipSync(body, { level: 6 }), { status: response.status, statusText: response.statusText, headers });
}

/** Unexpected errors are logged once, with a reference; the person sees only the reference. */
export const handleError: HandleServerError = async ({ error, status, message }) => {
	// 4xx from Kit itself (not found, wrong content type, too large) are not faults of ours.
	if (status < 500) return { message };
	const ref = randomBytes(4).toString('hex');
	const { ctx } = await app();
	ctx.log.error('unexpected error', {
		ref,
		status,
		error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error)
	});
	return { message: 'Internal error', ref };
};

import type { Cookies } from '@sveltejs/kit';
import { cookieName, type Locale } from '$lib/paraglide/runtime';
import { DEVICE_COOKIE } from './devices';
import { SESSION_COOKIE } from './sessions.service';

/**
 * Cookies that carry a secret. Over https (an https ORIGIN) they are `__Host-` cookies: Secure,
 * Path=/ and no Domain, so no other host (a sibling subdomain included) can set or shadow them.
 * Plain http (a laptop, the tests) keeps the bare name, which browsers refuse to prefix.
 */
function secretCookieName(base: string, url: URL): string {
	return url.protocol === 'https:' ? `__Host-${base}` : base;
}

function secretCookieOptions(url: URL) {
	return { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' } as const;
}

/**
 * The session token this request carries. Sessions started before the `__Host-` name keep
 * working under the bare name for their lifetime: `legacy` says to move it (see setSessionCookie).
 */
export function readSessionCookie(cookies: Cookies, url: URL): { token: string; legacy: boolean } | null {
	const name = secretCookieName(SESSION_COOKIE, url);
	const token = cookies.get(name);
	if (token) return { token, legacy: false };
	const old = name === SESSION_COOKIE ? undefined : cookies.get(SESSION_COOKIE);
	return old ? { token: old, legacy: true } : null;
}

/** HttpOnly, SameSite=Lax, Secure when served over https; expires with the session (sliding). */
export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	const name = secretCookieName(SESSION_COOKIE, url);
	cookies.set(name, token, { ...secretCookieOptions(url), expires: expiresAt });
	if (name !== SESSION_COOKIE && cookies.get(SESSION_COOKIE) !== undefined) cookies.delete(SESSION_COOKIE, { path: '/', secure: true });
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	const name = secretCookieName(SESSION_COOKIE, url);
	cookies.delete(name, secretCookieOptions(url));
	if (name !== SESSION_COOKIE && cookies.get(SESSION_COOKIE) !== undefined) cookies.delete(SESSION_COOKIE, { path: '/', secure: true });
}

/** This browser's device cookie (see devices.ts), if it has one. */
export function readDeviceCookie(cookies: Cookies, url: URL): string | null {
	return cookies.get(secretCookieName(DEVICE_COOKIE, url)) ?? null;
}

/**
 * Kept for 400 days, the longest a browser honours (RFC 6265bis §5.5), and through sign-out:
 * it is what lets this browser in while someone else is guessing the person's passphrase.
 */
export function setDeviceCookie(cookies: Cookies, url: URL, value: string): void {
	cookies.set(secretCookieName(DEVICE_COOKIE, url), value, { ...secretCookieOptions(url), maxAge: 400 * 24 * 3600 });
}

/**
 * The page-language cookie. Readable by the page (not HttpOnly) because it holds no secret;
 * kept for 400 days, the longest a browser honours (RFC 6265bis §5.5).
 */
export function setLocaleCookie(cookies: Cookies, url: URL, locale: Locale): void {
	cookies.set(cookieName, locale, {
		path: '/',
		httpOnly: false,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: 400 * 24 * 3600
	});
}

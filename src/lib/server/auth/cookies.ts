import type { Cookies } from '@sveltejs/kit';
import { cookieName, type Locale } from '$lib/paraglide/runtime';
import { SESSION_COOKIE } from './sessions.service';

/** HttpOnly, SameSite=Lax, Secure when served over https; expires with the session (sliding). */
export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: expiresAt
	});
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
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

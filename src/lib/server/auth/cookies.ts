import type { Cookies } from '@sveltejs/kit';
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

import type { Locale } from '$lib/paraglide/runtime';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in person, from a session cookie (pages) or an API token (/api/v1). */
			user: { id: string; username: string; displayName: string; locale: string | null; isInstanceAdmin: boolean } | null;
			/** The cookie session id (its hash), when signed in with a cookie. */
			sessionId: string | null;
			/** How the person is signed in. */
			auth: 'session' | 'token' | null;
			/** A session cookie came with the request but its session had ended. */
			sessionExpired: boolean;
			locale: Locale;
		}
		interface Error {
			message: string;
			/** A short reference to quote when reporting an unexpected error; never details. */
			ref?: string;
		}
		interface PageData {
			locale?: string;
		}
	}
}

export {};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { endSession } from '$lib/server/auth/sessions.service';
import { ctxOf } from '$lib/server/http';

/*
 * Signing out only ever ends the caller's own session, so it needs no permission. It is
 * deliberately not behind requireUser: someone whose session already ended who presses
 * "Sign out" on an old page should end up signed out, not be asked to sign in first.
 */

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/');
	return {};
};

export const actions: Actions = {
	// Only a POST signs out: a GET would let any link or image on another site sign people out.
	default: async ({ locals, cookies, url }) => {
		if (locals.sessionId !== null) await endSession(await ctxOf(), locals.sessionId);
		clearSessionCookie(cookies, url);
		redirect(303, '/');
	}
};

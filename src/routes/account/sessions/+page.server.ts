import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { countActiveSessions, endAllSessions } from '$lib/server/auth/sessions.service';
import { ctxOf, requireUser } from '$lib/server/http';
import { queryParam } from '$lib/server/forms';

export const load: PageServerLoad = async (event) => {
	const userId = requireUser(event);
	const ended = Number.parseInt(queryParam(event.url, 'ended') ?? '', 10);
	return {
		activeSessions: await countActiveSessions(await ctxOf(), userId),
		endedOthers: Number.isFinite(ended) && ended >= 0 ? ended : null
	};
};

export const actions: Actions = {
	/** Every device, this one included: for a lost phone or a shared computer left signed in. */
	everywhere: async (event) => {
		const userId = requireUser(event);
		await endAllSessions(await ctxOf(), userId);
		clearSessionCookie(event.cookies, event.url);
		redirect(303, '/signin?ended=1');
	},
	/** Every other device; this one stays signed in. */
	others: async (event) => {
		const userId = requireUser(event);
		// Pages are reached only with a session cookie; without one there is no "this device" to keep.
		const keep = event.locals.sessionId;
		if (keep === null) redirect(303, '/signin?redirectTo=%2Faccount%2Fsessions');
		const ended = await endAllSessions(await ctxOf(), userId, keep);
		redirect(303, `/account/sessions?ended=${ended}`);
	}
};

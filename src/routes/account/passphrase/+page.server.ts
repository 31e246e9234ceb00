import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { changePassphraseSchema } from '$lib/server/accounts/accounts.schema';
import { changePassphrase } from '$lib/server/accounts/accounts.service';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { ctxOf, requireUser } from '$lib/server/http';

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const ended = Number.parseInt(queryParam(event.url, 'ended') ?? '', 10);
	return { changed: queryParam(event.url, 'changed') === '1', ended: Number.isFinite(ended) && ended >= 0 ? ended : 0 };
};

export const actions: Actions = {
	default: async (event) => {
		const userId = requireUser(event);
		// Pages are reached only with a session cookie; without one there is no "this device" to keep.
		const sessionId = event.locals.sessionId;
		if (sessionId === null) redirect(303, '/signin?redirectTo=%2Faccount%2Fpassphrase');
		const input = await readForm(event.request);
		const values = keepValues(input, ['current', 'passphrase', 'passphraseConfirm']);
		const parsed = parseWith(changePassphraseSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let result;
		try {
			result = await changePassphrase(await ctxOf(), userId, sessionId, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `/account/passphrase?changed=1&ended=${result.endedSessions}`);
	}
};

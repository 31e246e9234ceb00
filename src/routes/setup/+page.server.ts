import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { errorMessage } from '$lib/i18n/translate';
import { readDeviceCookie, setDeviceCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { ctxOf } from '$lib/server/http';
import { setupSchema } from '$lib/server/instance/instance.schema';
import { completeSetup, isSetupComplete } from '$lib/server/instance/instance.service';

const SECRET_FIELDS = ['passphrase', 'passphraseConfirm', 'setupCode'];

// Public, but only until setup is done: after that this page is gone (404).
export const load: PageServerLoad = async ({ request }) => {
	// After a successful setup Kit renders this page once more to show the recovery codes.
	if (request.method !== 'POST' && (await isSetupComplete(await ctxOf()))) error(404, errorMessage('setup_done'));
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		const ctx = await ctxOf();
		if (await isSetupComplete(ctx)) error(404, errorMessage('setup_done'));
		const input = await readForm(request);
		const values = keepValues(input, SECRET_FIELDS);
		const parsed = parseWith(setupSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let result;
		try {
			result = await completeSetup(ctx, parsed.data, locals.locale, readDeviceCookie(cookies, url));
		} catch (e) {
			return failFromService(e, values);
		}
		setSessionCookie(cookies, url, result.session.token, result.session.expiresAt);
		setDeviceCookie(cookies, url, result.device);
		return { recoveryCodes: result.recoveryCodes, networkSlug: result.networkSlug };
	}
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isLocale } from '$lib/paraglide/runtime';
import { recoverSchema } from '$lib/server/accounts/accounts.schema';
import { recoverAccount } from '$lib/server/accounts/accounts.service';
import { readDeviceCookie, setDeviceCookie, setLocaleCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { ctxOf } from '$lib/server/http';

const SECRET_FIELDS = ['code', 'passphrase', 'passphraseConfirm'];

// Public: for people who cannot sign in. Someone signed in changes the passphrase from their account.
export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, '/account/passphrase');
	return {};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		if (locals.user) redirect(303, '/account/passphrase');
		const input = await readForm(request);
		const values = keepValues(input, SECRET_FIELDS);
		const parsed = parseWith(recoverSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let result;
		try {
			result = await recoverAccount(await ctxOf(), parsed.data, readDeviceCookie(cookies, url));
		} catch (e) {
			return failFromService(e, values);
		}
		setSessionCookie(cookies, url, result.session.token, result.session.expiresAt);
		setDeviceCookie(cookies, url, result.device);
		if (result.locale !== null && isLocale(result.locale)) setLocaleCookie(cookies, url, result.locale);
		return { recovered: true, remainingCodes: result.remainingCodes };
	}
};

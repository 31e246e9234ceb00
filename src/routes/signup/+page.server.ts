import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { safeRedirectPath } from '$lib/domain/locale';
import { signUpSchema } from '$lib/server/accounts/accounts.schema';
import { signUp } from '$lib/server/accounts/accounts.service';
import { readDeviceCookie, setDeviceCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { ctxOf } from '$lib/server/http';

const SECRET_FIELDS = ['passphrase', 'passphraseConfirm'];

// Public: anyone may make an account. Someone already signed in has one.
export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, '/account');
	return { redirectTo: safeRedirectPath(queryParam(url, 'redirectTo')) };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, locals }) => {
		if (locals.user) redirect(303, '/account');
		const input = await readForm(request);
		const redirectTo = safeRedirectPath(typeof input.redirectTo === 'string' ? input.redirectTo : null);
		const values = { ...keepValues(input, SECRET_FIELDS), redirectTo };
		const parsed = parseWith(signUpSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let result;
		try {
			result = await signUp(await ctxOf(), parsed.data, locals.locale, readDeviceCookie(cookies, url));
		} catch (e) {
			return failFromService(e, values);
		}
		setSessionCookie(cookies, url, result.session.token, result.session.expiresAt);
		setDeviceCookie(cookies, url, result.device);
		// The codes are shown in this response only: they never travel in a URL or get stored in plain text.
		return { recoveryCodes: result.recoveryCodes, continueHref: redirectTo };
	}
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { safeRedirectPath } from '$lib/domain/locale';
import { isLocale } from '$lib/paraglide/runtime';
import { signInSchema } from '$lib/server/accounts/accounts.schema';
import { signIn } from '$lib/server/accounts/accounts.service';
import { readDeviceCookie, setDeviceCookie, setLocaleCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { ctxOf } from '$lib/server/http';

/** Why the person landed here, from the link that brought them; anything else shows no notice. */
function noticeFrom(params: URLSearchParams): 'expired' | 'deleted' | 'ended' | null {
	if (params.get('expired') === '1') return 'expired';
	if (params.get('deleted') === '1') return 'deleted';
	if (params.get('ended') === '1') return 'ended';
	return null;
}

// Public. Someone already signed in goes straight on to where they were headed.
export const load: PageServerLoad = async ({ locals, url }) => {
	// Validated here and again on submit: the value comes from a link anyone can craft (open redirect).
	const redirectTo = safeRedirectPath(queryParam(url, 'redirectTo'));
	if (locals.user) redirect(303, redirectTo);
	return { redirectTo, notice: noticeFrom(url.searchParams) };
};

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const input = await readForm(request);
		const redirectTo = safeRedirectPath(typeof input.redirectTo === 'string' ? input.redirectTo : null);
		const values = { ...keepValues(input, ['passphrase']), redirectTo };
		const parsed = parseWith(signInSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let result;
		try {
			result = await signIn(await ctxOf(), parsed.data, readDeviceCookie(cookies, url));
		} catch (e) {
			return failFromService(e, values);
		}
		setSessionCookie(cookies, url, result.session.token, result.session.expiresAt);
		setDeviceCookie(cookies, url, result.device);
		// The saved language wins over this device's cookie, so pages switch to it at once.
		if (result.locale !== null && isLocale(result.locale)) setLocaleCookie(cookies, url, result.locale);
		redirect(303, redirectTo);
	}
};

import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { safeRedirectPath } from '$lib/domain/locale';
import { cookieName, locales } from '$lib/paraglide/runtime';
import { setPreferredLocale } from '$lib/server/accounts/accounts.service';
import { ctxOf } from '$lib/server/http';
import { readFormData } from '$lib/server/forms';

const schema = z.object({ locale: z.enum(locales), redirectTo: z.string().max(2000).optional() });

// Public: anyone may choose a language. A GET lands back home.
export const load: PageServerLoad = async () => redirect(303, '/');

export const actions: Actions = {
	/** Saves the choice in a cookie and, when signed in, on the account so every device follows it. */
	default: async ({ request, cookies, locals, url }) => {
		const form = Object.fromEntries(await readFormData(request));
		const parsed = schema.safeParse(form);
		const back = safeRedirectPath(typeof form.redirectTo === 'string' ? form.redirectTo : null);
		if (!parsed.success) redirect(303, back);
		cookies.set(cookieName, parsed.data.locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 400 * 24 * 3600
		});
		if (locals.user) await setPreferredLocale(await ctxOf(), locals.user.id, parsed.data.locale);
		redirect(303, back);
	}
};

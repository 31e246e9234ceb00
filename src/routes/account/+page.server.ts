import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { locales } from '$lib/paraglide/runtime';
import { profileSchema } from '$lib/server/accounts/accounts.schema';
import { getOwnProfile, setPreferredLocale, updateProfile } from '$lib/server/accounts/accounts.service';
import { setLocaleCookie } from '$lib/server/auth/cookies';
import { countActiveSessions } from '$lib/server/auth/sessions.service';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { ctxOf, requireUser } from '$lib/server/http';
import { formatDate } from './dates';

const languageSchema = z.object({ locale: z.enum(locales) });

export const load: PageServerLoad = async (event) => {
	const userId = requireUser(event);
	const ctx = await ctxOf();
	const profile = await getOwnProfile(ctx, userId);
	const saved = queryParam(event.url, 'saved');
	return {
		profile: {
			username: profile.username,
			displayName: profile.displayName,
			email: profile.email ?? '',
			locale: profile.locale,
			since: formatDate(profile.createdAt, event.locals.locale)
		},
		unusedCodes: profile.recoveryCodes.unused,
		activeSessions: await countActiveSessions(ctx, userId),
		saved: saved === 'profile' || saved === 'language' ? saved : null
	};
};

export const actions: Actions = {
	profile: async (event) => {
		const userId = requireUser(event);
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(profileSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await updateProfile(await ctxOf(), userId, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, '/account?saved=profile');
	},
	language: async (event) => {
		const userId = requireUser(event);
		const input = await readForm(event.request);
		const parsed = parseWith(languageSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, keepValues(input));
		await setPreferredLocale(await ctxOf(), userId, parsed.data.locale);
		// The saved choice already wins on every device; the cookie keeps this one in step after signing out.
		setLocaleCookie(event.cookies, event.url, parsed.data.locale);
		redirect(303, '/account?saved=language');
	}
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { deleteAccountSchema } from '$lib/server/accounts/accounts.schema';
import { deleteAccount, networksBlockingDeletion } from '$lib/server/accounts/accounts.service';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { failForm, failFromService, parseWith, readForm } from '$lib/server/forms';
import { ctxOf, requireUser } from '$lib/server/http';

export const load: PageServerLoad = async (event) => {
	const userId = requireUser(event);
	// Said up front, so nobody types their passphrase only to be refused.
	return { blockingNetworks: await networksBlockingDeletion(await ctxOf(), userId) };
};

export const actions: Actions = {
	default: async (event) => {
		const userId = requireUser(event);
		const input = await readForm(event.request);
		// The tick box is kept (it is no secret); the passphrase is not.
		const values: Record<string, string> = input.confirm === 'yes' ? { confirm: 'yes' } : {};
		const parsed = parseWith(deleteAccountSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await deleteAccount(await ctxOf(), userId, parsed.data.passphrase);
		} catch (e) {
			return failFromService(e, values);
		}
		// The account's sessions went with it (foreign keys cascade); the cookie is now worthless.
		clearSessionCookie(event.cookies, event.url);
		redirect(303, '/signin?deleted=1');
	}
};

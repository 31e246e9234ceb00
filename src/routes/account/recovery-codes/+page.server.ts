import type { Actions, PageServerLoad } from './$types';
import { confirmWithPassphraseSchema } from '$lib/server/accounts/accounts.schema';
import { recoveryCodeStatus, regenerateRecoveryCodes } from '$lib/server/accounts/accounts.service';
import { failForm, failFromService, parseWith, readForm } from '$lib/server/forms';
import { ctxOf, requireUser } from '$lib/server/http';
import { formatDate } from '../dates';

export const load: PageServerLoad = async (event) => {
	const userId = requireUser(event);
	const status = await recoveryCodeStatus(await ctxOf(), userId);
	return {
		unused: status.unused,
		total: status.total,
		madeOn: status.createdAt === null ? null : formatDate(status.createdAt, event.locals.locale)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const userId = requireUser(event);
		const input = await readForm(event.request);
		// Nothing typed here is worth keeping: the only field is the passphrase.
		const parsed = parseWith(confirmWithPassphraseSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, {});
		let codes;
		try {
			codes = await regenerateRecoveryCodes(await ctxOf(), userId, parsed.data.passphrase);
		} catch (e) {
			return failFromService(e, {});
		}
		// Shown in this response only, never put in a URL: the page cannot show them again.
		return { recoveryCodes: codes };
	}
};

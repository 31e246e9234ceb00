import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { ctxOf, guard } from '$lib/server/http';
import { instanceSettingsSchema } from '$lib/server/instance/instance.schema';
import { setNetworkCreation } from '$lib/server/instance/instance.service';
import { getNetworkCreation } from '$lib/server/networks/networks.service';

// Instance admins only: settings for the whole Hearth, not for one network.
export const load: PageServerLoad = async (event) => {
	const networkCreation = await getNetworkCreation(await ctxOf());
	guard(event, 'instance.manage', { kind: 'instance', networkCreation });
	return { networkCreation, saved: queryParam(event.url, 'saved') === '1' };
};

export const actions: Actions = {
	default: async (event) => {
		const ctx = await ctxOf();
		const actor = guard(event, 'instance.manage', { kind: 'instance', networkCreation: await getNetworkCreation(ctx) });
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(instanceSettingsSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await setNetworkCreation(ctx, actor, parsed.data.networkCreation);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, '/admin?saved=1');
	}
};

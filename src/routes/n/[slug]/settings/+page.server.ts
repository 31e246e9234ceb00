import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { networkSettingsSchema } from '$lib/server/networks/networks.schema';
import { updateNetworkSettings } from '$lib/server/networks/networks.service';

export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	guard(event, 'network.manage', access.resource);
	const { network } = access;
	return {
		network: { slug: network.slug, name: network.name },
		// The form's starting values, in the same shape as the values kept after an error.
		current: {
			name: network.name,
			description: network.description,
			areas: access.areas.map((a) => a.name).join('\n'),
			languages: network.languages.join('\n'),
			joinPolicy: network.joinPolicy
		},
		saved: queryParam(event.url, 'saved') === '1'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const access = await networkFromParams(event);
		guard(event, 'network.manage', access.resource);
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(networkSettingsSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await updateNetworkSettings(await ctxOf(), access, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `/n/${access.network.slug}/settings?saved=1`);
	}
};

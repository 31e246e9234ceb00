import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failFromService, failForm, keepValues, parseWith, readForm } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { getAidSettings } from '$lib/server/asks/aid-settings';
import { offerSchema } from '$lib/server/offers/offers.schema';
import { createOffer } from '$lib/server/offers/offers.service';

export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	guard(event, 'network.member', access.resource);
	const settings = await getAidSettings((await ctxOf()).db, access.network.id);
	return { network: { slug: access.network.slug, name: access.network.name }, areas: access.areas, categories: settings.categories };
};

export const actions: Actions = {
	default: async (event) => {
		const access = await networkFromParams(event);
		const actor = guard(event, 'network.member', access.resource);
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(offerSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		try {
			await createOffer(await ctxOf(), actor, access, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `/n/${access.network.slug}/mine?notice=offer_created`);
	}
};

import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { actorOf, ctxOf, guard } from '$lib/server/http';
import { networkSchema } from '$lib/server/networks/networks.schema';
import { createNetwork, getNetworkCreation } from '$lib/server/networks/networks.service';
import { authorize, type Actor, type Resource } from '$lib/server/policy/policy';

/**
 * The door for creating a network. Visitors go to sign in; a signed-in person this instance
 * does not allow gets the reason and what to do instead, not just "not allowed".
 */
async function guardCreate(event: RequestEvent): Promise<Actor> {
	const instance: Resource = { kind: 'instance', networkCreation: await getNetworkCreation(await ctxOf()) };
	const actor = actorOf(event.locals);
	if (actor.userId !== null && !authorize(actor, 'network.create', instance)) error(403, m.net_new_forbidden());
	return guard(event, 'network.create', instance);
}

export const load: PageServerLoad = async (event) => {
	await guardCreate(event);
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = await guardCreate(event);
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(networkSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let created;
		try {
			created = await createNetwork(await ctxOf(), actor, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `/n/${created.slug}`);
	}
};

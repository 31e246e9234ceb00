import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { getAidSettings } from '$lib/server/asks/aid-settings';
import { failAsk, failAskFields } from '$lib/server/asks/ask-form';
import { askSchema } from '$lib/server/asks/asks.schema';
import { createAsk } from '$lib/server/asks/asks.service';

function modeOf(url: URL, form?: Record<string, string | string[]>): 'self' | 'on_behalf' {
	const raw = form?.mode ?? queryParam(url, 'for');
	return raw === 'neighbour' || raw === 'on_behalf' ? 'on_behalf' : 'self';
}

export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	const mode = modeOf(event.url);
	guard(event, mode === 'self' ? 'network.member' : 'network.steward', access.resource);
	const settings = await getAidSettings((await ctxOf()).db, access.network.id);
	return {
		network: { slug: access.network.slug, name: access.network.name },
		areas: access.areas,
		categories: settings.categories,
		retentionDays: settings.retentionDays,
		mode
	};
};

export const actions: Actions = {
	/**
	 * Own asks go to their page. An ask recorded for a neighbour answers with the status link
	 * itself: only its hash is kept, so this response is the one time it exists.
	 */
	default: async (event) => {
		const access = await networkFromParams(event);
		const input = await readForm(event.request);
		const mode = modeOf(event.url, input);
		const actor = guard(event, mode === 'self' ? 'network.member' : 'network.steward', access.resource);
		const values = keepValues(input, ['confirmSensitive']);
		const parsed = parseWith(askSchema, input);
		if (!parsed.ok) return failAskFields(parsed.errors, values);
		let created;
		try {
			created = await createAsk(await ctxOf(), actor, access, parsed.data, mode);
		} catch (e) {
			return failAsk(e, values);
		}
		if (created.followCode === null) redirect(303, `/n/${access.network.slug}/asks/${created.id}?notice=created`);
		return {
			recorded: { id: created.id, code: created.followCode, link: `${event.url.origin}/follow/${created.followCode}` }
		};
	}
};

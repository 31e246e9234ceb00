import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { followLookup } from '$lib/server/asks/asks.service';
import { failFromService, keepValues, readForm } from '$lib/server/forms';
import { ctxOf, networkFromParams } from '$lib/server/http';
import { noticeFrom } from '../notices';

/**
 * "Check on my request": a family without an account types the status code from its paper. Public;
 * a right code goes to its status page, a wrong one is a field message that keeps what was typed.
 */
export const load: PageServerLoad = async (event) => {
	event.setHeaders({ 'cache-control': 'no-store' });
	const access = await networkFromParams(event);
	return { network: { slug: access.network.slug, name: access.network.name }, notice: noticeFrom(event.url, ['ended'] as const) };
};

export const actions: Actions = {
	default: async (event) => {
		const access = await networkFromParams(event);
		const input = await readForm(event.request);
		const values = keepValues(input);
		let found;
		try {
			found = await followLookup(await ctxOf(), access, typeof input.code === 'string' ? input.code : '');
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `/follow/${found.code}`);
	}
};

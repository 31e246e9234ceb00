import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { NEW_FUND_VALUES } from '$lib/server/funds/fund-form';
import { fundSchema } from '$lib/server/funds/funds.schema';
import { createFund } from '$lib/server/funds/funds.service';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { listMembers } from '$lib/server/members/members.repository';

export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	guard(event, 'fund.manage', access.resource);
	const members = await listMembers((await ctxOf()).db, access.network.id, 'active', { limit: 500, offset: 0 });
	return {
		network: { slug: access.network.slug, name: access.network.name },
		members: members.map((p) => ({ id: p.userId, name: p.displayName })),
		current: { ...NEW_FUND_VALUES }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const access = await networkFromParams(event);
		const actor = guard(event, 'fund.manage', access.resource);
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(fundSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		let id: string;
		try {
			({ id } = await createFund(await ctxOf(), actor, access, parsed.data, getLocale()));
		} catch (e) {
			return failFromService(e, values);
		}
		redirect(303, `/n/${access.network.slug}/funds/${id}?notice=created`);
	}
};

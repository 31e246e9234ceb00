import type { PageServerLoad } from './$types';
import { listFunds } from '$lib/server/funds/funds.service';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { authorize } from '$lib/server/policy/policy';

export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	const actor = guard(event, 'network.view', access.resource);
	const funds = await listFunds(await ctxOf(), actor, access);
	return {
		network: { slug: access.network.slug, name: access.network.name },
		isMember: authorize(actor, 'network.member', access.resource),
		isAdmin: authorize(actor, 'fund.manage', access.resource),
		funds: funds.map(({ fund, summary }) => ({
			id: fund.id,
			name: fund.name,
			purpose: fund.purpose,
			currency: fund.currency,
			minorDigits: fund.minorDigits,
			status: fund.status,
			publicPage: fund.publicPage,
			availableMinor: summary?.availableMinor ?? null,
			cashMinor: summary?.cashMinor ?? null
		}))
	};
};

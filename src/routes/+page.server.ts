import type { PageServerLoad } from './$types';
import { ctxOf, guard } from '$lib/server/http';
import { getNetworkCreation, listMyNetworks } from '$lib/server/networks/networks.service';
import { authorize, type Resource } from '$lib/server/policy/policy';
import { directoryPage } from './networks/directory';

// Public. Visitors see what Hearth is and the networks here; members see their own networks first.
export const load: PageServerLoad = async (event) => {
	const ctx = await ctxOf();
	const instance: Resource = { kind: 'instance', networkCreation: await getNetworkCreation(ctx) };
	const actor = guard(event, 'network.directory', instance);
	const directory = await directoryPage(ctx, 1);
	if (actor.userId === null) {
		return { mine: null, others: directory.items, moreNetworks: directory.pageCount > 1, canCreate: false };
	}
	const mine = (await listMyNetworks(ctx, actor.userId)).map((n) => ({
		slug: n.slug,
		name: n.name,
		role: n.role,
		pending: n.status !== 'active'
	}));
	const mySlugs = new Set(mine.map((n) => n.slug));
	return {
		mine,
		others: directory.items.filter((n) => !mySlugs.has(n.slug)),
		moreNetworks: directory.pageCount > 1,
		canCreate: authorize(actor, 'network.create', instance)
	};
};

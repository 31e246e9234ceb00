import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint, publicNetwork, readBody } from '$lib/server/api/respond';
import { countMembers } from '$lib/server/members/members.service';
import { networkSettingsPatchSchema } from '$lib/server/networks/networks.schema';
import { loadNetworkAccess, updateNetworkSettings } from '$lib/server/networks/networks.service';

/** Public face of a network, plus the caller's own membership when signed in. */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.view', access.resource);
	return json({ ...publicNetwork(access, await countMembers(api.ctx, access, 'active')), membership: access.membership });
});

/** Admins change name, description, areas, languages or join policy: only the keys sent. */
export const PATCH: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	apiGuard(api.actor, 'network.manage', access.resource);
	const input = await readBody(api.event.request, networkSettingsPatchSchema);
	await updateNetworkSettings(api.ctx, access, input);
	const fresh = await loadNetworkAccess(api.ctx, api.actor, access.network.slug);
	return json({ ...publicNetwork(fresh, await countMembers(api.ctx, fresh, 'active')), membership: fresh.membership });
});

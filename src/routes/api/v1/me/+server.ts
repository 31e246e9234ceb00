import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, endpoint } from '$lib/server/api/respond';
import { listMyNetworks } from '$lib/server/networks/networks.service';

/** The token's owner and their networks. */
export const GET: RequestHandler = endpoint(async ({ ctx, actor, event }) => {
	const user = event.locals.user;
	apiGuard(actor, 'account.manage', { kind: 'account', ownerId: user?.id ?? '' });
	if (!user) throw new Error('unreachable: guarded above');
	const networks = await listMyNetworks(ctx, user.id);
	return json({
		id: user.id,
		displayName: user.displayName,
		locale: user.locale,
		networks: networks.map((n) => ({ slug: n.slug, name: n.name, role: n.role, status: n.status }))
	});
});

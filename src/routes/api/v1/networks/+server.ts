import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, endpoint, pageParam, readBody } from '$lib/server/api/respond';
import { networkSchema } from '$lib/server/networks/networks.schema';
import { createNetwork, getNetworkCreation, listNetworksPage } from '$lib/server/networks/networks.service';

/** Public: the instance's networks, 20 a page. */
export const GET: RequestHandler = endpoint(async ({ ctx, event }) => {
	const page = await listNetworksPage(ctx, pageParam(event.url));
	return json({
		items: page.items.map((n) => ({
			slug: n.slug,
			name: n.name,
			description: n.description,
			languages: n.languages,
			joinPolicy: n.joinPolicy,
			memberCount: n.memberCount,
			createdAt: n.createdAt.toISOString()
		})),
		page: page.page,
		pageCount: page.pageCount,
		total: page.total
	});
});

/** Creates a network with the caller as its first admin, where the instance allows it. */
export const POST: RequestHandler = endpoint(async ({ ctx, actor, event }) => {
	apiGuard(actor, 'network.create', { kind: 'instance', networkCreation: await getNetworkCreation(ctx) });
	const input = await readBody(event.request, networkSchema);
	const created = await createNetwork(ctx, actor, input);
	return json({ slug: created.slug }, { status: 201, headers: { location: `/api/v1/networks/${created.slug}` } });
});

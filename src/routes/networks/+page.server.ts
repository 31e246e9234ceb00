import type { PageServerLoad } from './$types';
import { actorOf, ctxOf, guard } from '$lib/server/http';
import { getNetworkCreation, pageFrom } from '$lib/server/networks/networks.service';
import { authorize, type Resource } from '$lib/server/policy/policy';
import { directoryPage } from './directory';
import { queryParam } from '$lib/server/forms';

// Public: the directory is how someone looking for help, or wanting to help, finds a network.
export const load: PageServerLoad = async (event) => {
	const ctx = await ctxOf();
	const instance: Resource = { kind: 'instance', networkCreation: await getNetworkCreation(ctx) };
	guard(event, 'network.directory', instance);
	const directory = await directoryPage(ctx, pageFrom(queryParam(event.url, 'page')));
	return { directory, canCreate: authorize(actorOf(event.locals), 'network.create', instance) };
};

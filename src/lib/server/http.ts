import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { errorMessage } from '$lib/i18n/translate';
import { app } from './app';
import type { Ctx } from './context';
import { ServiceError } from './errors';
import { loadNetworkAccess, type NetworkAccess } from './networks/networks.service';
import { authorize, type Action, type Actor, type Resource } from './policy/policy';

/** The running instance's service context. */
export async function ctxOf(): Promise<Ctx> {
	return (await app()).ctx;
}

export function actorOf(locals: App.Locals): Actor {
	return { userId: locals.user?.id ?? null, isInstanceAdmin: locals.user?.isInstanceAdmin ?? false };
}

function signInUrl(locals: App.Locals, url: URL): string {
	const back = `redirectTo=${encodeURIComponent(url.pathname + url.search)}`;
	return locals.sessionExpired ? `/signin?expired=1&${back}` : `/signin?${back}`;
}

/**
 * The door of every load and action: allowed, or a sign-in redirect for visitors and a 403
 * page for people who are signed in but may not.
 */
export function guard(event: Pick<RequestEvent, 'locals' | 'url'>, action: Action, resource: Resource): Actor {
	const actor = actorOf(event.locals);
	if (authorize(actor, action, resource)) return actor;
	if (actor.userId === null) redirect(303, signInUrl(event.locals, event.url));
	error(403, errorMessage('forbidden'));
}

/** For pages about one's own account: signed in, or off to sign in. Returns the user id. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): string {
	const id = event.locals.user?.id;
	if (id === undefined) redirect(303, signInUrl(event.locals, event.url));
	guard(event, 'account.manage', { kind: 'account', ownerId: id });
	return id;
}

/** Loads the network named in the URL, or the 404 page in the person's language. */
export async function networkFromParams(event: Pick<RequestEvent, 'locals' | 'params'>): Promise<NetworkAccess> {
	const slug = event.params.slug ?? '';
	try {
		return await loadNetworkAccess(await ctxOf(), actorOf(event.locals), slug);
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') error(404, errorMessage('network_not_found'));
		throw e;
	}
}

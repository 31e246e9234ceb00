import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { Ctx } from '$lib/server/context';
import { translateErrors, type FormFailure } from '$lib/server/forms';
import { ServiceError } from '$lib/server/errors';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import type { NetworkAccess } from '$lib/server/networks/networks.service';
import { InsufficientStockError, type ShortItem } from '$lib/server/pantry/stock.service';
import { authorize, type Action, type Actor } from '$lib/server/policy/policy';
import { errorMessage } from '$lib/i18n/translate';

export interface PantryRoute {
	ctx: Ctx;
	actor: Actor;
	access: NetworkAccess;
	/** `/n/<slug>/pantry` */
	base: string;
}

/**
 * The door of every pantry page and action: the network named in the URL, and `action` checked
 * against the person's role in it (sign-in redirect or 403) before anything is looked up.
 */
export async function pantryFromParams(event: Pick<RequestEvent, 'locals' | 'params' | 'url'>, action: Action): Promise<PantryRoute> {
	const access = await networkFromParams(event);
	const actor = guard(event, action, access.resource);
	return { ctx: await ctxOf(), actor, access, base: `/n/${access.network.slug}/pantry` };
}

/** The facts every pantry page shows: the network and what the person may do there. */
export function pantryHeader(r: PantryRoute) {
	return {
		network: { slug: r.access.network.slug, name: r.access.network.name, languages: r.access.network.languages },
		canRecord: authorize(r.actor, 'pantry.record', r.access.resource),
		canManage: authorize(r.actor, 'pantry.manage', r.access.resource),
		base: r.base
	};
}

export interface StockFailure extends FormFailure {
	/** What is short when a record would take more than a place holds; the page offers an override. */
	short: ShortItem[];
}

/**
 * Turns a service failure into the form's answer: a shortfall comes back with the list of what is
 * short (and the person's values, so confirming the override resubmits the same record).
 */
export function failStock(error: unknown, values: Record<string, string>): ActionFailure<StockFailure> {
	if (error instanceof InsufficientStockError) {
		return fail(409, { errors: { override: errorMessage('insufficient_stock') }, values, short: error.short });
	}
	if (error instanceof ServiceError) return fail(error.status, { errors: translateErrors({ [error.field ?? '_form']: error.code }), values, short: [] });
	throw error;
}

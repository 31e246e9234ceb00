import { error, type RequestEvent } from '@sveltejs/kit';
import { errorMessage } from '$lib/i18n/translate';
import type { Ctx } from '$lib/server/context';
import { ServiceError } from '$lib/server/errors';
import { loadFund, type FundContext } from '$lib/server/funds/funds.service';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import type { NetworkAccess } from '$lib/server/networks/networks.service';
import type { Action, Actor } from '$lib/server/policy/policy';

export interface FundRoute {
	ctx: Ctx;
	actor: Actor;
	access: NetworkAccess;
	fc: FundContext;
	base: string;
}

/**
 * The door of every fund page and action: the network named in the URL, `action` checked
 * against the person's role in it (sign-in or 403) before any fund is looked up, then the fund
 * with the person's roles, or the 404 page when it does not exist or is not visible to them.
 */
export async function fundFromParams(event: Pick<RequestEvent, 'locals' | 'params' | 'url'>, action: Action): Promise<FundRoute> {
	const access = await networkFromParams(event);
	const actor = guard(event, action, access.resource);
	const ctx = await ctxOf();
	try {
		const fc = await loadFund(ctx, actor, access, event.params.fund ?? '');
		return { ctx, actor, access, fc, base: `/n/${access.network.slug}/funds/${fc.fund.id}` };
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'not_found') error(404, errorMessage('not_found'));
		throw e;
	}
}

/** The fund's facts every page shows (no rules a visitor should not see). */
export function fundHeader(r: FundRoute) {
	const f = r.fc.fund;
	return {
		network: { slug: r.access.network.slug, name: r.access.network.name },
		fund: { id: f.id, name: f.name, purpose: f.purpose, currency: f.currency, minorDigits: f.minorDigits, status: f.status },
		roles: r.fc.roles,
		base: r.base
	};
}

import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { apiGuard, apiNetwork, endpoint } from '$lib/server/api/respond';
import { fundBalances, publicReport } from '$lib/server/funds/funds.service';
import { apiFund, balancesJson, fundJson, reportJson, requireToken, rolesJson } from '../json';

/**
 * One fund: its rules, the caller's roles, and its k-anonymous public figures for anyone
 * signed in; the current balances for members only. A fund without a public page is 404 to
 * anyone outside the network, the same answer as for a fund that does not exist.
 */
export const GET: RequestHandler = endpoint(async (api) => {
	const access = await apiNetwork(api);
	requireToken(api);
	apiGuard(api.actor, 'network.view', access.resource);
	const fc = await apiFund(api, access);
	const [report, balances] = await Promise.all([
		publicReport(api.ctx, fc),
		fc.roles.isMember ? fundBalances(api.ctx, api.actor, access, fc) : Promise.resolve(null)
	]);
	return json({ ...fundJson(fc.fund), roles: rolesJson(fc), report: reportJson(report), balances: balances === null ? null : balancesJson(balances) });
});

import type { Ctx } from '../context';
import { newId } from '../db/conventions';
import { isUniqueViolation, type Executor } from '../db/index';
import { ServiceError } from '../errors';
import { getSetting } from '../instance/instance.repository';
import { insertMembership, findMembership } from '../members/members.repository';
import { requireAllowed, type Actor, type MembershipStatus, type Resource, type Role } from '../policy/policy';
import * as repo from './networks.repository';
import type { NetworkInput, NetworkSettingsPatch } from './networks.schema';

export type NetworkCreation = 'anyone' | 'admins';
export const NETWORK_CREATION_KEY = 'network_creation';

/** Who may create networks on this instance: instance admins only, unless an admin opens it up. */
export async function getNetworkCreation(ctx: Ctx): Promise<NetworkCreation> {
	return (await getSetting(ctx.db, NETWORK_CREATION_KEY)) === 'anyone' ? 'anyone' : 'admins';
}

export interface NetworkAccess {
	/** Who loaded it: services re-check this person's role inside their transaction. */
	actorId: string | null;
	network: repo.NetworkRow;
	/** The areas offered now, in the network's order: the choices of every form. */
	areas: { id: string; name: string }[];
	/** Areas taken off the list that asks and offers made in them still name; offered nowhere. */
	archivedAreas: { id: string; name: string }[];
	membership: { role: Role; status: MembershipStatus } | null;
	resource: Extract<Resource, { kind: 'network' }>;
}

function asRole(v: string): Role {
	return v === 'admin' || v === 'steward' ? v : 'neighbor';
}

/** Loads a network by slug with the actor's membership, ready for `authorize`. 404 when absent. */
export async function loadNetworkAccess(ctx: Ctx, actor: Actor, slug: string): Promise<NetworkAccess> {
	const network = await repo.findNetworkBySlug(ctx.db, slug.toLowerCase());
	if (!network) throw new ServiceError('not_found', undefined, 404);
	const [allAreas, m] = await Promise.all([
		repo.listAllAreas(ctx.db, network.id),
		actor.userId === null ? Promise.resolve(undefined) : findMembership(ctx.db, network.id, actor.userId)
	]);
	const membership = m ? { role: asRole(m.role), status: m.status === 'active' ? ('active' as const) : ('pending' as const) } : null;
	const areas = allAreas.filter((a) => !a.archived).map(({ id, name }) => ({ id, name }));
	const archivedAreas = allAreas.filter((a) => a.archived).map(({ id, name }) => ({ id, name }));
	return { actorId: actor.userId, network, areas, archivedAreas, membership, resource: { kind: 'network', networkId: network.id, membership } };
}

/** The name of an area of the network, archived or not ('' for none or an unknown id). */
export function areaNameOf(access: Pick<NetworkAccess, 'areas' | 'archivedAreas'>, areaId: string | null): string {
	if (areaId === null) return '';
	return (access.areas.find((a) => a.id === areaId) ?? access.archivedAreas.find((a) => a.id === areaId))?.name ?? '';
}

/** Creates a network inside the caller's transaction, with `creatorId` as its first admin. */
export async function createNetworkIn(ctx: Ctx, trx: Executor, creatorId: string, input: NetworkInput): Promise<string> {
	if (await repo.slugExists(trx, input.slug)) throw new ServiceError('slug_taken', 'slug', 409);
	const id = newId(ctx.now());
	try {
		await repo.insertNetwork(trx, { id, ...input, now: ctx.now() });
	} catch (e) {
		if (isUniqueViolation(e)) throw new ServiceError('slug_taken', 'slug', 409);
		throw e;
	}
	await repo.replaceAreas(trx, id, input.areas, ctx.now());
	await insertMembership(trx, { id: newId(ctx.now()), networkId: id, userId: creatorId, role: 'admin', status: 'active', now: ctx.now() });
	return id;
}

/** Creates a network if the instance setting allows this person to. */
export async function createNetwork(ctx: Ctx, actor: Actor, input: NetworkInput): Promise<{ id: string; slug: string }> {
	requireAllowed(actor, 'network.create', { kind: 'instance', networkCreation: await getNetworkCreation(ctx) });
	const creatorId = actor.userId;
	if (creatorId === null) throw new ServiceError('signed_out', undefined, 401);
	const id = await ctx.db.transaction().execute((trx) => createNetworkIn(ctx, trx, creatorId, input));
	return { id, slug: input.slug };
}

/**
 * Admins edit name, description, areas, languages and join policy (the slug stays). Only the
 * keys given change (the settings form gives them all; an API PATCH may give one), so two
 * admins changing different things at once both keep their change.
 */
export async function updateNetworkSettings(ctx: Ctx, access: NetworkAccess, input: NetworkSettingsPatch): Promise<void> {
	const { areas, ...fields } = input;
	await ctx.db.transaction().execute(async (trx) => {
		await repo.updateNetwork(trx, access.network.id, { ...fields, now: ctx.now() });
		if (areas !== undefined) await repo.replaceAreas(trx, access.network.id, areas, ctx.now());
	});
}

export const PAGE_SIZE = 20;

export function pageFrom(raw: string | null): number {
	const n = Number.parseInt(raw ?? '1', 10);
	return Number.isFinite(n) && n >= 1 && n <= 100_000 ? n : 1;
}

/** The instance's networks for the public directory, with member counts and area names. */
export async function listNetworksPage(ctx: Ctx, page: number) {
	const [rows, total] = await Promise.all([repo.listNetworks(ctx.db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }), repo.countNetworks(ctx.db)]);
	const areas = await repo.listAreaNamesOf(
		ctx.db,
		rows.map((n) => n.id)
	);
	const items = rows.map((n) => ({ ...n, areas: areas.get(n.id) ?? [] }));
	return { items, total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export async function listMyNetworks(ctx: Ctx, userId: string) {
	return repo.listNetworksOfUser(ctx.db, userId);
}

import type { Ctx } from '../context';
import type { Trx } from '../db/index';
import { newId } from '../db/conventions';
import { isUniqueViolation } from '../db/index';
import { ServiceError } from '../errors';
import { lockNetwork } from '../networks/networks.repository';
import type { NetworkAccess } from '../networks/networks.service';
import { PAGE_SIZE } from '../networks/networks.service';
import type { Actor, Role } from '../policy/policy';
import { newToken, sha256Hex } from '../auth/tokens';
import { notify } from '../notify/notify.service';
import * as repo from './members.repository';
import type { InviteInput } from './members.schema';

/**
 * Joins a network by its policy: open → member at once; approval → waits for an admin;
 * invite → needs a valid invite token. A valid invite admits at once whatever the policy.
 */
export async function joinNetwork(ctx: Ctx, actor: Actor, access: NetworkAccess, inviteToken?: string): Promise<{ status: 'active' | 'pending' }> {
	const userId = actor.userId;
	if (userId === null) throw new ServiceError('signed_out', undefined, 401);
	if (access.membership?.status === 'pending' && inviteToken) return admitWithInvite(ctx, userId, access, inviteToken);
	if (access.membership !== null) throw new ServiceError('already_member', undefined, 409);
	const now = ctx.now();
	return ctx.db.transaction().execute(async (trx) => {
		let role: Role = 'neighbor';
		let status: 'active' | 'pending';
		if (inviteToken) {
			const invite = await repo.findInviteByHash(trx, sha256Hex(inviteToken));
			if (!invite || invite.networkId !== access.network.id || !(await repo.consumeInvite(trx, invite.id, now))) {
				throw new ServiceError('invite_invalid', undefined, 400);
			}
			role = invite.role === 'steward' ? 'steward' : 'neighbor';
			status = 'active';
		} else if (access.network.joinPolicy === 'open') {
			status = 'active';
		} else if (access.network.joinPolicy === 'approval') {
			status = 'pending';
		} else {
			throw new ServiceError('invite_invalid', undefined, 403);
		}
		const membershipId = newId(now);
		try {
			await repo.insertMembership(trx, { id: membershipId, networkId: access.network.id, userId, role, status, now });
		} catch (e) {
			if (isUniqueViolation(e)) throw new ServiceError('already_member', undefined, 409);
			throw e;
		}
		if (status === 'pending') {
			// The admins hear about it in the same transaction, so a request is never unannounced.
			// The notification names the network only, not who asked (that is on the members page).
			for (const adminId of await repo.listActiveAdminIds(trx, access.network.id)) {
				await notify(ctx, trx, {
					userId: adminId,
					networkId: access.network.id,
					kind: 'join_requested',
					params: { network: access.network.name },
					link: `/n/${access.network.slug}/members?tab=pending`,
					dedupeKey: `join_requested:${membershipId}:${adminId}`
				});
			}
		}
		return { status };
	});
}

/**
 * Someone who asked to join and then got an invite link is let in by the invite: one use of it
 * is taken and the waiting request becomes a membership with the invite's role, in one
 * transaction (an admin approving at the same moment makes the second change a no-op).
 */
async function admitWithInvite(ctx: Ctx, userId: string, access: NetworkAccess, inviteToken: string): Promise<{ status: 'active' }> {
	const now = ctx.now();
	return ctx.db.transaction().execute(async (trx) => {
		const invite = await repo.findInviteByHash(trx, sha256Hex(inviteToken));
		if (!invite || invite.networkId !== access.network.id || !(await repo.consumeInvite(trx, invite.id, now))) {
			throw new ServiceError('invite_invalid', undefined, 400);
		}
		const role: Role = invite.role === 'steward' ? 'steward' : 'neighbor';
		if (!(await repo.updateMembership(trx, access.network.id, userId, { role, status: 'active' }, now, 'pending'))) {
			throw new ServiceError('already_member', undefined, 409);
		}
		return { status: 'active' as const };
	});
}

/**
 * Runs a change that could remove an admin, refusing it when it would leave the network with
 * none. The network row is locked first (PostgreSQL), so two admins demoting each other at the
 * same moment cannot both succeed; on SQLite the write transaction is already exclusive.
 */
async function changeKeepingAnAdmin(
	ctx: Ctx,
	access: NetworkAccess,
	userId: string,
	apply: (trx: Trx) => Promise<boolean>,
	byAdmin: boolean
): Promise<boolean> {
	const networkId = access.network.id;
	return ctx.db.transaction().execute(async (trx) => {
		await lockNetwork(trx, ctx.dialect, networkId);
		if (byAdmin) await requireStillAdmin(trx, access);
		const target = await repo.findMembership(trx, networkId, userId);
		if (!target) throw new ServiceError('not_member', undefined, 404);
		const ok = await apply(trx);
		if (ok && target.role === 'admin' && target.status === 'active' && (await repo.countActiveAdmins(trx, networkId)) < 1) {
			throw new ServiceError('last_admin', undefined, 409);
		}
		return ok;
	});
}

/**
 * The page or endpoint checked the acting admin's role when it loaded the network; this checks
 * it again under the network lock, so an admin demoted a moment ago cannot finish one more change.
 */
async function requireStillAdmin(trx: Trx, access: NetworkAccess): Promise<void> {
	if (access.actorId === null) throw new ServiceError('signed_out', undefined, 401);
	const me = await repo.findMembership(trx, access.network.id, access.actorId);
	if (!me || me.role !== 'admin' || me.status !== 'active') throw new ServiceError('forbidden', undefined, 403);
}

/** Admins: let a person who asked to join in. */
export async function approveMember(ctx: Ctx, access: NetworkAccess, userId: string): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		await lockNetwork(trx, ctx.dialect, access.network.id);
		await requireStillAdmin(trx, access);
		const ok = await repo.updateMembership(trx, access.network.id, userId, { status: 'active' }, ctx.now(), 'pending');
		if (!ok) throw new ServiceError('not_member', undefined, 404);
		await notify(ctx, trx, {
			userId,
			networkId: access.network.id,
			kind: 'membership_approved',
			params: { network: access.network.name },
			link: `/n/${access.network.slug}`
		});
	});
}

/** Declining a request to join removes it; the person may ask again later. */
export async function declineMember(ctx: Ctx, access: NetworkAccess, userId: string): Promise<void> {
	await ctx.db.transaction().execute(async (trx) => {
		await lockNetwork(trx, ctx.dialect, access.network.id);
		await requireStillAdmin(trx, access);
		const m = await repo.findMembership(trx, access.network.id, userId);
		if (!m || m.status !== 'pending') throw new ServiceError('not_member', undefined, 404);
		await repo.deleteMembership(trx, access.network.id, userId);
	});
}

/** Admins: change an active member's role; refused if it would leave no admin. */
export async function changeRole(ctx: Ctx, access: NetworkAccess, userId: string, role: Role): Promise<void> {
	await changeKeepingAnAdmin(
		ctx,
		access,
		userId,
		async (trx) => {
			const ok = await repo.updateMembership(trx, access.network.id, userId, { role }, ctx.now(), 'active');
			if (!ok) throw new ServiceError('not_member', undefined, 404);
			return ok;
		},
		true
	);
}

/** Admins: remove a member; refused if it would leave no admin. */
export async function removeMember(ctx: Ctx, access: NetworkAccess, userId: string): Promise<void> {
	await changeKeepingAnAdmin(ctx, access, userId, (trx) => repo.deleteMembership(trx, access.network.id, userId), true);
}

/** Leave a network (or withdraw a request to join). The last admin must hand over first. */
export async function leaveNetwork(ctx: Ctx, actor: Actor, access: NetworkAccess): Promise<void> {
	if (actor.userId === null) throw new ServiceError('signed_out', undefined, 401);
	const userId = actor.userId;
	await changeKeepingAnAdmin(ctx, access, userId, (trx) => repo.deleteMembership(trx, access.network.id, userId), false);
}

export async function listMembersPage(ctx: Ctx, access: NetworkAccess, status: 'active' | 'pending', page: number, search?: string) {
	const q = search?.trim().slice(0, 60) || undefined;
	const [items, total] = await Promise.all([
		repo.listMembers(ctx.db, access.network.id, status, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, search: q }),
		repo.countMembers(ctx.db, access.network.id, status, q)
	]);
	return { items, total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}

export async function countMembers(ctx: Ctx, access: NetworkAccess, status: 'active' | 'pending'): Promise<number> {
	return repo.countMembers(ctx.db, access.network.id, status);
}

/** Creates an invite link; the token is returned once and only its hash is kept. */
export async function createInvite(ctx: Ctx, access: NetworkAccess, creatorId: string, input: InviteInput) {
	const token = newToken(24);
	const now = ctx.now();
	const expiresAt = new Date(now.getTime() + input.expiresInDays * 24 * 60 * 60 * 1000);
	await repo.insertInvite(ctx.db, {
		id: newId(now),
		networkId: access.network.id,
		tokenHash: sha256Hex(token),
		role: input.role,
		createdBy: creatorId,
		maxUses: input.maxUses,
		expiresAt,
		now
	});
	return { token, expiresAt };
}

export async function listInvites(ctx: Ctx, access: NetworkAccess) {
	const now = ctx.now().getTime();
	return (await repo.listInvites(ctx.db, access.network.id)).map((i) => ({
		...i,
		state:
			i.revokedAt !== null
				? ('revoked' as const)
				: i.expiresAt.getTime() <= now
					? ('expired' as const)
					: i.maxUses !== null && i.useCount >= i.maxUses
						? ('used_up' as const)
						: ('active' as const)
	}));
}

export async function revokeInvite(ctx: Ctx, access: NetworkAccess, inviteId: string): Promise<void> {
	if (!(await repo.revokeInvite(ctx.db, access.network.id, inviteId, ctx.now()))) {
		throw new ServiceError('not_found', undefined, 404);
	}
}

/** What an invite link leads to, without using it: for the page that asks "join X?". */
export async function checkInvite(ctx: Ctx, networkId: string, token: string): Promise<{ role: string } | null> {
	const invite = await repo.findInviteByHash(ctx.db, sha256Hex(token));
	if (!invite || invite.networkId !== networkId || invite.revokedAt !== null) return null;
	if (invite.expiresAt.getTime() <= ctx.now().getTime()) return null;
	if (invite.maxUses !== null && invite.useCount >= invite.maxUses) return null;
	return { role: invite.role };
}

/** Whether someone is an active member, has asked to join, or neither (null). */
export async function findMembershipStatus(ctx: Ctx, access: NetworkAccess, userId: string): Promise<'active' | 'pending' | null> {
	const m = await repo.findMembership(ctx.db, access.network.id, userId);
	return m === undefined ? null : m.status === 'pending' ? 'pending' : 'active';
}

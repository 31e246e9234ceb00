import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failForm, failFromService, keepValues, parseWith, readForm } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { inviteSchema, INVITE_ROLES, revokeInviteSchema } from '$lib/server/members/members.schema';
import { createInvite, listInvites, revokeInvite } from '$lib/server/members/members.service';
import { noticeFrom } from '../notices';

export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	guard(event, 'network.manage', access.resource);
	const invites = await listInvites(await ctxOf(), access);
	return {
		network: { slug: access.network.slug, name: access.network.name },
		invites: invites.map((i) => ({
			id: i.id,
			role: i.role,
			state: i.state,
			useCount: i.useCount,
			maxUses: i.maxUses,
			expiresAt: i.expiresAt,
			createdAt: i.createdAt,
			createdByName: i.createdByName
		})),
		roles: [...INVITE_ROLES],
		notice: noticeFrom(event.url, ['revoked'] as const)
	};
};

export const actions: Actions = {
	/**
	 * Answers with the link itself rather than redirecting: only the token's hash is stored,
	 * so this response is the one time the full link exists (like recovery codes at setup).
	 */
	create: async (event) => {
		const access = await networkFromParams(event);
		const actor = guard(event, 'network.manage', access.resource);
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(inviteSchema, input);
		if (!parsed.ok) return failForm(400, parsed.errors, values);
		if (actor.userId === null) return failForm(401, { _form: 'signed_out' }, values);
		let created;
		try {
			created = await createInvite(await ctxOf(), access, actor.userId, parsed.data);
		} catch (e) {
			return failFromService(e, values);
		}
		return {
			created: {
				link: `${event.url.origin}/n/${access.network.slug}/join?invite=${created.token}`,
				role: parsed.data.role,
				maxUses: parsed.data.maxUses,
				expiresAt: created.expiresAt
			}
		};
	},

	revoke: async (event) => {
		const access = await networkFromParams(event);
		guard(event, 'network.manage', access.resource);
		const input = await readForm(event.request);
		const parsed = parseWith(revokeInviteSchema, input);
		if (!parsed.ok) return failForm(400, { _form: 'not_found' }, {});
		try {
			await revokeInvite(await ctxOf(), access, parsed.data.inviteId);
		} catch (e) {
			return failFromService(e, {});
		}
		redirect(303, `/n/${access.network.slug}/invites?notice=revoked`);
	}
};

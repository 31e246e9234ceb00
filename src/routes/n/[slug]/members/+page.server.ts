import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { failForm, failFromService, keepValues, parseWith, queryParam, readForm } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { memberTargetSchema, roleSchema } from '$lib/server/members/members.schema';
import { approveMember, changeRole, countMembers, declineMember, listMembersPage, removeMember } from '$lib/server/members/members.service';
import { pageFrom } from '$lib/server/networks/networks.service';
import { authorize, ROLES } from '$lib/server/policy/policy';
import { noticeFrom } from '../notices';

const NOTICES = ['approved', 'declined', 'role_changed', 'removed'] as const;
type Notice = (typeof NOTICES)[number];

/** The list's own query (tab, search, page): kept in each form's action URL and in the redirect back. */
function listQuery(url: URL): URLSearchParams {
	const out = new URLSearchParams();
	if (queryParam(url, 'tab') === 'pending') out.set('tab', 'pending');
	const q = (queryParam(url, 'q') ?? '').trim().slice(0, 60);
	if (q !== '' && !out.has('tab')) out.set('q', q);
	const page = pageFrom(queryParam(url, 'page'));
	if (page > 1) out.set('page', String(page));
	return out;
}

function backTo(event: RequestEvent, slug: string, notice: Notice): never {
	const query = listQuery(event.url);
	query.set('notice', notice);
	redirect(303, `/n/${slug}/members?${query}`);
}

// Stewards and admins coordinate, so they see who is in; only admins change anything.
export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	const actor = guard(event, 'network.members.list', access.resource);
	const ctx = await ctxOf();
	const query = listQuery(event.url);
	const tab = query.get('tab') === 'pending' ? 'pending' : 'active';
	const q = query.get('q') ?? '';
	const list = await listMembersPage(ctx, access, tab, pageFrom(query.get('page')), q);
	const pendingCount = tab === 'pending' ? list.total : await countMembers(ctx, access, 'pending');
	return {
		network: { slug: access.network.slug, name: access.network.name },
		tab,
		q,
		query: query.toString(),
		list: {
			...list,
			items: list.items.map((i) => ({ userId: i.userId, displayName: i.displayName, role: i.role, since: i.joinedAt }))
		},
		pendingCount,
		me: actor.userId,
		canManage: authorize(actor, 'network.manage', access.resource),
		roles: [...ROLES],
		notice: noticeFrom(event.url, NOTICES)
	};
};

export const actions: Actions = {
	approve: async (event) => {
		const access = await networkFromParams(event);
		guard(event, 'network.manage', access.resource);
		const input = await readForm(event.request);
		const parsed = parseWith(memberTargetSchema, input);
		if (!parsed.ok) return failForm(400, { _form: 'not_member' }, keepValues(input));
		try {
			await approveMember(await ctxOf(), access, parsed.data.userId);
		} catch (e) {
			return failFromService(e, keepValues(input));
		}
		backTo(event, access.network.slug, 'approved');
	},

	decline: async (event) => {
		const access = await networkFromParams(event);
		guard(event, 'network.manage', access.resource);
		const input = await readForm(event.request);
		const parsed = parseWith(memberTargetSchema, input);
		if (!parsed.ok) return failForm(400, { _form: 'not_member' }, keepValues(input));
		try {
			await declineMember(await ctxOf(), access, parsed.data.userId);
		} catch (e) {
			return failFromService(e, keepValues(input));
		}
		backTo(event, access.network.slug, 'declined');
	},

	/** Changing roles, one's own included; the last admin is refused (last_admin). */
	role: async (event) => {
		const access = await networkFromParams(event);
		const actor = guard(event, 'network.manage', access.resource);
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(roleSchema, input);
		if (!parsed.ok) return failForm(400, { _form: parsed.errors.role ?? 'not_member' }, values);
		try {
			await changeRole(await ctxOf(), access, parsed.data.userId, parsed.data.role);
		} catch (e) {
			return failFromService(e, values);
		}
		// An admin who just stepped down may no longer see this list: their network page shows the new role.
		if (parsed.data.userId === actor.userId && parsed.data.role !== 'admin') {
			redirect(303, `/n/${access.network.slug}?notice=role_changed`);
		}
		backTo(event, access.network.slug, 'role_changed');
	},

	remove: async (event) => {
		const access = await networkFromParams(event);
		const actor = guard(event, 'network.manage', access.resource);
		const input = await readForm(event.request);
		const values = keepValues(input);
		const parsed = parseWith(memberTargetSchema, input);
		if (!parsed.ok) return failForm(400, { _form: 'not_member' }, values);
		if (input.confirm !== 'yes') return failForm(400, { [`confirm-${parsed.data.userId}`]: 'confirm_required' }, values);
		try {
			await removeMember(await ctxOf(), access, parsed.data.userId);
		} catch (e) {
			return failFromService(e, values);
		}
		if (parsed.data.userId === actor.userId) redirect(303, `/n/${access.network.slug}?notice=left`);
		backTo(event, access.network.slug, 'removed');
	}
};

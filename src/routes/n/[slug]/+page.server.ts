import { redirect } from '@sveltejs/kit';
import { getAidSettings } from '$lib/server/asks/aid-settings';
import type { Actions, PageServerLoad } from './$types';
import { failForm, failFromService, readFormData } from '$lib/server/forms';
import { actorOf, ctxOf, guard, networkFromParams } from '$lib/server/http';
import { countMembers, joinNetwork, leaveNetwork } from '$lib/server/members/members.service';
import { authorize } from '$lib/server/policy/policy';
import { noticeFrom, returnHere } from './notices';

const NOTICES = ['joined', 'requested', 'left', 'withdrawn', 'role_changed'] as const;

// Public face of the network; members also see their role and the way to their tools.
export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	const actor = guard(event, 'network.view', access.resource);
	const ctx = await ctxOf();
	const canManage = authorize(actor, 'network.manage', access.resource);
	const [memberCount, pendingCount] = await Promise.all([
		countMembers(ctx, access, 'active'),
		canManage ? countMembers(ctx, access, 'pending') : Promise.resolve(0)
	]);
	const { network } = access;
	return {
		network: {
			slug: network.slug,
			name: network.name,
			description: network.description,
			languages: network.languages,
			joinPolicy: network.joinPolicy
		},
		areas: access.areas.map((a) => a.name),
		memberCount,
		pendingCount,
		membership: access.membership,
		signedIn: actor.userId !== null,
		canListMembers: authorize(actor, 'network.members.list', access.resource),
		canManage,
		intakeEnabled: (await getAidSettings(ctx.db, network.id)).intakeEnabled,
		signInHref: returnHere('/signin', event.url),
		signUpHref: returnHere('/signup', event.url),
		notice: noticeFrom(event.url, NOTICES)
	};
};

export const actions: Actions = {
	/** Join an open network, or ask to join one that needs approval. */
	join: async (event) => {
		const access = await networkFromParams(event);
		// A second click (or another tab) gets a plain answer instead of a 403.
		if (access.membership !== null) return failForm(409, { _form: 'already_member' }, {});
		const actor = guard(event, 'network.join', access.resource);
		let result;
		try {
			result = await joinNetwork(await ctxOf(), actor, access);
		} catch (e) {
			return failFromService(e, {});
		}
		redirect(303, `/n/${access.network.slug}?notice=${result.status === 'active' ? 'joined' : 'requested'}`);
	},

	/** Take back a request to join that is still waiting. */
	withdraw: async (event) => {
		const access = await networkFromParams(event);
		if (access.membership === null && actorOf(event.locals).userId !== null) redirect(303, `/n/${access.network.slug}`);
		const actor = guard(event, 'network.leave', access.resource);
		try {
			await leaveNetwork(await ctxOf(), actor, access);
		} catch (e) {
			return failFromService(e, {});
		}
		redirect(303, `/n/${access.network.slug}?notice=withdrawn`);
	},

	/** Leave the network; the last admin is refused until someone else is an admin. */
	leave: async (event) => {
		const access = await networkFromParams(event);
		// Already gone (a second click): nothing to do, so back to the network's page.
		if (access.membership === null && actorOf(event.locals).userId !== null) redirect(303, `/n/${access.network.slug}`);
		const actor = guard(event, 'network.leave', access.resource);
		const data = await readFormData(event.request);
		if (data.get('confirm') !== 'yes') return failForm(400, { confirm: 'confirm_required' }, { action: 'leave' });
		try {
			await leaveNetwork(await ctxOf(), actor, access);
		} catch (e) {
			return failFromService(e, { action: 'leave' });
		}
		redirect(303, `/n/${access.network.slug}?notice=left`);
	}
};

import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { failForm, failFromService, queryParam, readFormData } from '$lib/server/forms';
import { ctxOf, guard, networkFromParams } from '$lib/server/http';
import { checkInvite, joinNetwork } from '$lib/server/members/members.service';
import { returnHere } from '../notices';

/** Invite tokens are 32 base64url characters; anything far longer is not one. */
const MAX_TOKEN_LENGTH = 200;

function tokenOf(raw: FormDataEntryValue | string | null): string {
	return typeof raw === 'string' && raw.length <= MAX_TOKEN_LENGTH ? raw.trim() : '';
}

// Public: the page an invite link opens. Looking at it does not use the invite up.
export const load: PageServerLoad = async (event) => {
	const access = await networkFromParams(event);
	const actor = guard(event, 'network.view', access.resource);
	const token = tokenOf(queryParam(event.url, 'invite'));
	const invite = token === '' ? null : await checkInvite(await ctxOf(), access.network.id, token);
	return {
		network: { slug: access.network.slug, name: access.network.name },
		token: invite ? token : null,
		role: invite?.role ?? null,
		membership: access.membership,
		signedIn: actor.userId !== null,
		signInHref: returnHere('/signin', event.url),
		signUpHref: returnHere('/signup', event.url)
	};
};

export const actions: Actions = {
	/** Uses one of the invite's uses and joins at once with the role it gives. */
	default: async (event) => {
		const access = await networkFromParams(event);
		// Someone already in (a second click) gets a plain answer rather than a 403. Someone whose
		// request is still waiting may use the invite to come in now.
		if (access.membership?.status === 'active') return failForm(409, { _form: 'already_member' }, {});
		const actor = guard(event, 'network.join', access.resource);
		const token = tokenOf((await readFormData(event.request)).get('invite'));
		if (token === '') return failForm(400, { _form: 'invite_invalid' }, {});
		try {
			await joinNetwork(await ctxOf(), actor, access, token);
		} catch (e) {
			return failFromService(e, {});
		}
		redirect(303, `/n/${access.network.slug}?notice=joined`);
	}
};

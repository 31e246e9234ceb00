import type { LayoutServerLoad } from './$types';
import { locales } from '$lib/paraglide/runtime';
import { ctxOf } from '$lib/server/http';
import { isDemoInstance } from '$lib/server/instance/instance.service';
import { unreadCount } from '$lib/server/notify/notify.service';

export const load: LayoutServerLoad = async ({ locals, url }) => {
	const ctx = await ctxOf();
	return {
		user: locals.user
			? { displayName: locals.user.displayName, isInstanceAdmin: locals.user.isInstanceAdmin, unread: await unreadCount(ctx, locals.user.id) }
			: null,
		locale: locals.locale,
		locales: [...locales],
		demo: await isDemoInstance(ctx),
		path: url.pathname + url.search
	};
};

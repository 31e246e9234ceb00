import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { failForm, parseWith, queryParam, readForm } from '$lib/server/forms';
import { ctxOf, requireUser } from '$lib/server/http';
import { pageFrom } from '$lib/server/networks/networks.service';
import { listInbox, markAllRead, markRead, unreadCount } from '$lib/server/notify/notify.service';

const readSchema = z.object({ id: z.string().trim().min(1, 'required').max(64, 'too_long') });

// A person's own notifications: nobody else's are ever listed or touched (every query filters by user).
export const load: PageServerLoad = async (event) => {
	const userId = requireUser(event);
	const ctx = await ctxOf();
	const page = pageFrom(queryParam(event.url, 'page'));
	const [inbox, unread] = await Promise.all([listInbox(ctx, userId, page, event.locals.locale), unreadCount(ctx, userId)]);
	const dates = new Intl.DateTimeFormat(event.locals.locale, { dateStyle: 'medium', timeStyle: 'short' });
	return {
		items: inbox.items.map((i) => ({
			id: i.id,
			title: i.title,
			body: i.body,
			link: i.link,
			unread: i.readAt === null,
			at: dates.format(i.createdAt),
			iso: i.createdAt.toISOString()
		})),
		page: inbox.page,
		pageCount: inbox.pageCount,
		unread,
		allRead: queryParam(event.url, 'notice') === 'all_read'
	};
};

function back(url: URL, notice?: string): never {
	const page = pageFrom(queryParam(url, 'page'));
	const query = new URLSearchParams();
	if (page > 1) query.set('page', String(page));
	if (notice) query.set('notice', notice);
	const qs = query.toString();
	redirect(303, qs ? `/inbox?${qs}` : '/inbox');
}

export const actions: Actions = {
	/** Marks one notification read (a second click is harmless). */
	read: async (event) => {
		const userId = requireUser(event);
		const parsed = parseWith(readSchema, await readForm(event.request));
		if (!parsed.ok) return failForm(400, { _form: 'not_found' }, {});
		await markRead(await ctxOf(), userId, parsed.data.id);
		back(event.url);
	},
	readAll: async (event) => {
		const userId = requireUser(event);
		await markAllRead(await ctxOf(), userId);
		back(event.url, 'all_read');
	}
};

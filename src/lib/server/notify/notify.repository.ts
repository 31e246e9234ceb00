import { fromDbCount, fromDbTime, fromDbTimeOrNull, toDbTime } from '../db/conventions';
import type { Executor } from '../db/index';

export interface NotificationRow {
	id: string;
	userId: string;
	networkId: string | null;
	kind: string;
	/** JSON text; the service parses it and keeps only the template's declared names. */
	params: string;
	link: string | null;
	readAt: Date | null;
	emailedAt: Date | null;
	createdAt: Date;
}

const columns = ['id', 'user_id', 'network_id', 'kind', 'params', 'link', 'read_at', 'emailed_at', 'created_at'] as const;

function toNotification(r: {
	id: string;
	user_id: string;
	network_id: string | null;
	kind: string;
	params: string;
	link: string | null;
	read_at: Date | string | null;
	emailed_at: Date | string | null;
	created_at: Date | string;
}): NotificationRow {
	return {
		id: r.id,
		userId: r.user_id,
		networkId: r.network_id,
		kind: r.kind,
		params: r.params,
		link: r.link,
		readAt: fromDbTimeOrNull(r.read_at),
		emailedAt: fromDbTimeOrNull(r.emailed_at),
		createdAt: fromDbTime(r.created_at)
	};
}

/** Inserts a notification; with a dedupe key already used it does nothing and answers false. */
export async function insertNotification(
	db: Executor,
	n: { id: string; userId: string; networkId: string | null; kind: string; params: string; link: string | null; dedupeKey: string | null; now: Date }
): Promise<boolean> {
	const r = await db
		.insertInto('notifications')
		.values({
			id: n.id,
			user_id: n.userId,
			network_id: n.networkId,
			kind: n.kind,
			params: n.params,
			link: n.link,
			read_at: null,
			emailed_at: null,
			dedupe_key: n.dedupeKey,
			created_at: toDbTime(n.now)
		})
		.onConflict((oc) => oc.column('dedupe_key').doNothing())
		.executeTakeFirst();
	return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findNotification(db: Executor, id: string): Promise<NotificationRow | undefined> {
	const r = await db.selectFrom('notifications').select(columns).where('id', '=', id).executeTakeFirst();
	return r && toNotification(r);
}

/** One page of a person's notifications, newest first (ids are time-ordered, so they break ties). */
export async function listNotificationsOf(db: Executor, userId: string, page: { limit: number; offset: number }): Promise<NotificationRow[]> {
	const rows = await db
		.selectFrom('notifications')
		.select(columns)
		.where('user_id', '=', userId)
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.limit(page.limit)
		.offset(page.offset)
		.execute();
	return rows.map(toNotification);
}

export async function countNotificationsOf(db: Executor, userId: string, filter: { unreadOnly: boolean }): Promise<number> {
	let q = db
		.selectFrom('notifications')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('user_id', '=', userId);
	if (filter.unreadOnly) q = q.where('read_at', 'is', null);
	const r = await q.executeTakeFirstOrThrow();
	return fromDbCount(r.n);
}

/** Marks one of `userId`'s notifications read; another person's id matches nothing. */
export async function markNotificationRead(db: Executor, userId: string, id: string, now: Date): Promise<boolean> {
	const r = await db
		.updateTable('notifications')
		.set({ read_at: toDbTime(now) })
		.where('id', '=', id)
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export async function markAllNotificationsRead(db: Executor, userId: string, now: Date): Promise<number> {
	const r = await db
		.updateTable('notifications')
		.set({ read_at: toDbTime(now) })
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows);
}

/** Records that the email went out; only the first time counts. */
export async function markNotificationEmailed(db: Executor, id: string, now: Date): Promise<boolean> {
	const r = await db
		.updateTable('notifications')
		.set({ emailed_at: toDbTime(now) })
		.where('id', '=', id)
		.where('emailed_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** What sending a notification needs to know about its recipient: the sealed address and the language. */
export async function findRecipient(db: Executor, userId: string): Promise<{ emailEnc: string | null; locale: string | null } | undefined> {
	const r = await db.selectFrom('users').select(['email_enc', 'locale']).where('id', '=', userId).executeTakeFirst();
	return r && { emailEnc: r.email_enc, locale: r.locale };
}

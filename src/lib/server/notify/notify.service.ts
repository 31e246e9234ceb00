import { z } from 'zod';
import { safeRedirectPath } from '$lib/domain/locale';
import type { Locale } from '$lib/paraglide/runtime';
import type { Ctx } from '../context';
import { fromDbJson, newId, toDbJson } from '../db/conventions';
import type { Executor } from '../db/index';
import { enqueue, JobFailure, type JobHandler } from '../jobs/jobs.service';
import { readPrivate } from '../privacy/private-fields';
import type { Mailer } from './email';
import * as repo from './notify.repository';
import { pickParams, recipientLocale, renderEmailExtras, renderNotification, templateParams, type NotificationKind, type ParamValue } from './templates';

/**
 * The in-app inbox is the record: a notification row is written in the transaction of the event
 * it tells about, so it exists exactly when the event does. Email is one way of delivering it,
 * a job enqueued in the same transaction.
 */

export const EMAIL_NOTIFICATION_JOB = 'email.notification';
export const INBOX_PAGE_SIZE = 20;
/** Stored as last_error when a send may have reached the server before its worker died. */
export const INTERRUPTED_EMAIL = 'interrupted; not resent to avoid a duplicate';

export interface NotifyInput {
	userId: string;
	networkId?: string | null;
	kind: NotificationKind;
	/** Only the names the kind's template declares are kept. Never private details. */
	params: Readonly<Record<string, ParamValue>>;
	/** A same-site path to open, e.g. `/n/eastgate/members`. */
	link?: string | null;
	/** A second notify with the same key does nothing (e.g. one alert per ask). */
	dedupeKey?: string;
}

export interface InboxItem {
	id: string;
	kind: string;
	networkId: string | null;
	title: string;
	body: string;
	link: string | null;
	createdAt: Date;
	readAt: Date | null;
}

/**
 * Tells a person something, inside the caller's transaction `trx`. When the person has an email
 * address and this instance sends email, an email job for it is enqueued in the same
 * transaction. Returns the notification id, or null when the dedupe key was already used.
 */
export async function notify(ctx: Ctx, trx: Executor, input: NotifyInput): Promise<string | null> {
	for (const name of templateParams(input.kind)) {
		// A missing parameter is a bug in the caller; better to fail its transaction than to show a hole.
		if (!Object.hasOwn(input.params, name)) throw new Error(`notify: ${input.kind} needs the parameter ${name}`);
	}
	const link = input.link ? safeRedirectPath(input.link, '') : '';
	// Links go into emails: only same-site paths, so a notification can never point elsewhere.
	if (input.link && link === '') throw new Error(`notify: ${input.kind} link must be a same-site path`);
	const now = ctx.now();
	const id = newId(now);
	const inserted = await repo.insertNotification(trx, {
		id,
		userId: input.userId,
		networkId: input.networkId ?? null,
		kind: input.kind,
		params: toDbJson(pickParams(input.kind, input.params)),
		link: link === '' ? null : link,
		dedupeKey: input.dedupeKey ?? null,
		now
	});
	if (!inserted) return null;
	if (ctx.config.mail) {
		// Only whether an address exists is looked at here; it is decrypted when the email is sent.
		const recipient = await repo.findRecipient(trx, input.userId);
		if (recipient?.emailEnc) {
			await enqueue(ctx, trx, { kind: EMAIL_NOTIFICATION_JOB, payload: { notificationId: id }, dedupeKey: `${EMAIL_NOTIFICATION_JOB}:${id}` });
		}
	}
	return id;
}

function isParams(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toItem(row: repo.NotificationRow, locale: Locale): InboxItem {
	const { title, body } = renderNotification(row.kind, fromDbJson(row.params, isParams, {}), locale);
	return { id: row.id, kind: row.kind, networkId: row.networkId, title, body, link: row.link, createdAt: row.createdAt, readAt: row.readAt };
}

/**
 * One page of a person's own notifications, newest first, rendered in `locale` (the page's
 * language) or else the person's saved language.
 */
export async function listInbox(ctx: Ctx, userId: string, page: number, locale?: Locale) {
	const [rows, total, recipient] = await Promise.all([
		repo.listNotificationsOf(ctx.db, userId, { limit: INBOX_PAGE_SIZE, offset: (page - 1) * INBOX_PAGE_SIZE }),
		repo.countNotificationsOf(ctx.db, userId, { unreadOnly: false }),
		locale === undefined ? repo.findRecipient(ctx.db, userId) : Promise.resolve(undefined)
	]);
	const shownIn = locale ?? recipientLocale(recipient?.locale);
	return { items: rows.map((r) => toItem(r, shownIn)), total, page, pageCount: Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE)) };
}

/** How many of a person's notifications are unread (for the badge). */
export async function unreadCount(ctx: Ctx, userId: string): Promise<number> {
	return repo.countNotificationsOf(ctx.db, userId, { unreadOnly: true });
}

/** Marks one notification read; false when it is not this person's or was already read. */
export async function markRead(ctx: Ctx, userId: string, id: string): Promise<boolean> {
	return repo.markNotificationRead(ctx.db, userId, id, ctx.now());
}

/** Marks all of a person's notifications read; returns how many changed. */
export async function markAllRead(ctx: Ctx, userId: string): Promise<number> {
	return repo.markAllNotificationsRead(ctx.db, userId, ctx.now());
}

/** The Message-ID of a notification's email (RFC 5322 §3.6.4): the same on every attempt. */
export function notificationMessageId(notificationId: string, domain: string): string {
	return `<${notificationId}@${domain}>`;
}

const emailPayload = z.object({ notificationId: z.string().min(1) });

/**
 * The job that emails a notification to its recipient in their language. The address is read
 * through readPrivate as the recipient (it is sent on their behalf), so no one else's view is
 * logged. At most once: an attempt that may have reached the mail server is never repeated —
 * neither after an uncertain SMTP failure nor after the worker died mid-send (`onInterrupted`).
 */
export function emailNotificationHandler(mailer: Mailer): JobHandler {
	return {
		onInterrupted: { fail: INTERRUPTED_EMAIL },
		async run(ctx, job) {
			const payload = emailPayload.safeParse(job.payload);
			if (!payload.success) throw new JobFailure('malformed payload', false);
			const n = await repo.findNotification(ctx.db, payload.data.notificationId);
			// Gone with a deleted account, or already sent: nothing to do.
			if (!n || n.emailedAt !== null) return;
			const recipient = await repo.findRecipient(ctx.db, n.userId);
			if (!recipient?.emailEnc) return; // the address was removed since
			const to = await readPrivate(
				ctx,
				ctx.db,
				n.userId,
				{ resource: 'users', resourceId: n.userId, field: 'email', ownerId: n.userId, networkId: null },
				recipient.emailEnc,
				'notification email'
			);
			if (!to) return;
			const locale = recipientLocale(recipient.locale);
			const { title, body } = renderNotification(n.kind, fromDbJson(n.params, isParams, {}), locale);
			const extras = renderEmailExtras(mailer.origin && n.link ? `${mailer.origin}${n.link}` : null, locale);
			// "-- " starts a signature (RFC 3676 §4.3), so mail clients set the footer apart.
			const text = [body, ...(extras.open ? ['', extras.open] : []), '', '-- ', extras.footer, ''].join('\n');
			const outcome = await mailer.send({
				to,
				subject: title,
				text,
				messageId: notificationMessageId(n.id, mailer.messageIdDomain),
				date: ctx.now()
			});
			if (outcome.status === 'retry') throw new JobFailure(`not delivered yet: ${outcome.reason}`, true);
			if (outcome.status === 'rejected') throw new JobFailure(`refused by the mail server: ${outcome.reason}`, false);
			if (outcome.status === 'uncertain') throw new JobFailure(`connection lost after sending; not resent to avoid a duplicate: ${outcome.reason}`, false);
			try {
				await repo.markNotificationEmailed(ctx.db, n.id, ctx.now());
			} catch {
				// The server has the message: recording that failed, but sending again would duplicate it.
				throw new JobFailure('sent, but emailed_at could not be recorded; not resent', false);
			}
		}
	};
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/lib/server/context';
import { countJobs, findJob, findJobByDedupeKey } from '../../src/lib/server/jobs/jobs.repository';
import { backoffMs, claimNext, DEFAULT_LOCK_MS, type JobHandlers } from '../../src/lib/server/jobs/jobs.service';
import { drain } from '../../src/lib/server/jobs/worker';
import { classifySendError, createMailer } from '../../src/lib/server/notify/email';
import { findNotification } from '../../src/lib/server/notify/notify.repository';
import {
	EMAIL_NOTIFICATION_JOB,
	emailNotificationHandler,
	INTERRUPTED_EMAIL,
	listInbox,
	markAllRead,
	markRead,
	notificationMessageId,
	notify,
	unreadCount
} from '../../src/lib/server/notify/notify.service';
import { renderNotification } from '../../src/lib/server/notify/templates';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { buildUser } from '../helpers/factories';
import { mailSettingsFor, startDroppingSmtp, startSmtpSink, type SmtpSink } from '../helpers/smtp';

describe('notification templates', () => {
	it('render a known kind in English and Spanish with its parameters', () => {
		const en = renderNotification('membership_approved', { network: 'Eastgate Tenants' }, 'en');
		const es = renderNotification('membership_approved', { network: 'Eastgate Tenants' }, 'es');
		expect(en).toEqual({
			title: 'You are now a member of Eastgate Tenants',
			body: 'Your request to join Eastgate Tenants was approved. Welcome!'
		});
		expect(es).toEqual({
			title: 'Ya eres parte de Eastgate Tenants',
			body: 'Aprobaron tu solicitud para unirte a Eastgate Tenants. ¡Te damos la bienvenida!'
		});
	});

	it('show a neutral text for a kind they no longer know, never a raw key', () => {
		const r = renderNotification('retired_kind', { secret: 'x' }, 'es');
		expect(r.title).toBe('Hubo un cambio en Hearth');
		expect(JSON.stringify(r)).not.toMatch(/notify_|retired_kind|secret/);
	});
});

describe('SMTP failures', () => {
	const err = (fields: { code?: string; responseCode?: number; command?: string; originalCode?: string }) =>
		Object.assign(new Error('failed for ana@example.org'), fields);

	it('are retried when nothing can have been delivered', () => {
		expect(classifySendError(err({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }), 'connect').status).toBe('retry');
		expect(classifySendError(err({ code: 'ETIMEDOUT', command: 'CONN' }), 'connect').status).toBe('retry');
		expect(classifySendError(err({ code: 'ECONNECTION', command: 'CONN' }), 'envelope').status).toBe('retry');
		expect(classifySendError(err({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' }), 'envelope').status).toBe('retry');
		expect(classifySendError(err({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }), 'connect').status).toBe('retry');
		// An explicit transient refusal of the message itself: it was not accepted.
		expect(classifySendError(err({ code: 'EMESSAGE', responseCode: 452, command: 'DATA' }), 'body').status).toBe('retry');
	});

	it('are final when the server refused for good', () => {
		expect(classifySendError(err({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }), 'envelope').status).toBe('rejected');
		expect(classifySendError(err({ code: 'EMESSAGE', responseCode: 554, command: 'DATA' }), 'body').status).toBe('rejected');
	});

	it('are not retried when the connection ended after the message was sent', () => {
		expect(classifySendError(err({ code: 'ECONNECTION', command: 'CONN' }), 'body').status).toBe('uncertain');
		expect(classifySendError(err({ code: 'ETIMEDOUT', command: 'CONN' }), 'body').status).toBe('uncertain');
	});

	it('are described by codes only, never by the server text (it can quote the address)', () => {
		const r = classifySendError(err({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }), 'envelope');
		expect(r.reason).toBe('EENVELOPE 550 at RCPT TO (envelope)');
	});
});

describe.each(DIALECTS)('notifications on %s', (dialect) => {
	let t: TestDb;
	let sink: SmtpSink;
	/** The test database's context with email on, pointing at the sink. */
	let mailCtx: Ctx;
	let handlers: JobHandlers;

	beforeAll(async () => {
		t = await createTestDb(dialect);
		sink = await startSmtpSink();
		const mail = mailSettingsFor(sink.port);
		mailCtx = { ...t.ctx, config: { ...t.ctx.config, mail } };
		handlers = new Map([[EMAIL_NOTIFICATION_JOB, emailNotificationHandler(createMailer(mail))]]);
	});
	afterAll(async () => {
		await sink.close();
		await t.close();
	});

	/** Notifies inside a transaction of its own, as an event's service would. */
	function notifyNow(ctx: Ctx, input: Parameters<typeof notify>[2]) {
		return ctx.db.transaction().execute((trx) => notify(ctx, trx, input));
	}

	function emailsTo(address: string) {
		return sink.messages.filter((m) => m.envelopeTo.includes(address));
	}

	describe('the inbox', () => {
		it('keeps a notification written in a transaction that commits, and none from one that rolls back', async () => {
			const user = await buildUser(t.ctx, { email: 'rolled@example.org' });
			await expect(
				mailCtx.db.transaction().execute(async (trx) => {
					await notify(mailCtx, trx, { userId: user.id, kind: 'membership_approved', params: { network: 'Gone' } });
					throw new Error('the approval failed');
				})
			).rejects.toThrow('the approval failed');
			expect(await unreadCount(t.ctx, user.id)).toBe(0);
			expect(await countJobs(t.ctx.db, { kind: EMAIL_NOTIFICATION_JOB })).toBe(0);

			await notifyNow(mailCtx, { userId: user.id, kind: 'membership_approved', params: { network: 'Kept' } });
			expect(await unreadCount(t.ctx, user.id)).toBe(1);
		});

		it('lists a person’s own notifications, newest first, in their language', async () => {
			const rosa = await buildUser(t.ctx, { locale: 'es' });
			const other = await buildUser(t.ctx);
			await notifyNow(t.ctx, { userId: rosa.id, kind: 'join_requested', params: { network: 'Eastgate' }, link: '/n/eastgate/members' });
			t.clock.advance(1000);
			await notifyNow(t.ctx, { userId: rosa.id, kind: 'membership_approved', params: { network: 'Riverside' } });
			await notifyNow(t.ctx, { userId: other.id, kind: 'membership_approved', params: { network: 'Not yours' } });

			const inbox = await listInbox(t.ctx, rosa.id, 1);
			expect(inbox.total).toBe(2);
			expect(inbox.items.map((i) => i.title)).toEqual(['Ya eres parte de Riverside', 'Nueva solicitud para unirse a Eastgate']);
			expect(inbox.items[1]?.link).toBe('/n/eastgate/members');
			expect((await listInbox(t.ctx, rosa.id, 1, 'en')).items[0]?.title).toBe('You are now a member of Riverside');
		});

		it('lets a person mark only their own notifications read', async () => {
			const ana = await buildUser(t.ctx);
			const ben = await buildUser(t.ctx);
			const a1 = await notifyNow(t.ctx, { userId: ana.id, kind: 'membership_approved', params: { network: 'One' } });
			await notifyNow(t.ctx, { userId: ana.id, kind: 'membership_approved', params: { network: 'Two' } });
			await notifyNow(t.ctx, { userId: ben.id, kind: 'membership_approved', params: { network: 'Three' } });
			expect(a1).not.toBeNull();

			expect(await markRead(t.ctx, ben.id, a1 ?? '')).toBe(false);
			expect(await markAllRead(t.ctx, ben.id)).toBe(1);
			expect(await unreadCount(t.ctx, ana.id)).toBe(2);

			expect(await markRead(t.ctx, ana.id, a1 ?? '')).toBe(true);
			expect(await markRead(t.ctx, ana.id, a1 ?? '')).toBe(false);
			expect(await unreadCount(t.ctx, ana.id)).toBe(1);
			expect(await markAllRead(t.ctx, ana.id)).toBe(1);
			expect(await unreadCount(t.ctx, ana.id)).toBe(0);
			expect((await listInbox(t.ctx, ana.id, 1)).items.every((i) => i.readAt !== null)).toBe(true);
		});

		it('makes a second notify with the same dedupe key a no-op', async () => {
			const user = await buildUser(t.ctx, { email: 'once@example.org' });
			const first = await notifyNow(mailCtx, { userId: user.id, kind: 'join_requested', params: { network: 'A' }, dedupeKey: `join:${user.id}` });
			const second = await notifyNow(mailCtx, { userId: user.id, kind: 'join_requested', params: { network: 'A' }, dedupeKey: `join:${user.id}` });
			expect(first).not.toBeNull();
			expect(second).toBeNull();
			expect(await unreadCount(t.ctx, user.id)).toBe(1);
			expect(await findJobByDedupeKey(t.ctx.db, `${EMAIL_NOTIFICATION_JOB}:${first ?? ''}`)).toBeDefined();
		});

		it('stores only the parameters the template declares, and refuses links to other sites', async () => {
			const user = await buildUser(t.ctx);
			const params = { network: 'Eastgate', address: '12 Elm Street, flat 3' };
			const id = await notifyNow(t.ctx, { userId: user.id, kind: 'membership_approved', params });
			expect((await findNotification(t.ctx.db, id ?? ''))?.params).toBe(JSON.stringify({ network: 'Eastgate' }));
			await expect(notifyNow(t.ctx, { userId: user.id, kind: 'membership_approved', params, link: 'https://evil.example/phish' })).rejects.toThrow(
				/same-site path/
			);
			await expect(notifyNow(t.ctx, { userId: user.id, kind: 'membership_approved', params: {} })).rejects.toThrow(/needs the parameter network/);
		});
	});

	describe('email', () => {
		it('arrives in the recipient’s language with a stable Message-ID, and records emailed_at', async () => {
			// Send what the inbox tests left queued, so the tally below counts only this test's emails.
			await drain(mailCtx, handlers);
			const rosa = await buildUser(t.ctx, { email: 'rosa@example.org', locale: 'es' });
			const tom = await buildUser(t.ctx, { email: 'tom@example.org', locale: null });
			const forRosa = await notifyNow(mailCtx, {
				userId: rosa.id,
				kind: 'membership_approved',
				params: { network: 'Vecinos del Sur' },
				link: '/n/vecinos-del-sur'
			});
			const forTom = await notifyNow(mailCtx, { userId: tom.id, kind: 'join_requested', params: { network: 'Eastgate' } });

			expect(await drain(mailCtx, handlers)).toMatchObject({ done: 2, retry: 0, failed: 0 });

			const [es] = emailsTo('rosa@example.org');
			expect(emailsTo('rosa@example.org')).toHaveLength(1);
			expect(es?.subject).toBe('Ya eres parte de Vecinos del Sur');
			expect(es?.text).toContain('Aprobaron tu solicitud para unirte a Vecinos del Sur. ¡Te damos la bienvenida!');
			expect(es?.text).toContain('Míralo en Hearth: https://aid.example.org/n/vecinos-del-sur');
			expect(es?.text).toContain('Recibes este correo porque tu cuenta de Hearth tiene una dirección de correo.');
			expect(es?.messageId).toBe(notificationMessageId(forRosa ?? '', 'aid.example.org'));
			expect(es?.headers.get('auto-submitted')).toBe('auto-generated');
			expect(es?.headers.get('from')).toBe('Hearth Test <hearth@aid.example.org>');
			expect(es?.envelopeFrom).toBe('hearth@aid.example.org');

			const [en] = emailsTo('tom@example.org');
			expect(en?.subject).toBe('New request to join Eastgate');
			expect(en?.text).toContain('Someone asked to join Eastgate.');
			expect(en?.messageId).toBe(`<${forTom ?? ''}@aid.example.org>`);

			expect((await findNotification(t.ctx.db, forRosa ?? ''))?.emailedAt).toEqual(t.ctx.now());
			// The address was read as its owner, on their behalf: no one else's view is logged.
			const views = await t.ctx.db.selectFrom('access_log').select('id').where('subject_id', 'in', [rosa.id, tom.id]).execute();
			expect(views).toHaveLength(0);
			// Nothing more to send.
			expect(await drain(mailCtx, handlers)).toMatchObject({ done: 0 });
		});

		it('is not sent to a person without an address, nor when the instance has no SMTP', async () => {
			const noAddress = await buildUser(t.ctx, { email: null });
			const withAddress = await buildUser(t.ctx, { email: 'inapp-only@example.org' });
			const a = await notifyNow(mailCtx, { userId: noAddress.id, kind: 'membership_approved', params: { network: 'X' } });
			const b = await notifyNow(t.ctx, { userId: withAddress.id, kind: 'membership_approved', params: { network: 'Y' } });
			expect(await findJobByDedupeKey(t.ctx.db, `${EMAIL_NOTIFICATION_JOB}:${a ?? ''}`)).toBeUndefined();
			expect(await findJobByDedupeKey(t.ctx.db, `${EMAIL_NOTIFICATION_JOB}:${b ?? ''}`)).toBeUndefined();
			await drain(mailCtx, handlers);
			expect(emailsTo('inapp-only@example.org')).toHaveLength(0);
			expect(await unreadCount(t.ctx, noAddress.id)).toBe(1);
			expect(await unreadCount(t.ctx, withAddress.id)).toBe(1);
		});

		it('is retried while the mail server is down and delivered once it is back', async () => {
			const user = await buildUser(t.ctx, { email: 'patient@example.org' });
			const id = await notifyNow(mailCtx, { userId: user.id, kind: 'membership_approved', params: { network: 'Hillcrest' } });
			const job = await findJobByDedupeKey(t.ctx.db, `${EMAIL_NOTIFICATION_JOB}:${id ?? ''}`);
			await sink.close();
			try {
				expect(await drain(mailCtx, handlers)).toMatchObject({ retry: 1, done: 0 });
			} finally {
				await sink.reopen();
			}
			const waiting = await findJob(t.ctx.db, job?.id ?? '');
			expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
			expect(waiting?.lastError).toMatch(/^not delivered yet: ESOCKET ECONNREFUSED/);
			expect(emailsTo('patient@example.org')).toHaveLength(0);
			expect(await unreadCount(t.ctx, user.id)).toBe(1);

			// A server's temporary refusal (451) is retried too.
			sink.refuseNext(451);
			t.clock.advance(backoffMs(1));
			expect(await drain(mailCtx, handlers)).toMatchObject({ retry: 1 });
			expect(emailsTo('patient@example.org')).toHaveLength(0);

			t.clock.advance(backoffMs(2));
			expect(await drain(mailCtx, handlers)).toMatchObject({ done: 1 });
			const delivered = emailsTo('patient@example.org');
			expect(delivered).toHaveLength(1);
			expect(delivered[0]?.messageId).toBe(notificationMessageId(id ?? '', 'aid.example.org'));
			expect(await findJob(t.ctx.db, job?.id ?? '')).toMatchObject({ status: 'done', attempts: 3 });

			t.clock.advance(60 * 60 * 1000);
			await drain(mailCtx, handlers);
			expect(emailsTo('patient@example.org')).toHaveLength(1);
		});

		it('is failed at once when the server refuses the address for good', async () => {
			const user = await buildUser(t.ctx, { email: 'nobody-here@example.org' });
			const id = await notifyNow(mailCtx, { userId: user.id, kind: 'membership_approved', params: { network: 'Z' } });
			sink.refuseNext(550);
			expect(await drain(mailCtx, handlers)).toMatchObject({ failed: 1 });
			const job = await findJobByDedupeKey(t.ctx.db, `${EMAIL_NOTIFICATION_JOB}:${id ?? ''}`);
			expect(job).toMatchObject({ status: 'failed', attempts: 1 });
			expect(job?.lastError).toMatch(/^refused by the mail server: EMESSAGE 550/);
			expect(job?.lastError).not.toContain('nobody-here');
			expect((await findNotification(t.ctx.db, id ?? ''))?.emailedAt).toBeNull();
			expect(await unreadCount(t.ctx, user.id)).toBe(1);
		});

		it('is not sent again after a worker died mid-send; the notification stays in the inbox', async () => {
			const user = await buildUser(t.ctx, { email: 'crash@example.org' });
			const id = await notifyNow(mailCtx, { userId: user.id, kind: 'membership_approved', params: { network: 'Crash Court' } });
			// A worker claims the job (started_at is committed with the claim) and dies during SMTP.
			const claimed = await claimNext(mailCtx, [EMAIL_NOTIFICATION_JOB], t.ctx.now());
			expect(claimed?.startedAt).toEqual(t.ctx.now());

			t.clock.advance(DEFAULT_LOCK_MS + 1000);
			await drain(mailCtx, handlers);

			const job = await findJob(t.ctx.db, claimed?.id ?? '');
			expect(job).toMatchObject({ status: 'failed', lastError: INTERRUPTED_EMAIL, attempts: 1 });
			expect(emailsTo('crash@example.org')).toHaveLength(0);
			const inbox = await listInbox(t.ctx, user.id, 1);
			expect(inbox.items.map((i) => i.id)).toEqual([id]);
			expect(inbox.items[0]?.readAt).toBeNull();
		});

		it('is not sent again when the connection drops after the message went out', async () => {
			const dropping = await startDroppingSmtp();
			try {
				const mail = mailSettingsFor(dropping.port);
				const ctx: Ctx = { ...t.ctx, config: { ...t.ctx.config, mail } };
				const dropHandlers: JobHandlers = new Map([[EMAIL_NOTIFICATION_JOB, emailNotificationHandler(createMailer(mail))]]);
				const user = await buildUser(t.ctx, { email: 'maybe@example.org' });
				const id = await notifyNow(ctx, { userId: user.id, kind: 'membership_approved', params: { network: 'Limbo' } });

				expect(await drain(ctx, dropHandlers)).toMatchObject({ failed: 1 });
				expect(dropping.received()).toBe(1);
				const job = await findJobByDedupeKey(t.ctx.db, `${EMAIL_NOTIFICATION_JOB}:${id ?? ''}`);
				expect(job?.status).toBe('failed');
				expect(job?.lastError).toMatch(/not resent to avoid a duplicate/);

				t.clock.advance(24 * 60 * 60 * 1000);
				await drain(ctx, dropHandlers);
				expect(dropping.received()).toBe(1);
			} finally {
				await dropping.close();
			}
		});

		it('logs in when the server asks for credentials, and retries while they are wrong', async () => {
			const authSink = await startSmtpSink({ auth: { user: 'hearth', pass: 'relay secret' } });
			try {
				const send = (pass: string) => {
					const mail = mailSettingsFor(authSink.port, { auth: { user: 'hearth', pass } });
					const ctx: Ctx = { ...t.ctx, config: { ...t.ctx.config, mail } };
					return { ctx, handlers: new Map([[EMAIL_NOTIFICATION_JOB, emailNotificationHandler(createMailer(mail))]]) };
				};
				const user = await buildUser(t.ctx, { email: 'authed@example.org' });
				await notifyNow(send('relay secret').ctx, { userId: user.id, kind: 'membership_approved', params: { network: 'Locked' } });

				const wrong = send('guess');
				expect(await drain(wrong.ctx, wrong.handlers)).toMatchObject({ retry: 1 });
				expect(authSink.messages).toHaveLength(0);

				const right = send('relay secret');
				t.clock.advance(backoffMs(1));
				expect(await drain(right.ctx, right.handlers)).toMatchObject({ done: 1 });
				expect(authSink.messages.map((m) => m.envelopeTo)).toEqual([['authed@example.org']]);
			} finally {
				await authSink.close();
			}
		});

		it('never carries a parameter the template does not declare', async () => {
			const user = await buildUser(t.ctx, { email: 'private@example.org', locale: 'es' });
			const params = { network: 'Eastgate', address: '12 Elm Street', phone: '+1 555 0199' };
			await notifyNow(mailCtx, { userId: user.id, kind: 'membership_approved', params });
			// Even a row written past notify (an older version, a bug) with extra parameters.
			const rogue = 'ffffffff-ffff-7fff-bfff-ffffffffffff';
			await t.ctx.db
				.insertInto('notifications')
				.values({
					id: rogue,
					user_id: user.id,
					network_id: null,
					kind: 'join_requested',
					params: JSON.stringify(params),
					link: null,
					read_at: null,
					emailed_at: null,
					dedupe_key: null,
					created_at: t.ctx.now().toISOString()
				})
				.execute();
			await t.ctx.db
				.insertInto('jobs')
				.values({
					id: 'ffffffff-ffff-7fff-bfff-fffffffffffe',
					kind: EMAIL_NOTIFICATION_JOB,
					payload: JSON.stringify({ notificationId: rogue }),
					status: 'pending',
					run_at: t.ctx.now().toISOString(),
					attempts: 0,
					max_attempts: 3,
					locked_until: null,
					started_at: null,
					last_error: null,
					dedupe_key: null,
					created_at: t.ctx.now().toISOString(),
					updated_at: t.ctx.now().toISOString()
				})
				.execute();

			expect(await drain(mailCtx, handlers)).toMatchObject({ done: 2 });
			const received = emailsTo('private@example.org');
			expect(received).toHaveLength(2);
			for (const email of received) {
				expect(email.text).toContain('Eastgate');
				expect(email.raw).not.toMatch(/Elm|555/);
				expect(email.text).not.toMatch(/Elm|555/);
			}
		});
	});
});

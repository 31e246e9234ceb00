import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAsk, takeStep } from '../../src/lib/server/asks/asks.service';
import type { Ctx } from '../../src/lib/server/context';
import { parseWith } from '../../src/lib/server/forms';
import type { JobHandlers } from '../../src/lib/server/jobs/jobs.service';
import { drain } from '../../src/lib/server/jobs/worker';
import { createMailer } from '../../src/lib/server/notify/email';
import { EMAIL_NOTIFICATION_JOB, emailNotificationHandler } from '../../src/lib/server/notify/notify.service';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import { offerSchema } from '../../src/lib/server/offers/offers.schema';
import { createOffer } from '../../src/lib/server/offers/offers.service';
import type { Actor } from '../../src/lib/server/policy/policy';
import { askInput } from '../helpers/asks';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { addMember, buildNetwork, buildUser } from '../helpers/factories';
import { mailSettingsFor, startSmtpSink, type SmtpSink } from '../helpers/smtp';

const actor = (id: string): Actor => ({ userId: id, isInstanceAdmin: false });

/**
 * Ask notifications reach people by email too (a real SMTP server on 127.0.0.1), each in the
 * recipient's language, through the job table — and never with the private details.
 */
describe.each(DIALECTS)('ask notifications by email on %s', (dialect) => {
	let t: TestDb;
	let sink: SmtpSink;
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

	it('tells a Spanish-speaking volunteer in Spanish, and the person who asked in English, with no address or phone', async () => {
		const admin = await buildUser(t.ctx, { displayName: 'Admin' });
		const net = await buildNetwork(t.ctx, admin.id, { name: 'Vecinos del Río', areas: ['Riverside', 'Hillcrest'] });
		const asker = await buildUser(t.ctx, { displayName: 'Asker', email: 'asker@example.org', locale: 'en' });
		const vecina = await buildUser(t.ctx, { displayName: 'Guadalupe', email: 'lupe@example.org', locale: 'es' });
		for (const u of [asker, vecina]) await addMember(t.ctx, net.id, u.id);
		const access = (id: string) => loadNetworkAccess(mailCtx, actor(id), net.slug);

		const a = await access(vecina.id);
		const offer = parseWith(offerSchema, {
			category: 'groceries',
			description: 'Compras los sábados',
			areas: [a.areas[0]!.id],
			days: ['6'],
			languages: ['es'],
			hasCar: 'on'
		});
		if (!offer.ok) throw new Error(JSON.stringify(offer.errors));
		await createOffer(mailCtx, actor(vecina.id), a, offer.data);

		const mine = await access(asker.id);
		const { id } = await createAsk(mailCtx, actor(asker.id), mine, askInput(mine, { address: '88 Lantern Row', phone: '555-0177' }), 'self');
		expect(await drain(mailCtx, handlers)).toMatchObject({ done: 1, failed: 0 });
		const [nearby] = sink.messages.filter((m) => m.envelopeTo.includes('lupe@example.org'));
		expect(nearby?.subject).toBe('Un vecino en Riverside necesita ayuda: Alimentos');
		expect(nearby?.text).toContain(`/n/${net.slug}/asks/${id}`);

		await takeStep(mailCtx, actor(vecina.id), await access(vecina.id), id, { action: 'claim', note: null, targetUserId: null });
		expect(await drain(mailCtx, handlers)).toMatchObject({ done: 1, failed: 0 });
		const [claimed] = sink.messages.filter((m) => m.envelopeTo.includes('asker@example.org'));
		expect(claimed?.subject).toBe('A volunteer took your ask: Groceries');

		for (const m of sink.messages) {
			expect(m.raw).not.toContain('88 Lantern Row');
			expect(m.raw).not.toContain('555-0177');
		}
	});
});

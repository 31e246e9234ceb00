import { checkA11y, expect, expectLang, msg, SERVERS, signIn } from './fixtures';
import { mailTo } from './mail';
import { completeSignUp, createNetwork, networkFor, newPerson, test } from './network-helpers';

/**
 * On PostgreSQL, with real email: a newcomer who gave an address asks to join, the admin approves
 * on the other app process, and the approval reaches the newcomer as an email in Spanish whose
 * link opens the network. Runs against SERVERS.demoPg (two processes, one database, an SMTP sink).
 */

const server = SERVERS.demoPg;
test.use({ baseURL: server.url });

test('an approval is emailed in the newcomer’s language, and its link opens the network', async ({ page, openBrowser }, testInfo) => {
	const network = networkFor('Cedar Row', 'approval', testInfo);
	const newcomer = newPerson('Yolanda', testInfo);
	const address = `${newcomer.username}@example.org`;
	await signIn(page, 'demo-admin', server);
	await createNetwork(page, network);

	const theirs = await openBrowser({ locale: 'es-ES' });
	await test.step('the newcomer signs up in Spanish and gives an email address', async () => {
		await theirs.goto('/signup');
		await theirs.getByLabel(msg('es', 'account_email_label')).fill(address);
		await completeSignUp(theirs, newcomer, 'es');
		await theirs.getByRole('link', { name: msg('es', 'codes_continue') }).click();
		await theirs.goto(`/n/${network.slug}`);
		await theirs.getByRole('button', { name: msg('es', 'net_ask_button') }).click();
		await expect(theirs.getByRole('status')).toHaveText(msg('es', 'net_notice_requested'));
	});

	await test.step('the admin approves on the second process (the session is in the database, not the process)', async () => {
		const second = server.urls[1];
		if (second === undefined) throw new Error('demoPg runs two processes');
		await page.goto(`${second}/n/${network.slug}/members?tab=pending`);
		await page.getByRole('button', { name: `${msg('en', 'net_approve')} ${newcomer.displayName}` }).click();
		await expect(page.getByRole('status').filter({ hasText: msg('en', 'net_notice_approved') })).toBeVisible();
	});

	const email = await test.step('the approval arrives by email, in Spanish', async () => {
		const m = await mailTo(server, address);
		const title = msg('es', 'notify_membership_approved_title', { network: network.name });
		expect(m.subject).toBe(title);
		expect(m.text).toContain(msg('es', 'notify_membership_approved_body', { network: network.name }));
		expect(m.text).toContain(msg('es', 'notify_email_footer'));
		return m;
	});

	await test.step('the link in the email opens the network, signed in', async () => {
		const prefix = msg('es', 'notify_email_open', { url: '' });
		const line = email.text.split('\n').find((l) => l.startsWith(prefix));
		expect(line, email.text).toBeDefined();
		const url = new URL((line ?? '').slice(prefix.length).trim());
		expect(server.urls.map((u) => new URL(u).origin)).toContain(url.origin);
		expect(url.pathname).toBe(`/n/${network.slug}`);
		await theirs.goto(url.href);
		await expectLang(theirs, 'es');
		await expect(theirs.getByRole('heading', { level: 1 })).toHaveText(network.name);
		await expect(theirs.getByRole('heading', { name: msg('es', 'net_member_heading') })).toBeVisible();
		await checkA11y(theirs);
	});
});

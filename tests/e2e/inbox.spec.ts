import { checkA11y, expect, expectLang, msg, signIn } from './fixtures';
import { createNetwork, networkFor, newPerson, signUp, test } from './network-helpers';

/**
 * The in-app inbox: a request to join reaches the network's admins, an approval reaches the
 * person, each in their own language, and marking read works without JavaScript.
 */

// Each page visited gets an axe run, slow on a busy machine; see networks.spec.ts.
test.describe.configure({ timeout: 180_000 });

test('a request to join reaches the admin’s inbox, and the approval reaches the newcomer’s', async ({ page, openBrowser }, testInfo) => {
	const network = networkFor('Willow Court', 'approval', testInfo);
	const newcomer = newPerson('Amina', testInfo);
	await signIn(page, 'demo-admin');
	await createNetwork(page, network);
	const theirs = await openBrowser({ locale: 'es-ES' });
	await signUp(theirs, newcomer, 'es');

	await test.step('a new account has an empty inbox, in Spanish for a Spanish browser', async () => {
		await theirs.goto('/inbox');
		await expectLang(theirs, 'es');
		await expect(theirs.getByRole('heading', { level: 1 })).toHaveText(msg('es', 'notify_inbox_title'));
		await expect(theirs.getByText(msg('es', 'notify_inbox_empty'))).toBeVisible();
		await checkA11y(theirs);
	});

	await test.step('the newcomer asks to join', async () => {
		await theirs.goto(`/n/${network.slug}`);
		await theirs.getByRole('button', { name: msg('es', 'net_ask_button') }).click();
		await expect(theirs.getByRole('status')).toHaveText(msg('es', 'net_notice_requested'));
	});

	const requestTitle = msg('en', 'notify_join_requested_title', { network: network.name });
	await test.step('the admin sees the request, unread, and follows it to the waiting list', async () => {
		await page.goto('/inbox');
		await expect(page.getByRole('navigation', { name: msg('en', 'nav_label') }).getByRole('link', { name: /Inbox \(\d+ unread\)/ })).toBeVisible();
		const card = page.locator('li.card').filter({ hasText: requestTitle });
		await expect(card).toHaveCount(1);
		await expect(card.getByText(msg('en', 'notify_inbox_unread'))).toBeVisible();
		// It names the network only: who asked is for the members page, behind the admin's login.
		await expect(card).not.toContainText(newcomer.displayName);
		await checkA11y(page);
		await card.getByRole('link', { name: `${msg('en', 'notify_inbox_open')} ${requestTitle}` }).click();
		await expect(page).toHaveURL(new RegExp(`/n/${network.slug}/members\\?tab=pending$`));
		await page.getByRole('button', { name: `${msg('en', 'net_approve')} ${newcomer.displayName}` }).click();
		await expect(page.getByRole('status').filter({ hasText: msg('en', 'net_notice_approved') })).toBeVisible();
	});

	await test.step('the admin marks the request read', async () => {
		await page.goto('/inbox');
		const card = page.locator('li.card').filter({ hasText: requestTitle });
		await card.getByRole('button', { name: `${msg('en', 'notify_inbox_mark_read')} ${requestTitle}` }).click();
		await expect(page.locator('li.card').filter({ hasText: requestTitle }).getByText(msg('en', 'notify_inbox_unread'))).toHaveCount(0);
		await checkA11y(page);
	});

	await test.step('the newcomer is told, in Spanish, and can mark everything read', async () => {
		await theirs.goto('/');
		const nav = theirs.getByRole('navigation', { name: msg('es', 'nav_label') });
		await nav.getByRole('link', { name: msg('es', 'notify_inbox_nav_unread', { count: 1 }) }).click();
		const approved = msg('es', 'notify_membership_approved_title', { network: network.name });
		await expect(theirs.locator('li.card').filter({ hasText: approved })).toHaveCount(1);
		await checkA11y(theirs);
		await theirs.getByRole('button', { name: msg('es', 'notify_inbox_mark_all_read') }).click();
		await expect(theirs.getByRole('status')).toHaveText(msg('es', 'notify_inbox_all_read_notice'));
		await expect(nav.getByRole('link', { name: msg('es', 'notify_inbox_nav') })).toBeVisible();
		await checkA11y(theirs);
	});
});

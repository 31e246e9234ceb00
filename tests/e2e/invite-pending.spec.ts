import { checkA11y, expect, msg, signIn } from './fixtures';
import { createNetwork, networkFor, newPerson, signUp, test } from './network-helpers';

// Each page visited gets an axe run, slow on a busy machine; see networks.spec.ts.
test.describe.configure({ timeout: 180_000 });

test('someone whose request is waiting can come in at once with an invite link', async ({ page, openBrowser }, testInfo) => {
	const network = networkFor('Poplar Walk', 'approval', testInfo);
	const asker = newPerson('Rafa', testInfo);
	await signIn(page, 'demo-admin');
	await createNetwork(page, network);
	const theirs = await openBrowser();
	await signUp(theirs, asker);

	await test.step('they ask to join and wait', async () => {
		await theirs.goto(`/n/${network.slug}`);
		await theirs.getByRole('button', { name: msg('en', 'net_ask_button') }).click();
		await expect(theirs.getByRole('status')).toHaveText(msg('en', 'net_notice_requested'));
	});

	let link = '';
	await test.step('an admin makes an invite link for them', async () => {
		await page.goto(`/n/${network.slug}/invites`);
		await page.getByRole('radio', { name: msg('en', 'role_steward') }).check();
		await page.getByRole('button', { name: msg('en', 'net_invite_create_button') }).click();
		link = await page.getByLabel(msg('en', 'net_invite_link_label'), { exact: true }).inputValue();
		expect(new URL(link).pathname).toBe(`/n/${network.slug}/join`);
	});

	await test.step('the link offers to let them in, and one press makes them a member with its role', async () => {
		await theirs.goto(link);
		await expect(theirs.getByText(msg('en', 'net_invite_question', { network: network.name, role: msg('en', 'role_steward') }))).toBeVisible();
		await checkA11y(theirs);
		await theirs.getByRole('button', { name: msg('en', 'net_invite_join_button') }).click();
		await expect(theirs).toHaveURL(new RegExp(`/n/${network.slug}\\?notice=joined$`));
		await expect(theirs.getByRole('status')).toHaveText(msg('en', 'net_notice_joined', { network: network.name }));
		// A steward can open the members list, which a waiting applicant cannot.
		const members = await theirs.goto(`/n/${network.slug}/members`);
		expect(members?.status()).toBe(200);
		await checkA11y(theirs);
	});
});

import { spawnSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { checkA11y, demoPeople, expect, expectLang, msg, SERVERS, signIn } from './fixtures';
import { createNetwork, networkFor, test } from './network-helpers';

/**
 * The heart of issue 3, as people do it, with and without JavaScript, in English and Spanish:
 * a steward records a family's ask for them, a volunteer finds it on the board, claims it, sees
 * the address, delivers; the family follows it with their status link, sees who viewed their
 * details and confirms; two weeks later the address is gone.
 */

test.describe.configure({ timeout: 180_000 });

const DAY = 86_400_000;
const root = new URL('../..', import.meta.url).pathname;

/** Runs the lifecycle sweeps against the demo server's database, for one network, as of `at`. */
function runLifecycle(slug: string, at: Date): string {
	const r = spawnSync('npx', ['tsx', 'scripts/lifecycle.ts', '--as-of', at.toISOString(), '--network', slug], {
		cwd: root,
		env: { ...process.env, HEARTH_DATA_DIR: SERVERS.demo.dataDir, HEARTH_DEMO: '1', HEARTH_LOG_LEVEL: 'warn' },
		encoding: 'utf8'
	});
	if (r.status !== 0) throw new Error(`lifecycle failed: ${r.stderr}`);
	return r.stdout;
}

const VARIANTS = [
	{ locale: 'en', browserLocale: 'en-GB', volunteer: 'demo-neighbor', volunteerName: 'Lin' },
	{ locale: 'es', browserLocale: 'es-ES', volunteer: 'demo-vecina', volunteerName: 'Guadalupe R.' }
] as const;

for (const v of VARIANTS) {
	test(`a family's ask recorded for them is claimed, delivered, followed and purged (${v.locale})`, async ({ page, openBrowser }, testInfo) => {
		const L = v.locale;
		expect(demoPeople().some((p) => p.username === v.volunteer)).toBe(true);
		const network = { ...networkFor('Cedar Lane', 'open', testInfo), areas: ['North Yard', 'South Yard'] };
		const unique = `tag${Math.random().toString(36).slice(2, 8)}`;
		const address = `${Math.floor(Math.random() * 900 + 100)} Quince Court ${unique}`;

		// The admin creates the network (in English: the helper speaks English), then works in the variant's language.
		await signIn(page, 'demo-admin');
		await createNetwork(page, network);
		const steward: Page = L === 'en' ? page : await openBrowser({ locale: v.browserLocale });
		if (L !== 'en') await signIn(steward, 'demo-admin');

		const volunteer = await openBrowser({ locale: v.browserLocale });
		await signIn(volunteer, v.volunteer);
		await test.step('the volunteer joins the network', async () => {
			await volunteer.goto(`/n/${network.slug}`);
			await volunteer.getByRole('button', { name: msg(L, 'net_join_button') }).click();
			await expect(volunteer.getByRole('status')).toHaveText(msg(L, 'net_notice_joined', { network: network.name }));
		});

		let followLink = '';
		await test.step('a steward records the ask for a family without an account and gets their status link once', async () => {
			await steward.goto(`/n/${network.slug}/asks/new?for=neighbour`);
			await expectLang(steward, L);
			await expect(steward.getByRole('heading', { level: 1 })).toHaveText(msg(L, 'asknew_title_other'));
			await checkA11y(steward);
			await steward.getByLabel(msg(L, 'askf_category')).selectOption('groceries');
			await steward.getByLabel(msg(L, 'askf_area')).selectOption({ label: 'North Yard' });
			await steward.getByLabel(msg(L, 'askf_address')).fill(address);
			await steward.getByLabel(msg(L, 'askf_description')).fill(`Groceries for a family of five ${unique}`);
			await steward.getByRole('checkbox', { name: new Intl.DisplayNames([L], { type: 'language' }).of('es') }).check();
			await steward.getByLabel(msg(L, 'askf_contact_name')).fill('Señora Ruiz');
			await steward.getByLabel(msg(L, 'askf_phone')).fill('555 0142');
			await steward.getByLabel(msg(L, 'askf_access_notes')).fill('Back door, please do not knock');
			await steward.getByRole('button', { name: msg(L, 'asknew_submit_other') }).click();
			await expect(steward.getByRole('heading', { name: msg(L, 'asknew_recorded_heading') })).toBeVisible();
			await expect(steward.getByRole('heading', { name: msg(L, 'asknew_follow_link_label') })).toBeVisible();
			const code = (await steward.locator('.status-code .code').textContent())?.replace(/\s+/g, '') ?? '';
			expect(code).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
			followLink = `${SERVERS.demo.url}/follow/${code}`;
			await expect(steward.getByRole('link', { name: followLink })).toHaveAttribute('href', followLink);
			await checkA11y(steward);
		});

		await test.step('the volunteer finds it on the board: what is needed and the area, never who or where', async () => {
			await volunteer.goto(`/n/${network.slug}/board`);
			await expectLang(volunteer, L);
			await checkA11y(volunteer);
			await volunteer.getByRole('searchbox', { name: msg(L, 'board_search') }).fill(unique);
			await volunteer.getByRole('button', { name: msg(L, 'board_filter_button') }).click();
			const card = volunteer.locator('article.card').filter({ hasText: unique });
			await expect(card).toHaveCount(1);
			await expect(card).toContainText('North Yard');
			await expect(volunteer.getByRole('main')).not.toContainText(address);
			await expect(volunteer.getByRole('main')).not.toContainText('Señora Ruiz');
			await card.getByRole('link', { name: msg(L, 'category_groceries') }).click();
		});

		await test.step('the volunteer claims it and, with a deliberate press, sees the address', async () => {
			await expect(volunteer.getByRole('heading', { level: 1 })).toHaveText(msg(L, 'askd_title'));
			await expect(volunteer.getByRole('main')).not.toContainText(address);
			await checkA11y(volunteer);
			await volunteer.getByRole('button', { name: msg(L, 'ask_action_claim') }).click();
			await expect(volunteer.getByRole('status')).toHaveText(msg(L, 'askd_notice_claim'));
			await volunteer.getByRole('button', { name: msg(L, 'askd_reveal_button') }).click();
			await expect(volunteer.getByRole('main')).toContainText(address);
			await expect(volunteer.getByRole('main')).toContainText('Back door, please do not knock');
			await expect(volunteer.getByText(msg(L, 'askd_private_logged'))).toBeVisible();
			await checkA11y(volunteer);
			await volunteer.getByRole('button', { name: msg(L, 'ask_action_pick_up') }).click();
			await expect(volunteer.getByRole('status')).toHaveText(msg(L, 'askd_notice_pick_up'));
			await volunteer.getByRole('button', { name: msg(L, 'ask_action_deliver') }).click();
			await expect(volunteer.getByRole('status')).toHaveText(msg(L, 'askd_notice_deliver'));
		});

		await test.step('the family opens their status link: delivered, and who viewed their details', async () => {
			const family = await openBrowser({ locale: v.browserLocale });
			await family.goto(followLink);
			await expectLang(family, L);
			await expect(family.getByRole('main')).toContainText(msg(L, 'ask_status_delivered'));
			const views = family.getByRole('table');
			await expect(views.getByRole('row').filter({ hasText: v.volunteerName })).toHaveCount(1);
			await checkA11y(family);
			await family.getByRole('button', { name: msg(L, 'follow_confirm_button') }).click();
			await expect(family.getByRole('main')).toContainText(msg(L, 'ask_status_closed'));
		});

		await test.step('the steward sees the history and the same access log', async () => {
			await steward.goto(`/n/${network.slug}/mine`);
			await steward.locator('article.card').filter({ hasText: unique }).getByRole('link').click();
			await expect(steward.getByRole('heading', { name: msg(L, 'askd_access_heading') })).toBeVisible();
			await expect(steward.getByRole('table').getByRole('row').filter({ hasText: v.volunteerName })).toHaveCount(1);
			await expect(steward.locator('ol.history')).toContainText(msg(L, 'ask_event_deliver'));
			await expect(steward.locator('ol.history')).toContainText(msg(L, 'ask_event_confirm_by_link'));
			await checkA11y(steward);
		});

		await test.step('two weeks later the address is gone and the status link no longer opens', async () => {
			expect(runLifecycle(network.slug, new Date(Date.now() + 13 * DAY))).toContain('private parts purged: 0');
			const family = await openBrowser({ locale: v.browserLocale });
			expect((await family.goto(followLink))?.status()).toBe(200);
			expect(runLifecycle(network.slug, new Date(Date.now() + 15 * DAY))).toContain('private parts purged: 1');
			expect((await family.goto(followLink))?.status()).toBe(404);
			await steward.reload();
			await expect(steward.getByText(msg(L, 'askd_purged'))).toBeVisible();
			await expect(steward.getByRole('main')).not.toContainText(address);
			await expect(steward.getByRole('main')).toContainText(unique);
		});
	});
}

import type { Locator, Page } from '@playwright/test';
import { checkA11y, expect, expectLang, msg, signIn } from './fixtures';
import {
	completeSignUp,
	createNetwork,
	fact,
	fillNetworkFields,
	memberCard,
	networkFor,
	newPerson,
	ownRow,
	rowOf,
	scrollWidth,
	signUp,
	test,
	uniqueTag
} from './network-helpers';

/**
 * Networks and roles as people use them. The demo roles on Maple Street are only looked at:
 * the other project and other spec files use the same demo server at the same time. Anything
 * that changes state happens in networks and with people that the test creates itself.
 */

// Every page visited gets an axe run, which can take several seconds on a busy machine (both
// projects and other spec files share it); the default 30 s is meant for a page or two.
test.describe.configure({ timeout: 180_000 });

const MAPLE = '/n/maple-street';
// Data from the demo seed (src/lib/server/instance/demo.ts), not UI text, so not in the messages.
const MAPLE_NAME = 'Maple Street School Community';
const EASTGATE_NAME = 'Eastgate Tenants Mutual Aid';
const MAPLE_AREAS = ['Riverside', 'Hillcrest', 'Old Town', 'Eastgate'];
const DEMO_NAMES = { admin: 'Rosa M.', neighbor: 'Lin', pending: 'Sam T.' } as const;

function heading(page: Page): Locator {
	return page.getByRole('heading', { level: 1 });
}

function toolsNav(page: Page, locale = 'en'): Locator {
	return page.getByRole('navigation', { name: msg(locale, 'net_tools_label') });
}

/** A link of the member card's tools, by its exact name ("Members" is also the start of other links). */
function toolLink(page: Page, key: string): Locator {
	return toolsNav(page).getByRole('link', { name: msg('en', key), exact: true });
}

/** Opens `path` and expects the "not allowed" page, in `locale`, with status 403. */
async function expectForbidden(page: Page, path: string, locale = 'en'): Promise<void> {
	const response = await page.goto(path);
	expect(response?.status(), `${path} answers 403`).toBe(403);
	await expectLang(page, locale);
	await expect(heading(page)).toHaveText(msg(locale, 'error_forbidden_title'));
	await expect(page.getByRole('main')).toContainText(msg(locale, 'error_forbidden'));
	await checkA11y(page);
}

test.describe('Maple Street, seen by each demo role', () => {
	test('an admin sees their role and the links to Members, Settings and Invite links', async ({ page }) => {
		await signIn(page, 'demo-admin');

		await test.step('the network page shows the admin role and every tool', async () => {
			await page.goto(MAPLE);
			await expect(heading(page)).toHaveText(MAPLE_NAME);
			await expect(memberCard(page)).toContainText(msg('en', 'role_admin'));
			await expect(toolLink(page, 'net_members_link')).toBeVisible();
			await expect(toolLink(page, 'net_settings_link')).toBeVisible();
			await expect(toolLink(page, 'net_invites_link')).toBeVisible();
			await checkA11y(page);
		});

		await test.step('the members page offers the admin role and removal controls', async () => {
			await toolLink(page, 'net_members_link').click();
			await expect(heading(page)).toHaveText(msg('en', 'net_members_title', { network: MAPLE_NAME }));
			await expect(page.getByText(msg('en', 'net_members_steward_note'))).toHaveCount(0);
			const neighbour = rowOf(page, DEMO_NAMES.neighbor);
			await expect(neighbour.getByLabel(msg('en', 'net_role_for', { name: DEMO_NAMES.neighbor }))).toBeVisible();
			await expect(neighbour.getByRole('button', { name: msg('en', 'net_change_role') })).toBeVisible();
			await expect(neighbour.getByRole('button', { name: `${msg('en', 'net_remove')} ${DEMO_NAMES.neighbor}` })).toBeVisible();
			await checkA11y(page);
		});

		await test.step('Settings and Invite links open (looked at only: the demo network stays as it is)', async () => {
			await page.goto(MAPLE);
			await toolLink(page, 'net_settings_link').click();
			await expect(heading(page)).toHaveText(msg('en', 'net_settings_title', { network: MAPLE_NAME }));
			await checkA11y(page);
			await page.goto(MAPLE);
			await toolLink(page, 'net_invites_link').click();
			await expect(heading(page)).toHaveText(msg('en', 'net_invites_title', { network: MAPLE_NAME }));
			await checkA11y(page);
		});
	});

	test('a steward sees who is in, but nothing to approve, change or remove', async ({ page }) => {
		await signIn(page, 'demo-steward');

		await test.step('the network page offers Members only', async () => {
			await page.goto(MAPLE);
			await expect(memberCard(page)).toContainText(msg('en', 'role_steward'));
			await expect(toolLink(page, 'net_members_link')).toBeVisible();
			await expect(toolLink(page, 'net_settings_link')).toHaveCount(0);
			await expect(toolLink(page, 'net_invites_link')).toHaveCount(0);
			await checkA11y(page);
		});

		await test.step('the members page lists names and roles, with no controls', async () => {
			await toolLink(page, 'net_members_link').click();
			await expect(heading(page)).toHaveText(msg('en', 'net_members_title', { network: MAPLE_NAME }));
			await expect(page.getByText(msg('en', 'net_members_steward_note'))).toBeVisible();
			await expect(rowOf(page, DEMO_NAMES.admin)).toContainText(msg('en', 'role_admin'));
			await expect(rowOf(page, DEMO_NAMES.neighbor)).toContainText(msg('en', 'role_neighbor'));
			await expect(ownRow(page)).toContainText(msg('en', 'role_steward'));
			const main = page.getByRole('main');
			await expect(main.getByRole('columnheader', { name: msg('en', 'net_col_actions') })).toHaveCount(0);
			await expect(main.getByRole('combobox')).toHaveCount(0);
			await expect(main.getByRole('button', { name: msg('en', 'net_change_role') })).toHaveCount(0);
			await expect(main.getByRole('button', { name: msg('en', 'net_remove') })).toHaveCount(0);
			await checkA11y(page);
		});

		await test.step('the requests to join are listed with no approve or decline', async () => {
			await page
				.getByRole('navigation', { name: msg('en', 'net_member_lists_label') })
				.getByRole('link', { name: msg('en', 'net_tab_pending') })
				.click();
			await expect(rowOf(page, DEMO_NAMES.pending)).toBeVisible();
			const main = page.getByRole('main');
			await expect(main.getByRole('button', { name: msg('en', 'net_approve') })).toHaveCount(0);
			await expect(main.getByRole('button', { name: msg('en', 'net_decline') })).toHaveCount(0);
			await checkA11y(page);
		});
	});

	test('a neighbour sees the member view without the Members link, and the members page is not allowed', async ({ page }) => {
		await signIn(page, 'demo-neighbor');

		await test.step('the member view shows the neighbour role and no tools', async () => {
			await page.goto(MAPLE);
			await expect(page.getByRole('heading', { name: msg('en', 'net_member_heading') })).toBeVisible();
			await expect(memberCard(page)).toContainText(msg('en', 'role_neighbor'));
			await expect(toolsNav(page)).toHaveCount(0);
			await expect(page.getByRole('link', { name: msg('en', 'net_members_link'), exact: true })).toHaveCount(0);
			await checkA11y(page);
		});

		await test.step('/members answers 403 with the not-allowed page in English', async () => {
			await expectForbidden(page, `${MAPLE}/members`);
		});
	});

	test('a Spanish-speaking neighbour gets the member view and the not-allowed page in Spanish', async ({ page }) => {
		// demo-vecina saved Spanish as her language, so the English-asking browser does not matter.
		await signIn(page, 'demo-vecina');
		await page.goto(MAPLE);
		await expectLang(page, 'es');
		await expect(page.getByRole('heading', { name: msg('es', 'net_member_heading') })).toBeVisible();
		await expect(toolsNav(page, 'es')).toHaveCount(0);
		await checkA11y(page);
		await expectForbidden(page, `${MAPLE}/members`, 'es');
	});

	test('someone who asked to join sees that the request is waiting, and can withdraw it', async ({ page }) => {
		await signIn(page, 'demo-pending');
		await page.goto(MAPLE);
		await expect(page.getByRole('heading', { name: msg('en', 'net_pending_heading') })).toBeVisible();
		await expect(page.getByText(msg('en', 'net_pending_body'))).toBeVisible();
		// Only looked at: pressing it would change a demo membership other flows rely on.
		await expect(page.getByRole('button', { name: msg('en', 'net_withdraw_button') })).toBeVisible();
		await expect(page.getByRole('heading', { name: msg('en', 'net_member_heading') })).toHaveCount(0);
		await expect(toolsNav(page)).toHaveCount(0);
		await checkA11y(page);
	});

	test("an admin of another network sees the public page and is not allowed in Maple Street's members or settings", async ({ page }) => {
		await signIn(page, 'demo-other');

		await test.step('the network page offers to ask to join, and no tools', async () => {
			await page.goto(MAPLE);
			await expect(page.getByRole('button', { name: msg('en', 'net_ask_button') })).toBeVisible();
			await expect(toolsNav(page)).toHaveCount(0);
			await checkA11y(page);
		});

		for (const tool of ['members', 'settings', 'invites']) {
			await test.step(`/${tool} answers 403`, async () => {
				await expectForbidden(page, `${MAPLE}/${tool}`);
			});
		}
	});

	test('a visitor sees the public page: areas, how to join and a link to sign in to join', async ({ page }) => {
		await page.goto(MAPLE);
		await expect(heading(page)).toHaveText(MAPLE_NAME);
		await expect(fact(page, 'net_areas_heading')).toHaveText(MAPLE_AREAS.join(', '));
		await expect(fact(page, 'net_languages_heading')).toHaveText(`${msg('en', 'language_name_en')}, ${msg('en', 'language_name_es')}`);
		await expect(page.getByText(msg('en', 'net_policy_approval_explain'))).toBeVisible();
		// The link brings the visitor back here after signing in.
		await expect(page.getByRole('link', { name: msg('en', 'net_signin_to_join') })).toHaveAttribute('href', `/signin?redirectTo=${encodeURIComponent(MAPLE)}`);
		await expect(page.getByRole('link', { name: msg('en', 'net_signup_to_join') })).toHaveAttribute('href', `/signup?redirectTo=${encodeURIComponent(MAPLE)}`);
		await expect(page.getByRole('heading', { name: msg('en', 'net_member_heading') })).toHaveCount(0);
		await expect(page.getByRole('button', { name: msg('en', 'net_ask_button') })).toHaveCount(0);
		await checkA11y(page);
	});

	test('an unknown network is a 404 page, in Spanish for a browser that asks for Spanish', async ({ page, openBrowser }) => {
		await test.step('in English', async () => {
			const response = await page.goto('/n/no-such-network');
			expect(response?.status()).toBe(404);
			await expectLang(page, 'en');
			await expect(heading(page)).toHaveText(msg('en', 'error_not_found_title'));
			await expect(page.getByRole('main')).toContainText(msg('en', 'error_network_not_found'));
			await checkA11y(page);
		});

		await test.step('in Spanish, for a browser set to es-ES', async () => {
			const spanish = await openBrowser({ locale: 'es-ES' });
			const response = await spanish.goto('/n/no-such-network');
			expect(response?.status()).toBe(404);
			await expectLang(spanish, 'es');
			await expect(heading(spanish)).toHaveText(msg('es', 'error_not_found_title'));
			await expect(spanish.getByRole('main')).toContainText(msg('es', 'error_network_not_found'));
			await expect(spanish.getByRole('link', { name: msg('es', 'error_back_home') })).toBeVisible();
			await checkA11y(spanish);
		});
	});
});

test.describe('running a network of one’s own', () => {
	test('creating a network: mistakes are explained, what was typed stays, and the creator is its admin', async ({ page }, testInfo) => {
		const network = networkFor('Willow Court', 'approval', testInfo);
		const typed = {
			name: network.name,
			description: 'Neighbours of Willow Court sharing rides and groceries.',
			areas: ['Willow Court', 'Mill Lane', 'Canal Side']
		};
		await signIn(page, 'demo-admin');

		await test.step('the directory offers to create a network', async () => {
			await page.goto('/networks');
			await page.getByRole('link', { name: msg('en', 'home_create_network') }).click();
			await expect(page).toHaveURL((u) => u.pathname === '/networks/new');
			await expect(heading(page)).toHaveText(msg('en', 'home_create_network'));
			await checkA11y(page);
		});

		await test.step('a malformed web address and no language are field errors; the typed values stay', async () => {
			await fillNetworkFields(page, { ...typed, slug: 'Willow Court!', languages: [], joinPolicy: 'approval' });
			await page.getByRole('button', { name: msg('en', 'net_new_submit') }).click();
			await expect(page.locator('#f-slug-error')).toHaveText(msg('en', 'error_slug_format'));
			await expect(page.getByLabel(msg('en', 'network_slug_label'))).toHaveAttribute('aria-invalid', 'true');
			await expect(page.getByRole('group', { name: msg('en', 'network_languages_label') })).toContainText(msg('en', 'error_languages_required'));
			const summary = page.getByRole('alert');
			await expect(summary.getByRole('link', { name: msg('en', 'error_slug_format') })).toHaveAttribute('href', '#f-slug');
			await expect(summary.getByRole('link', { name: msg('en', 'error_languages_required') })).toHaveAttribute('href', '#f-languages');
			await expect(page.getByLabel(msg('en', 'network_name_label'))).toHaveValue(typed.name);
			await expect(page.getByLabel(msg('en', 'network_slug_label'))).toHaveValue('Willow Court!');
			await expect(page.getByLabel(msg('en', 'network_description_label'))).toHaveValue(typed.description);
			await expect(page.getByLabel(msg('en', 'network_areas_label'))).toHaveValue(typed.areas.join('\n'));
			await expect(page.getByRole('radio', { name: msg('en', 'join_policy_approval') })).toBeChecked();
			await expect(page.getByRole('checkbox', { name: msg('en', 'language_name_en') })).not.toBeChecked();
			await checkA11y(page);
		});

		await test.step('a web address another network uses is a field error too', async () => {
			await fillNetworkFields(page, { slug: 'maple-street', languages: ['en', 'es'] });
			await page.getByRole('button', { name: msg('en', 'net_new_submit') }).click();
			await expect(page.locator('#f-slug-error')).toHaveText(msg('en', 'error_slug_taken'));
			await expect(page.getByRole('alert')).not.toContainText(msg('en', 'error_languages_required'));
			await expect(page.getByLabel(msg('en', 'network_name_label'))).toHaveValue(typed.name);
			await expect(page.getByLabel(msg('en', 'network_areas_label'))).toHaveValue(typed.areas.join('\n'));
			await expect(page.getByRole('checkbox', { name: msg('es', 'language_name_es') })).toBeChecked();
			await checkA11y(page);
		});

		await test.step('a free web address creates it, and the creator lands on it as its admin', async () => {
			await fillNetworkFields(page, { slug: network.slug });
			await page.getByRole('button', { name: msg('en', 'net_new_submit') }).click();
			await expect(page).toHaveURL((u) => u.pathname === `/n/${network.slug}`);
			await expect(heading(page)).toHaveText(network.name);
			await expect(page.getByText(typed.description)).toBeVisible();
			// One area per line in the form, each its own area on the page.
			await expect(fact(page, 'net_areas_heading')).toHaveText(typed.areas.join(', '));
			await expect(fact(page, 'net_members_heading')).toHaveText('1');
			await expect(memberCard(page)).toContainText(msg('en', 'role_admin'));
			await expect(toolLink(page, 'net_settings_link')).toBeVisible();
			await checkA11y(page);
		});

		await test.step('the home page lists it among the admin’s networks', async () => {
			await page.goto('/');
			const mine = page.getByRole('region', { name: msg('en', 'home_your_networks') });
			await expect(mine.getByRole('listitem').filter({ has: page.getByRole('link', { name: network.name, exact: true }) })).toContainText(
				msg('en', 'role_admin')
			);
			await checkA11y(page);
		});
	});

	test('asking to join: the admin approves, makes the newcomer a steward, and cannot step down as the only admin', async ({ page, openBrowser }, testInfo) => {
		const network = networkFor('Birch Row', 'approval', testInfo);
		const newcomer = newPerson('Noor', testInfo);
		await signIn(page, 'demo-admin');
		await createNetwork(page, network);
		const theirs = await openBrowser();
		await signUp(theirs, newcomer);

		await test.step('the newcomer asks to join and sees that the request is waiting', async () => {
			await theirs.goto(`/n/${network.slug}`);
			await expect(theirs.getByText(msg('en', 'net_policy_approval_explain'))).toBeVisible();
			await checkA11y(theirs);
			await theirs.getByRole('button', { name: msg('en', 'net_ask_button') }).click();
			await expect(theirs.getByRole('status')).toHaveText(msg('en', 'net_notice_requested'));
			await expect(theirs.getByRole('heading', { name: msg('en', 'net_pending_heading') })).toBeVisible();
			await checkA11y(theirs);
		});

		await test.step('the admin finds the request on the requests tab of Members and approves it', async () => {
			await page.goto(`/n/${network.slug}`);
			await toolsNav(page)
				.getByRole('link', { name: msg('en', 'net_pending_link', { count: 1 }) })
				.click();
			await expect(heading(page)).toHaveText(msg('en', 'net_members_title', { network: network.name }));
			const tabs = page.getByRole('navigation', { name: msg('en', 'net_member_lists_label') });
			await expect(tabs.getByRole('link', { name: msg('en', 'net_tab_pending') })).toHaveAttribute('aria-current', 'page');
			await expect(rowOf(page, newcomer.displayName)).toBeVisible();
			await checkA11y(page);
			await page.getByRole('button', { name: `${msg('en', 'net_approve')} ${newcomer.displayName}` }).click();
			await expect(page.getByRole('status').filter({ hasText: msg('en', 'net_notice_approved') })).toBeVisible();
			await expect(page.getByText(msg('en', 'net_pending_empty'))).toBeVisible();
			await checkA11y(page);
			await tabs.getByRole('link', { name: msg('en', 'net_tab_active'), exact: true }).click();
			await expect(rowOf(page, newcomer.displayName).getByRole('cell').first()).toHaveText(msg('en', 'role_neighbor'));
			await checkA11y(page);
		});

		await test.step('the newcomer now sees the member view, as a neighbour without the Members link', async () => {
			await theirs.goto(`/n/${network.slug}`);
			await expect(memberCard(theirs)).toContainText(msg('en', 'role_neighbor'));
			await expect(toolsNav(theirs)).toHaveCount(0);
			await checkA11y(theirs);
		});

		await test.step('the admin makes them a steward', async () => {
			await page.getByLabel(msg('en', 'net_role_for', { name: newcomer.displayName })).selectOption('steward');
			await rowOf(page, newcomer.displayName)
				.getByRole('button', { name: msg('en', 'net_change_role') })
				.click();
			await expect(page.getByRole('status').filter({ hasText: msg('en', 'net_notice_role_changed') })).toBeVisible();
			await expect(rowOf(page, newcomer.displayName).getByRole('cell').first()).toHaveText(msg('en', 'role_steward'));
			await checkA11y(page);
		});

		await test.step('the new steward can open Members', async () => {
			await theirs.goto(`/n/${network.slug}`);
			await expect(memberCard(theirs)).toContainText(msg('en', 'role_steward'));
			await toolLink(theirs, 'net_members_link').click();
			await expect(heading(theirs)).toHaveText(msg('en', 'net_members_title', { network: network.name }));
			await expect(theirs.getByText(msg('en', 'net_members_steward_note'))).toBeVisible();
			await checkA11y(theirs);
		});

		await test.step('the only admin cannot make themselves a neighbour, and stays admin', async () => {
			await page.goto(`/n/${network.slug}/members`);
			await ownRow(page).getByRole('combobox').selectOption('neighbor');
			await ownRow(page)
				.getByRole('button', { name: msg('en', 'net_change_role') })
				.click();
			await expect(page.getByRole('alert')).toContainText(msg('en', 'error_last_admin'));
			await checkA11y(page);
			await page.goto(`/n/${network.slug}/members`);
			await expect(ownRow(page).getByRole('cell').first()).toHaveText(msg('en', 'role_admin'));
			await page.goto(`/n/${network.slug}`);
			await expect(memberCard(page)).toContainText(msg('en', 'role_admin'));
			await expect(toolLink(page, 'net_settings_link')).toBeVisible();
		});
	});

	test('invite links: shown once, used to join, counted, and refused once withdrawn', async ({ page, openBrowser }, testInfo) => {
		const network = networkFor('Elm Yard', 'invite', testInfo);
		const invited = newPerson('Joss', testInfo);
		const late = newPerson('Kit', testInfo);
		let link = '';
		await signIn(page, 'demo-admin');
		await createNetwork(page, network);

		await test.step('the admin creates an invite link on the Invite links page and sees it once', async () => {
			await toolLink(page, 'net_invites_link').click();
			await expect(heading(page)).toHaveText(msg('en', 'net_invites_title', { network: network.name }));
			await expect(page.getByText(msg('en', 'net_invites_empty'))).toBeVisible();
			await checkA11y(page);
			await page.getByRole('radio', { name: msg('en', 'role_neighbor') }).check();
			await page.getByRole('button', { name: msg('en', 'net_invite_create_button') }).click();
			await expect(page.getByRole('heading', { name: msg('en', 'net_invite_created_heading') })).toBeVisible();
			await expect(page.getByText(msg('en', 'net_invite_created_once'))).toBeVisible();
			link = await page.getByLabel(msg('en', 'net_invite_link_label'), { exact: true }).inputValue();
			expect(new URL(link).pathname).toBe(`/n/${network.slug}/join`);
			await checkA11y(page);
			await page.goto(`/n/${network.slug}/invites`);
			await expect(page.getByRole('heading', { name: msg('en', 'net_invite_created_heading') })).toHaveCount(0);
			await expect(page.getByRole('main')).not.toContainText(link);
			const row = page.getByRole('main').getByRole('table').getByRole('row').nth(1);
			await expect(row).toContainText(msg('en', 'net_invite_state_active'));
			await expect(row).toContainText(msg('en', 'net_invite_uses_unlimited', { used: 0 }));
			await checkA11y(page);
		});

		const theirs = await openBrowser();
		await test.step('someone without an account opens the link, is asked, and creates an account from it', async () => {
			await theirs.goto(link);
			await expect(heading(theirs)).toHaveText(msg('en', 'net_invite_title', { network: network.name }));
			await expect(theirs.getByText(msg('en', 'net_invite_question', { network: network.name, role: msg('en', 'role_neighbor') }))).toBeVisible();
			await expect(theirs.getByText(msg('en', 'net_invite_signed_out'))).toBeVisible();
			await checkA11y(theirs);
			await theirs.getByRole('link', { name: msg('en', 'net_invite_signup'), exact: true }).click();
			await completeSignUp(theirs, invited);
			// The codes page leads back to the invite, which has not been used up by looking at it.
			await theirs.getByRole('link', { name: msg('en', 'codes_continue') }).click();
			await expect(theirs).toHaveURL(link);
		});

		await test.step('signed in, they join with one press and are a member', async () => {
			await expect(theirs.getByText(msg('en', 'net_invite_question', { network: network.name, role: msg('en', 'role_neighbor') }))).toBeVisible();
			await checkA11y(theirs);
			await theirs.getByRole('button', { name: msg('en', 'net_invite_join_button') }).click();
			await expect(theirs).toHaveURL((u) => u.pathname === `/n/${network.slug}`);
			await expect(theirs.getByRole('status')).toHaveText(msg('en', 'net_notice_joined', { network: network.name }));
			await expect(memberCard(theirs)).toContainText(msg('en', 'role_neighbor'));
			await checkA11y(theirs);
		});

		await test.step('the invite list counts one use; the admin withdraws the link', async () => {
			await page.goto(`/n/${network.slug}/invites`);
			const row = page.getByRole('main').getByRole('table').getByRole('row').nth(1);
			await expect(row).toContainText(msg('en', 'net_invite_uses_unlimited', { used: 1 }));
			await row.getByRole('button', { name: msg('en', 'net_invite_revoke') }).click();
			await expect(page.getByRole('status')).toHaveText(msg('en', 'net_notice_revoked'));
			await expect(row).toContainText(msg('en', 'net_invite_state_revoked'));
			await expect(page.getByRole('main').getByRole('button', { name: msg('en', 'net_invite_revoke') })).toHaveCount(0);
			await checkA11y(page);
		});

		await test.step('someone else opening the withdrawn link is told it is not valid', async () => {
			const third = await openBrowser();
			await signUp(third, late);
			await third.goto(link);
			await expect(heading(third)).toHaveText(msg('en', 'net_invite_title', { network: network.name }));
			await expect(third.getByText(msg('en', 'error_invite_invalid'))).toBeVisible();
			await expect(third.getByRole('button', { name: msg('en', 'net_invite_join_button') })).toHaveCount(0);
			await checkA11y(third);
		});
	});

	test('settings: the admin changes the description and areas, and the public page shows them', async ({ page, openBrowser }, testInfo) => {
		const network = networkFor('Ash Lane', 'open', testInfo);
		const description = `Rides, meals and a tool library, run by the people of Ash Lane (${uniqueTag(testInfo)}).`;
		const areas = ['Ash Lane', 'Cooper Square', 'The Allotments'];
		await signIn(page, 'demo-admin');
		await createNetwork(page, network);

		await test.step('the settings form starts from the network as it is', async () => {
			await toolLink(page, 'net_settings_link').click();
			await expect(heading(page)).toHaveText(msg('en', 'net_settings_title', { network: network.name }));
			await expect(page.getByLabel(msg('en', 'network_name_label'))).toHaveValue(network.name);
			await expect(page.getByLabel(msg('en', 'network_areas_label'))).toHaveValue((network.areas ?? []).join('\n'));
			await expect(page.getByRole('radio', { name: msg('en', 'join_policy_open') })).toBeChecked();
			await checkA11y(page);
		});

		await test.step('an area listed twice is a field error, and what was typed stays', async () => {
			const twice = [...areas, 'cooper square'];
			await fillNetworkFields(page, { description, areas: twice });
			await page.getByRole('button', { name: msg('en', 'net_settings_submit') }).click();
			await expect(page.locator('#f-areas-error')).toHaveText(msg('en', 'error_areas_duplicate'));
			await expect(page.getByLabel(msg('en', 'network_areas_label'))).toHaveValue(twice.join('\n'));
			await expect(page.getByLabel(msg('en', 'network_description_label'))).toHaveValue(description);
			await checkA11y(page);
		});

		await test.step('saved: a notice, and the form shows the new values', async () => {
			await fillNetworkFields(page, { areas });
			await page.getByRole('button', { name: msg('en', 'net_settings_submit') }).click();
			await expect(page.getByRole('status')).toHaveText(msg('en', 'saved_notice'));
			await expect(page.getByLabel(msg('en', 'network_areas_label'))).toHaveValue(areas.join('\n'));
			await expect(page.getByLabel(msg('en', 'network_description_label'))).toHaveValue(description);
			await checkA11y(page);
		});

		await test.step('a visitor sees the new description and areas on the public page', async () => {
			const visitor = await openBrowser();
			await visitor.goto(`/n/${network.slug}`);
			await expect(visitor.getByText(description)).toBeVisible();
			await expect(fact(visitor, 'net_areas_heading')).toHaveText(areas.join(', '));
			await checkA11y(visitor);
		});
	});

	test('leaving: a member leaves with the confirm box and can join again; the only admin cannot leave', async ({ page, openBrowser }, testInfo) => {
		const network = networkFor('Oak Close', 'open', testInfo);
		const member = newPerson('Remy', testInfo);
		await signIn(page, 'demo-admin');
		await createNetwork(page, network);
		const theirs = await openBrowser();
		await signUp(theirs, member);

		await test.step('they join the open network at once', async () => {
			await theirs.goto(`/n/${network.slug}`);
			await theirs.getByRole('button', { name: msg('en', 'net_join_button'), exact: true }).click();
			await expect(theirs.getByRole('status')).toHaveText(msg('en', 'net_notice_joined', { network: network.name }));
			await expect(fact(theirs, 'net_members_heading')).toHaveText('2');
			await expect(theirs.getByText(msg('en', 'net_leave_hint'))).toBeVisible();
			await checkA11y(theirs);
		});

		await test.step('they tick the confirm box and leave: back on the public page with the "left" notice', async () => {
			await theirs.getByLabel(msg('en', 'net_leave_confirm', { network: network.name })).check();
			await theirs.getByRole('button', { name: msg('en', 'net_leave_button') }).click();
			await expect(theirs).toHaveURL((u) => u.pathname === `/n/${network.slug}` && u.searchParams.get('notice') === 'left');
			await expect(theirs.getByRole('status')).toHaveText(msg('en', 'net_notice_left', { network: network.name }));
			await expect(theirs.getByRole('heading', { name: msg('en', 'net_join_heading') })).toBeVisible();
			await expect(theirs.getByRole('button', { name: msg('en', 'net_join_button'), exact: true })).toBeVisible();
			await expect(fact(theirs, 'net_members_heading')).toHaveText('1');
			await checkA11y(theirs);
		});

		await test.step('the only admin is told to hand over first, and stays', async () => {
			await page.goto(`/n/${network.slug}`);
			await expect(page.getByText(msg('en', 'net_leave_admin_hint'))).toBeVisible();
			await page.getByLabel(msg('en', 'net_leave_confirm', { network: network.name })).check();
			await page.getByRole('button', { name: msg('en', 'net_leave_button') }).click();
			await expect(page.getByRole('alert')).toContainText(msg('en', 'error_last_admin'));
			await expect(memberCard(page)).toContainText(msg('en', 'role_admin'));
			await checkA11y(page);
			await page.goto(`/n/${network.slug}`);
			await expect(memberCard(page)).toContainText(msg('en', 'role_admin'));
		});
	});
});

test.describe('directory and home', () => {
	test('the directory lists every network page by page, the demo networks among them', async ({ page }) => {
		const seen: string[] = [];

		await test.step('walking the pages from the first to the last', async () => {
			await page.goto('/networks');
			await expect(heading(page)).toHaveText(msg('en', 'nav_networks'));
			await expect(page.getByText(msg('en', 'net_directory_intro'))).toBeVisible();
			await checkA11y(page);
			// Other flows create networks meanwhile (newest first), so count pages by following
			// "next" rather than expecting a number; a new network only repeats a card, never hides one.
			const pager = page.getByRole('navigation', { name: msg('en', 'pagination_label') });
			const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			const statusFor = (pageNo: number): RegExp =>
				new RegExp(`^${escape(msg('en', 'pagination_status', { page: pageNo, pages: '§' })).replace('§', '\\d+')}$`);
			for (let pageNo = 1; ; pageNo += 1) {
				// With JavaScript the next page is drawn in place: wait for it before reading its cards.
				if (pageNo > 1 || (await pager.count()) > 0) await expect(pager.locator('[aria-current="page"]')).toHaveText(statusFor(pageNo));
				const names = await page.getByRole('main').getByRole('heading', { level: 2 }).allTextContents();
				expect(names.length, `cards on page ${pageNo}`).toBeGreaterThan(0);
				expect(names.length, `cards on page ${pageNo}`).toBeLessThanOrEqual(20);
				seen.push(...names.map((n) => n.trim()));
				const next = pager.getByRole('link', { name: msg('en', 'pagination_next') });
				if ((await next.count()) > 0) {
					await next.click();
					continue;
				}
				if (pageNo === 1) {
					// Twenty networks or fewer: one page, and no page controls to confuse anyone.
					await expect(pager).toHaveCount(0);
				} else {
					await expect(pager.getByRole('link', { name: msg('en', 'pagination_previous') })).toBeVisible();
					await checkA11y(page);
				}
				break;
			}
			expect(seen).toContain(MAPLE_NAME);
			expect(seen).toContain(EASTGATE_NAME);
		});

		await test.step('a page past the end says so and leads back to the first', async () => {
			await page.goto('/networks?page=999');
			await expect(page.getByText(msg('en', 'net_directory_page_empty'))).toBeVisible();
			await expect(page.getByRole('link', { name: msg('en', 'net_directory_first_page') })).toHaveAttribute('href', '/networks');
			await checkA11y(page);
		});
	});

	test('the home page: networks for a visitor, one’s own networks with role badges once signed in', async ({ page, openBrowser }) => {
		const cardOf = (p: Page, name: string) =>
			p
				.getByRole('region', { name: msg('en', 'home_your_networks') })
				.getByRole('listitem')
				.filter({ has: p.getByRole('link', { name, exact: true }) });

		await test.step('a visitor sees what Hearth is and the networks on it', async () => {
			await page.goto('/');
			await expect(heading(page)).toHaveText(msg('en', 'app_tagline'));
			await expect(page.getByRole('heading', { name: msg('en', 'home_networks_heading') })).toBeVisible();
			await expect(page.getByRole('region', { name: msg('en', 'home_your_networks') })).toHaveCount(0);
			await checkA11y(page);
		});

		await test.step('a steward sees Maple Street under their networks with a steward badge', async () => {
			await signIn(page, 'demo-steward');
			await page.goto('/');
			await expect(page.getByRole('heading', { name: msg('en', 'home_your_networks') })).toBeVisible();
			await expect(cardOf(page, MAPLE_NAME)).toContainText(msg('en', 'role_steward'));
			await expect(page.getByRole('heading', { name: msg('en', 'home_other_networks') })).toBeVisible();
			await checkA11y(page);
		});

		await test.step('someone who asked to join sees a "waiting for approval" badge', async () => {
			const pending = await openBrowser();
			await signIn(pending, 'demo-pending');
			await pending.goto('/');
			await expect(cardOf(pending, MAPLE_NAME)).toContainText(msg('en', 'net_badge_pending'));
			await checkA11y(pending);
		});

		await test.step('the admin of another network sees it with an admin badge, and not Maple Street', async () => {
			const other = await openBrowser();
			await signIn(other, 'demo-other');
			await other.goto('/');
			await expect(cardOf(other, EASTGATE_NAME)).toContainText(msg('en', 'role_admin'));
			await expect(cardOf(other, MAPLE_NAME)).toHaveCount(0);
			await checkA11y(other);
		});
	});
});

test.describe('on a small phone', () => {
	test.use({ viewport: { width: 320, height: 640 } });

	test('320 pixels wide: no page needs sideways scrolling', async ({ page }) => {
		const fits = async (path: string): Promise<void> => {
			await test.step(`${path} fits`, async () => {
				const response = await page.goto(path);
				expect(response?.ok(), `${path} answers`).toBe(true);
				// Soft, so one run names every page that is too wide, not just the first.
				expect.soft(await scrollWidth(page), `${path} is no wider than the screen`).toBeLessThanOrEqual(320);
				await checkA11y(page);
			});
		};
		for (const path of ['/', '/networks', MAPLE]) await fits(path);
		await signIn(page, 'demo-admin');
		// The admin's members table has the widest rows: name, role, date and its controls.
		for (const path of ['/', MAPLE, `${MAPLE}/members`]) await fits(path);
	});
});

import type { BrowserContext, Locator, Page, TestInfo } from '@playwright/test';
import { test as base, checkA11y, expect, isOwnRequest, msg, OWN_ORIGINS } from './fixtures';

/**
 * Helpers for the network flows. Networks and people made here are new every run and carry the
 * project's name and a random tag, because the demo server is shared by both projects and by
 * other spec files running at the same time: nothing here may touch the demo networks' state.
 */

export type JoinPolicy = 'open' | 'approval' | 'invite';

export interface NewPerson {
	displayName: string;
	username: string;
}

export interface NewNetwork {
	name: string;
	slug: string;
	description?: string;
	areas?: string[];
	/** Left out: the form's default (every language). An empty list unticks them all. */
	languages?: ('en' | 'es')[];
	joinPolicy: JoinPolicy;
}

interface NetworkFixtures {
	/**
	 * A page in a browser of its own (its own cookies), for a second or third person in a flow.
	 * It runs with the project's settings (JavaScript on or off, viewport, locale unless given)
	 * and under the same rule as the test's own page: no request to any other host.
	 */
	openBrowser: (options?: { locale?: string }) => Promise<Page>;
}

export const test = base.extend<NetworkFixtures>({
	openBrowser: async ({ browser, baseURL, javaScriptEnabled, viewport, locale }, use) => {
		const contexts: BrowserContext[] = [];
		const offsite: string[] = [];
		await use(async (options = {}) => {
			const context = await browser.newContext({ baseURL, javaScriptEnabled, viewport, locale: options.locale ?? locale });
			context.on('request', (request) => {
				if (!isOwnRequest(request.url())) offsite.push(request.url());
			});
			contexts.push(context);
			return context.newPage();
		});
		await Promise.all(contexts.map((c) => c.close()));
		expect(offsite, `requests to hosts other than the run's own servers (${[...OWN_ORIGINS].join(', ')}) from a second browser`).toEqual([]);
	}
});

/**
 * A tag unique to this run of this test in this project, for slugs and sign-in names: the two
 * projects run the same flows side by side against one server.
 */
export function uniqueTag(testInfo: TestInfo): string {
	return `${testInfo.project.name}-${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`;
}

/** A new person's names; the display name carries the tag so their row is easy to find in a list. */
export function newPerson(first: string, testInfo: TestInfo): NewPerson {
	const tag = uniqueTag(testInfo);
	return { displayName: `${first} ${tag}`, username: `${first.toLowerCase()}-${tag}` };
}

// Any passphrase that passes the checks will do; nobody signs in with it again.
const PASSPHRASE = 'copper kettle under the willow';

/** Fills in the sign-up form on the current page, sends it and waits for the recovery codes. */
export async function completeSignUp(page: Page, person: NewPerson, locale = 'en'): Promise<void> {
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg(locale, 'acct_signup_title'));
	await checkA11y(page);
	await page.getByLabel(msg(locale, 'account_display_name_label')).fill(person.displayName);
	await page.getByLabel(msg(locale, 'account_username_label')).fill(person.username);
	// By name: "Passphrase" is also the start of the "Passphrase again" label.
	await page.locator('input[name="passphrase"]').fill(PASSPHRASE);
	await page.locator('input[name="passphraseConfirm"]').fill(PASSPHRASE);
	await page.getByRole('button', { name: msg(locale, 'acct_signup_submit') }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg(locale, 'codes_title'));
	await checkA11y(page);
}

/** Signs a new person up at /signup, as anyone would, and leaves them on the home page. */
export async function signUp(page: Page, person: NewPerson, locale = 'en'): Promise<void> {
	await test.step(`sign up as ${person.username}`, async () => {
		await page.goto('/signup');
		await completeSignUp(page, person, locale);
		await page.getByRole('link', { name: msg(locale, 'codes_continue') }).click();
		await expect(page).toHaveURL((u) => u.pathname === '/');
	});
}

/** The shared network fields (create and settings): fills in what `input` names, leaves the rest. */
export async function fillNetworkFields(page: Page, input: Partial<NewNetwork>): Promise<void> {
	if (input.name !== undefined) await page.getByLabel(msg('en', 'network_name_label')).fill(input.name);
	if (input.slug !== undefined) await page.getByLabel(msg('en', 'network_slug_label')).fill(input.slug);
	if (input.description !== undefined) await page.getByLabel(msg('en', 'network_description_label')).fill(input.description);
	if (input.areas !== undefined) await page.getByLabel(msg('en', 'network_areas_label')).fill(input.areas.join('\n'));
	if (input.languages !== undefined) {
		for (const l of ['en', 'es'] as const) {
			await page.getByRole('checkbox', { name: msg(l, `language_name_${l}`) }).setChecked(input.languages.includes(l));
		}
	}
	if (input.joinPolicy !== undefined) await page.getByRole('radio', { name: msg('en', `join_policy_${input.joinPolicy}`) }).check();
}

/** Creates a network through /networks/new (the page must be signed in as someone allowed to). */
export async function createNetwork(page: Page, network: NewNetwork): Promise<void> {
	await test.step(`create the network ${network.slug}`, async () => {
		await page.goto('/networks/new');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'home_create_network'));
		await fillNetworkFields(page, network);
		await page.getByRole('button', { name: msg('en', 'net_new_submit') }).click();
		await expect(page).toHaveURL((u) => u.pathname === `/n/${network.slug}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(network.name);
	});
}

/** A network made for one test: its name and slug carry the tag. */
export function networkFor(topic: string, joinPolicy: JoinPolicy, testInfo: TestInfo): NewNetwork {
	const tag = uniqueTag(testInfo);
	return {
		name: `${topic} ${tag}`,
		slug: `${topic.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${tag}`,
		description: `A network for the ${topic.toLowerCase()} flow.`,
		areas: ['North Yard', 'South Yard'],
		joinPolicy
	};
}

/** The "You are a member" card of a network page, where the role badge and the tools are. */
export function memberCard(page: Page): Locator {
	return page.locator('section').filter({ has: page.getByRole('heading', { name: msg('en', 'net_member_heading') }) });
}

/** The row of a members table for the person named `who` (exactly: "Lin" is not "Linda"). */
export function rowOf(page: Page, who: string): Locator {
	return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: who, exact: true }) });
}

/** One's own row of a members table: the one marked "(you)". */
export function ownRow(page: Page): Locator {
	return page.getByRole('row').filter({ has: page.getByRole('rowheader').filter({ hasText: msg('en', 'net_you') }) });
}

/** The value of one fact (areas, languages, members…) in a network page's list of facts. */
export function fact(page: Page, headingKey: string, locale = 'en'): Locator {
	return page
		.getByRole('main')
		.locator('dt', { hasText: msg(locale, headingKey) })
		.locator('xpath=following-sibling::dd[1]');
}

/** How wide the page is; wider than the viewport means someone has to scroll sideways. */
export async function scrollWidth(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth);
}

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page, TestInfo } from '@playwright/test';
import { checkA11y, expect, msg } from './fixtures';
import { messagePathPatterns } from './messages';

/**
 * Steps the account flows share. Every flow makes its own person: the `js` and `nojs` projects
 * run at the same time against one demo server, and demo accounts must stay as they are.
 */

export interface Person {
	username: string;
	displayName: string;
	passphrase: string;
}

/** A person nobody else uses: the project's name keeps the two browser modes apart, the suffix the runs. */
export function newPerson(testInfo: TestInfo, displayName = 'Rosa M.'): Person {
	// Sign-in names allow 3–32 lowercase letters, digits, dots, dashes and underscores.
	const username = `acct-${testInfo.project.name}-${randomBytes(5).toString('hex')}`;
	return { username, displayName, passphrase: 'lantern over the quiet river' };
}

const root = fileURLToPath(new URL('../..', import.meta.url));

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The text of a plural message (`acct_codes_remaining` and the like) for `count`. msg() reads only
 * plain strings; plural messages are stored as variants keyed by the plural category, which
 * Intl.PluralRules picks the way the app's runtime does.
 */
export function pluralMsg(locale: string, key: string, count: number): string {
	const category = new Intl.PluralRules(locale).select(count);
	for (const pattern of messagePathPatterns()) {
		const file: unknown = JSON.parse(readFileSync(join(root, pattern.replace('{locale}', locale)), 'utf8'));
		const value = isRecord(file) ? file[key] : undefined;
		if (!Array.isArray(value)) continue;
		const variant: unknown = value[0];
		if (!isRecord(variant) || !isRecord(variant.match) || !Array.isArray(variant.selectors)) continue;
		const selector: unknown = variant.selectors[0];
		const text = variant.match[`${String(selector)}=${category}`] ?? variant.match[`${String(selector)}=*`];
		if (typeof text === 'string') return text.replace(/\{count\}/g, String(count));
	}
	throw new Error(`no plural message "${key}" for locale "${locale}"`);
}

/** A form field by its name (Field gives each input the id `f-<name>`). */
export function field(page: Page, name: string): Locator {
	return page.locator(`#f-${name}`);
}

/**
 * Presses a button in the page's main content and returns the status of the form post it sent.
 * The forms are plain HTML in both projects, so the post is always a page navigation.
 */
export async function submit(page: Page, name: string): Promise<number> {
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
		page.getByRole('main').getByRole('button', { name, exact: true }).click()
	]);
	await page.waitForLoadState();
	return response.status();
}

/**
 * A field error as every kind of reader meets it: next to the field, tied to it with
 * aria-describedby and aria-invalid, and as a link in the summary that jumps to the field.
 */
export async function expectFieldError(page: Page, name: string, message: string): Promise<void> {
	const input = field(page, name);
	await expect(page.locator(`#f-${name}-error`)).toHaveText(message);
	await expect(input).toHaveAttribute('aria-invalid', 'true');
	await expect(input).toHaveAttribute('aria-describedby', new RegExp(`(^| )f-${name}-error( |$)`));
	await expect(page.getByRole('alert').getByRole('link', { name: message })).toHaveAttribute('href', `#f-${name}`);
}

/** An error about the whole form (no field to point at), shown in the summary. */
export async function expectFormError(page: Page, message: string): Promise<void> {
	await expect(page.getByRole('alert')).toContainText(message);
}

function siteNav(page: Page, locale: string): Locator {
	return page.getByRole('navigation', { name: msg(locale, 'nav_label') });
}

/** The header offers the account and signing out, so the person knows they are signed in. */
export async function expectSignedIn(page: Page, locale = 'en'): Promise<void> {
	await expect(siteNav(page, locale).getByRole('link', { name: msg(locale, 'nav_account') })).toBeVisible();
	await expect(siteNav(page, locale).getByRole('button', { name: msg(locale, 'nav_signout') })).toBeVisible();
}

export async function expectSignedOut(page: Page, locale = 'en'): Promise<void> {
	await expect(siteNav(page, locale).getByRole('link', { name: msg(locale, 'nav_signin') })).toBeVisible();
	await expect(siteNav(page, locale).getByRole('link', { name: msg(locale, 'nav_account') })).toHaveCount(0);
}

/** Signs out with the header's button, as a person would from any page. */
export async function signOut(page: Page, locale = 'en'): Promise<void> {
	await siteNav(page, locale)
		.getByRole('button', { name: msg(locale, 'nav_signout') })
		.click();
	await expect(page).toHaveURL((u) => u.pathname === '/');
	await expectSignedOut(page, locale);
}

/** Fills and sends the sign-in form on the page as it is (callers choose how they got there). */
export async function submitSignIn(page: Page, username: string, passphrase: string): Promise<number> {
	await field(page, 'username').fill(username);
	await field(page, 'passphrase').fill(passphrase);
	return submit(page, msg('en', 'acct_signin_submit'));
}

/** Signs in from /signin and waits to leave it; axe checks the sign-in page on the way. */
export async function signInAs(page: Page, person: Pick<Person, 'username' | 'passphrase'>): Promise<void> {
	await page.goto('/signin');
	await checkA11y(page);
	await submitSignIn(page, person.username, person.passphrase);
	await expect(page).not.toHaveURL(/\/signin/);
	await expectSignedIn(page);
}

/** The codes on a "save your recovery codes" page. */
export async function recoveryCodesShown(page: Page): Promise<string[]> {
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'codes_title'));
	return (await page.getByRole('main').locator('ol li').allTextContents()).map((c) => c.trim());
}

/**
 * Makes the account through /signup (no email) and continues past the recovery codes, signed in.
 * Returns the codes, for flows that need one. Axe checks both pages on the way.
 */
export async function signUp(page: Page, person: Person): Promise<string[]> {
	await page.goto('/signup');
	await checkA11y(page);
	await field(page, 'displayName').fill(person.displayName);
	await field(page, 'username').fill(person.username);
	await field(page, 'passphrase').fill(person.passphrase);
	await field(page, 'passphraseConfirm').fill(person.passphrase);
	expect(await submit(page, msg('en', 'acct_signup_submit'))).toBe(200);
	const codes = await recoveryCodesShown(page);
	await checkA11y(page);
	await page.getByRole('link', { name: msg('en', 'codes_continue') }).click();
	await expectSignedIn(page);
	return codes;
}

export interface DeviceOptions {
	baseURL: string | undefined;
	javaScriptEnabled: boolean;
	locale: string | undefined;
}

/**
 * A second browser (another phone, a shared computer) for the same person, made like the test's
 * own context. The fixtures' request guard watches only the test's context, so this one keeps
 * its own list of requests to other hosts and `close` fails the test if there were any.
 */
export async function openSecondDevice(browser: Browser, options: DeviceOptions): Promise<{ page: Page; close: () => Promise<void> }> {
	const context = await browser.newContext(options);
	const origin = new URL(options.baseURL ?? '/', 'http://localhost').origin;
	const offsite: string[] = [];
	context.on('request', (request) => {
		const url = new URL(request.url());
		if (!['data:', 'blob:', 'about:'].includes(url.protocol) && url.origin !== origin) offsite.push(request.url());
	});
	const page = await context.newPage();
	return {
		page,
		close: async () => {
			await context.close();
			expect(offsite, 'requests from the second device to other hosts').toEqual([]);
		}
	};
}

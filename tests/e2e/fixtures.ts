import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { msg } from './messages';
import { SERVERS, type E2eServer } from './servers';

export { expect, msg, SERVERS };
export type { E2eServer };

/**
 * Shared ground for every browser flow. Import `test` and `expect` from here, not from
 * @playwright/test, so each flow gets the third-party request guard for free:
 *
 *   import { test, expect, checkA11y, expectLang, msg } from './fixtures';
 *   test('…', async ({ page }) => { await page.goto('/'); await checkA11y(page); });
 *
 * Each flow runs in the `js` and in the `nojs` project; assert on what the page shows,
 * not on how it got there, and the same test holds in both. Specs that make HTTP calls only
 * (no page) are named `<topic>.api.spec.ts` and run once, in the `api` project.
 */

/** Options set per project in playwright.config.ts. */
export interface HearthOptions {
	/** A never-set-up instance of this project's own (the first-run setup can happen only once). */
	freshServer: E2eServer;
}

interface HearthFixtures {
	/** Every URL the test's browser context requested, in order. */
	requestLog: string[];
}

// Browsers ask for these without the network: inline images, generated blobs, blank frames.
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

export const test = base.extend<HearthFixtures & HearthOptions>({
	freshServer: [SERVERS.freshJs, { option: true }],

	// Hearth promises that a page sends nothing to any other website (no CDNs, fonts, analytics).
	// The guard watches the whole context, so pages opened by a click are covered too.
	requestLog: [
		async ({ context, baseURL, freshServer }, use) => {
			const allowed = new Set([baseURL ?? SERVERS.demo.url, freshServer.url].map((u) => new URL(u).origin));
			const log: string[] = [];
			const offsite: string[] = [];
			const record = (url: string): void => {
				log.push(url);
				const parsed = new URL(url);
				if (!LOCAL_SCHEMES.has(parsed.protocol) && !allowed.has(parsed.origin)) offsite.push(url);
			};
			context.on('request', (request) => record(request.url()));
			const watchSockets = (page: Page): void => {
				page.on('websocket', (socket) => record(socket.url().replace(/^ws/, 'http')));
			};
			context.pages().forEach(watchSockets);
			context.on('page', watchSockets);
			await use(log);
			expect(offsite, `requests to hosts other than the server under test (${[...allowed].join(', ')})`).toEqual([]);
		},
		{ auto: true }
	]
});

/** Asserts the document's `<html lang>` names the expected locale (screen readers pick a voice by it). */
export async function expectLang(page: Page, locale: string): Promise<void> {
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
}

/** Whether the page runs with scripting switched off (the `nojs` project, or a context made so). */
async function scriptingDisabled(page: Page): Promise<boolean> {
	// Parsing <noscript> depends on the document's scripting flag (HTML spec §13.2.5): with
	// scripting off, its content becomes elements. This is synchronous, so it works without
	// the timers that a JS-disabled page never fires.
	return page.evaluate(() => {
		const probe = document.createElement('noscript');
		probe.innerHTML = '<b></b>';
		return probe.children.length === 1;
	});
}

/**
 * A JavaScript-enabled twin of a JS-disabled page, for axe. axe-core needs timers, which never
 * fire in a context with JavaScript off, so AxeBuilder would wait forever there. The twin gets
 * the page's current HTML at the same URL (so relative links and stylesheets resolve and colours
 * match), with the page's own scripts blocked, so it shows exactly what a no-JS visitor sees.
 */
async function scriptlessTwin(page: Page): Promise<{ twin: Page; close: () => Promise<void> }> {
	const browser = page.context().browser();
	if (browser === null) throw new Error('checkA11y: the page has no browser (persistent contexts are not supported)');
	const context: BrowserContext = await browser.newContext({
		javaScriptEnabled: true,
		viewport: page.viewportSize()
	});
	await context.addCookies(await page.context().cookies());
	const url = page.url();
	// With scripting on, <noscript> content would turn into plain text and escape the check;
	// a neutral <span> keeps it in the accessibility tree the way a no-JS browser renders it.
	const html = (await page.content()).replace(/<noscript\b/gi, '<span data-noscript').replace(/<\/noscript>/gi, '</span>');
	await context.route(
		(u) => u.href === url,
		(route) =>
			route.fulfill({
				status: 200,
				contentType: 'text/html; charset=utf-8',
				// Blocks the page's own scripts; Playwright's injection of axe is not affected.
				headers: { 'content-security-policy': "script-src 'none'" },
				body: html
			})
	);
	const twin = await context.newPage();
	await twin.goto(url, { waitUntil: 'load' });
	return { twin, close: () => context.close() };
}

export interface A11yOptions {
	/** CSS selectors to leave out, each with a reason in the calling test. */
	exclude?: string[];
	/** axe rule ids to skip, each with a reason in the calling test. */
	disableRules?: string[];
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core (WCAG 2.1 A and AA) on the page as it is now and fails with a readable list of
 * violations. Works in both projects: a JS-disabled page is checked through its scriptless twin.
 */
export async function checkA11y(page: Page, options: A11yOptions = {}): Promise<void> {
	const path = new URL(page.url()).pathname;
	await test.step(`axe: ${path}`, async () => {
		const noScript = await scriptingDisabled(page);
		const target = noScript ? await scriptlessTwin(page) : { twin: page, close: async () => {} };
		try {
			let builder = new AxeBuilder({ page: target.twin }).withTags(WCAG_TAGS);
			for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
			if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
			const { violations } = await builder.analyze();
			const report = violations.map((v) => {
				const nodes = v.nodes.map((n) => `      at ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ') ?? ''}`);
				return `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`;
			});
			expect(report.join('\n'), `axe found ${violations.length} accessibility violation(s) on ${page.url()}${noScript ? ' (no-JS rendering)' : ''}`).toBe('');
		} finally {
			await target.close();
		}
	});
}

/**
 * The one-time setup code a fresh instance printed at start. serve.js copies the server's
 * output to stdout.log in the instance's data directory; the code is on the line after the prompt.
 */
export function readSetupCode(server: E2eServer): string {
	const out = readFileSync(join(server.dataDir, 'stdout.log'), 'utf8');
	const lines = out.split('\n');
	const at = lines.findIndex((l) => l.includes('finish setup with this one-time code:'));
	const code = lines
		.slice(at + 1)
		.map((l) => l.trim())
		.find((l) => l.length > 0);
	if (at < 0 || code === undefined) throw new Error(`no setup code in ${server.dataDir}/stdout.log — is ${server.name} a fresh instance?`);
	return code;
}

export interface DemoPerson {
	username: string;
	passphrase: string;
	role: string;
}

/**
 * The demo accounts, read from what the demo server printed at start (the same list a newcomer
 * sees), so the tests never hold a second copy of the demo passphrases.
 */
export function demoPeople(server: E2eServer = SERVERS.demo): DemoPerson[] {
	const out = readFileSync(join(server.dataDir, 'stdout.log'), 'utf8');
	const people: DemoPerson[] = [];
	for (const line of out.split('\n')) {
		const match = /^ {4}(demo-[\w-]+)\s+(\S+)\s+(.+)$/.exec(line);
		if (match?.[1] && match[2] && match[3]) people.push({ username: match[1], passphrase: match[2], role: match[3].trim() });
	}
	if (people.length === 0) throw new Error(`no demo accounts in ${server.dataDir}/stdout.log — is ${server.name} a demo instance?`);
	return people;
}

/** Signs in through the real /signin form (works with and without JS) as one demo person. */
export async function signIn(page: Page, username: string): Promise<void> {
	const person = demoPeople().find((p) => p.username === username);
	if (!person) throw new Error(`no demo account "${username}"`);
	await page.goto('/signin');
	await page.locator('input[name="username"]').fill(person.username);
	await page.locator('input[name="passphrase"]').fill(person.passphrase);
	await page
		.locator('main form')
		.filter({ has: page.locator('input[name="passphrase"]') })
		.locator('button[type="submit"]')
		.click();
	await page.waitForURL((u) => u.pathname !== '/signin');
}

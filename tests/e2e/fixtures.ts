import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test as base, expect, type Browser, type Cookie, type Page } from '@playwright/test';
import type { AxeResults, RunOptions } from 'axe-core';
import type * as AxeCore from 'axe-core';
import { msg } from './messages';
import { OWN_ORIGINS, SERVERS, type E2eServer } from './servers';

export { expect, msg, SERVERS, OWN_ORIGINS };
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
export const LOCAL_SCHEMES: ReadonlySet<string> = new Set(['data:', 'blob:', 'about:']);

/** Whether a request stays on our own hosts (the run's servers) or needs no network at all. */
export function isOwnRequest(url: string): boolean {
	const parsed = new URL(url);
	return LOCAL_SCHEMES.has(parsed.protocol) || OWN_ORIGINS.has(parsed.origin);
}

export const test = base.extend<HearthFixtures & HearthOptions>({
	freshServer: [SERVERS.freshJs, { option: true }],

	// Hearth promises that a page sends nothing to any other website (no CDNs, fonts, analytics).
	// The guard watches the whole context, so pages opened by a click are covered too.
	requestLog: [
		async ({ context }, use) => {
			const log: string[] = [];
			const offsite: string[] = [];
			const record = (url: string): void => {
				log.push(url);
				if (!isOwnRequest(url)) offsite.push(url);
			};
			context.on('request', (request) => record(request.url()));
			const watchSockets = (page: Page): void => {
				page.on('websocket', (socket) => record(socket.url().replace(/^ws/, 'http')));
			};
			context.pages().forEach(watchSockets);
			context.on('page', watchSockets);
			await use(log);
			expect(offsite, `requests to hosts other than the run's own servers (${[...OWN_ORIGINS].join(', ')})`).toEqual([]);
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

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * JavaScript-enabled twins of JS-disabled pages, for axe: axe-core needs timers, which never fire
 * in a context with JavaScript off. One twin page per browser and origin is kept for the worker's
 * life; each check writes the no-JS page's current HTML into it with the page's own scripts taken
 * out (so it shows exactly what a no-JS visitor sees), at the same origin so stylesheets resolve
 * and colours match, and axe, injected once, stays loaded.
 */
const twins = new WeakMap<Browser, Map<string, Promise<Page>>>();

async function twinFor(page: Page): Promise<Page> {
	const browser = page.context().browser();
	if (browser === null) throw new Error('checkA11y: the page has no browser (persistent contexts are not supported)');
	const origin = new URL(page.url()).origin;
	let byOrigin = twins.get(browser);
	if (!byOrigin) twins.set(browser, (byOrigin = new Map()));
	let twin = byOrigin.get(origin);
	if (!twin) {
		twin = (async () => {
			const context = await browser.newContext({ javaScriptEnabled: true });
			const blank = `${origin}/__a11y-twin__`;
			// The twin's document never runs a script of its own: only what Playwright evaluates.
			await context.route(blank, (route) =>
				route.fulfill({
					status: 200,
					contentType: 'text/html; charset=utf-8',
					headers: { 'content-security-policy': "script-src 'none'" },
					body: '<!doctype html><title>twin</title>'
				})
			);
			const p = await context.newPage();
			await p.goto(blank);
			await p.evaluate(AXE_SOURCE);
			return p;
		})();
		byOrigin.set(origin, twin);
	}
	return twin;
}

/** The page's current HTML as a no-JS browser renders it, scripts removed. */
function scriptlessHtml(html: string): string {
	return (
		html
			.replace(/<script\b[\s\S]*?<\/script>/gi, '')
			.replace(/<meta\b[^>]*http-equiv=["']?content-security-policy["']?[^>]*>/gi, '')
			// With scripting on, <noscript> content would turn into plain text and escape the check;
			// a neutral <span> keeps it in the accessibility tree the way a no-JS browser renders it.
			.replace(/<noscript\b/gi, '<span data-noscript')
			.replace(/<\/noscript>/gi, '</span>')
	);
}

/** Writes `html` into the twin and waits until its stylesheets have loaded. */
async function showInTwin(twin: Page, html: string, viewport: { width: number; height: number } | null): Promise<void> {
	if (viewport) await twin.setViewportSize(viewport);
	await twin.evaluate(async (markup) => {
		document.open();
		document.write(markup);
		document.close();
		const sheets = [...document.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet"]')].filter((l) => !l.disabled);
		await Promise.all(
			sheets.map((link) =>
				link.sheet !== null
					? undefined
					: new Promise<void>((resolve) => {
							link.addEventListener('load', () => resolve(), { once: true });
							link.addEventListener('error', () => resolve(), { once: true });
						})
			)
		);
	}, html);
}

export interface A11yOptions {
	/** CSS selectors to leave out, each with a reason in the calling test. */
	exclude?: string[];
	/** axe rule ids to skip, each with a reason in the calling test. */
	disableRules?: string[];
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Page states that passed axe in this run, shared by the workers (playwright.config.ts makes the
 * directory): the same HTML at the same address and viewport, under the same options, gives the
 * same result, so it is checked once. Only passes are recorded.
 */
function seenFile(key: string): string | undefined {
	const dir = process.env.HEARTH_A11Y_SEEN;
	return dir ? join(dir, key) : undefined;
}

/** axe's violations in the page's current state (JS on) or in its twin (JS off). */
async function runAxe(target: Page, options: A11yOptions): Promise<AxeResults['violations']> {
	const hasAxe = await target.evaluate(() => 'axe' in window);
	if (!hasAxe) await target.evaluate(AXE_SOURCE);
	const runOptions: RunOptions = {
		runOnly: { type: 'tag', values: WCAG_TAGS },
		resultTypes: ['violations'],
		...(options.disableRules?.length ? { rules: Object.fromEntries(options.disableRules.map((id) => [id, { enabled: false }])) } : {})
	};
	// null: the whole document.
	const context = options.exclude?.length ? { exclude: options.exclude.map((s) => [s]) } : null;
	return target.evaluate(
		async ([ctx, opts]) => {
			const axe = (window as unknown as { axe: typeof AxeCore }).axe;
			const results: AxeResults = await axe.run((ctx ?? document) as AxeCore.ElementContext, opts as RunOptions);
			// Only what the report needs crosses back.
			return results.violations.map((v) => ({ ...v, nodes: v.nodes.map((n) => ({ ...n, any: [], all: [], none: [] })) }));
		},
		[context, runOptions] as const
	);
}

/**
 * Runs axe-core (WCAG 2.1 A and AA) on the page as it is now and fails with a readable list of
 * violations. Works in both projects: a JS-disabled page is checked through its scriptless twin.
 */
export async function checkA11y(page: Page, options: A11yOptions = {}): Promise<void> {
	const path = new URL(page.url()).pathname;
	await test.step(`axe: ${path}`, async () => {
		const noScript = await scriptingDisabled(page);
		const content = await page.content();
		const html = noScript ? scriptlessHtml(content) : content;
		const viewport = page.viewportSize();
		const key = createHash('sha256')
			.update(JSON.stringify([page.url(), noScript, viewport, options, html]))
			.digest('hex');
		const seen = seenFile(key);
		if (seen !== undefined && existsSync(seen)) return;
		let target = page;
		if (noScript) {
			target = await twinFor(page);
			await showInTwin(target, html, viewport);
		}
		const violations = await runAxe(target, options);
		const report = violations.map((v) => {
			const nodes = v.nodes.map((n) => `      at ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ') ?? ''}`);
			return `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`;
		});
		expect(report.join('\n'), `axe found ${violations.length} accessibility violation(s) on ${page.url()}${noScript ? ' (no-JS rendering)' : ''}`).toBe('');
		if (seen !== undefined) writeFileSync(seen, '');
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

/**
 * Sessions this worker already made, by server and person. A second sign-in as the same person
 * reuses the cookies (as a browser that stayed signed in would), after the server confirms the
 * session is still live; otherwise it goes through the form again.
 */
const sessions = new Map<string, Cookie[]>();

async function stillSignedIn(page: Page, server: E2eServer): Promise<boolean> {
	const res = await page.context().request.get(`${server.url}/account`, { maxRedirects: 0 });
	return res.status() === 200;
}

/**
 * Signs in as one demo person, landing where the /signin form lands. The first time in a worker
 * it goes through the real form (works with and without JS); later it reuses that session.
 */
export async function signIn(page: Page, username: string, server: E2eServer = SERVERS.demo): Promise<void> {
	const person = demoPeople(server).find((p) => p.username === username);
	if (!person) throw new Error(`no demo account "${username}"`);
	const key = `${server.url} ${username}`;
	const saved = sessions.get(key);
	if (saved) {
		await page.context().addCookies(saved);
		if (await stillSignedIn(page, server)) {
			await page.goto(`${server.url}/`);
			return;
		}
		sessions.delete(key);
		await page.context().clearCookies();
	}
	await page.goto(`${server.url}/signin`);
	const origin = new URL(server.url).origin;
	const before = new Map((await page.context().cookies(origin)).map((c) => [c.name, c.value]));
	await page.locator('input[name="username"]').fill(person.username);
	await page.locator('input[name="passphrase"]').fill(person.passphrase);
	await page
		.locator('main form')
		.filter({ has: page.locator('input[name="passphrase"]') })
		.locator('button[type="submit"]')
		.click();
	await page.waitForURL((u) => u.pathname !== '/signin');
	// What the sign-in itself set: the session cookie, and the language cookie when the person
	// has a saved language. Cookies the context had before are this test's own, not the session's.
	sessions.set(
		key,
		(await page.context().cookies(origin)).filter((c) => before.get(c.name) !== c.value)
	);
}

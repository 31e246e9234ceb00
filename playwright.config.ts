import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import type { HearthOptions } from './tests/e2e/fixtures';
import { SERVERS, type E2eServer } from './tests/e2e/servers';

/**
 * Browser flows run against the BUILT server (`npx vite build` first; `npm test` does it), in
 * Debian's Chromium, once with JavaScript and once without. Browsers are never downloaded.
 */

// Without the background-networking flags Chromium calls Google's hosts at start and on a
// closed network its refused connections slow every launch down.
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

// Page states axe has passed in this run, shared by every worker (see checkA11y). The config is
// evaluated again in each worker; the directory made by the first is inherited through the environment.
process.env.HEARTH_A11Y_SEEN ??= mkdtempSync(join(tmpdir(), 'hearth-a11y-'));

type WebServer = Extract<NonNullable<PlaywrightTestConfig['webServer']>, { command: string }>;

function webServer(s: E2eServer): WebServer {
	return {
		command: [
			`node tests/e2e/serve.js --port ${s.port} --data-dir ${s.dataDir}`,
			s.demo ? '--demo' : '',
			s.database === 'postgres' ? '--postgres' : '',
			s.urls.length > 1 ? `--processes ${s.urls.length}` : '',
			s.smtpPort === undefined ? '' : `--smtp-port ${s.smtpPort}`,
			s.origin.startsWith('https:') ? '--https-origin' : ''
		]
			.filter(Boolean)
			.join(' '),
		// The last process starts after the others answer: when it answers, they all do.
		url: `${s.urls.at(-1) ?? s.url}/`,
		// A left-over server could already be set up or hold changed data: always start afresh.
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore',
		stderr: 'pipe',
		// Lets serve.js remove the temporary data directory.
		gracefulShutdown: { signal: 'SIGTERM', timeout: 3_000 }
	};
}

// Specs that make HTTP calls only, with no page: they run once, in the `api` project, rather than
// once per browser mode, which would only repeat them (and two copies changing the same demo data
// at the same time would trip over each other). Name new ones `<topic>.api.spec.ts`.
const HTTP_ONLY = /(?:^|[\\/])(?:[\w-]+\.api|api|authorization)\.spec\.ts$/;

export default defineConfig<HearthOptions>({
	testDir: 'tests/e2e',
	// Two cores: one for the servers, one for the browser, roughly.
	workers: 2,
	fullyParallel: false,
	retries: 0,
	forbidOnly: Boolean(process.env.CI),
	// A guard against a hung flow, not a measure: on two shared cores an axe run alone can take 20 s.
	timeout: 90_000,
	expect: { timeout: 5_000 },
	reporter: [['list'], ['json', { outputFile: process.env.HEARTH_E2E_JSON ?? 'test-results/e2e-results.json' }]],
	webServer: Object.values(SERVERS).map(webServer),
	use: {
		baseURL: SERVERS.demo.url,
		browserName: 'chromium',
		launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
		locale: 'en-GB',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure'
	},
	projects: [
		{
			name: 'js',
			testIgnore: HTTP_ONLY,
			use: { javaScriptEnabled: true, freshServer: SERVERS.freshJs }
		},
		{
			name: 'nojs',
			testIgnore: HTTP_ONLY,
			use: { javaScriptEnabled: false, freshServer: SERVERS.freshNojs }
		},
		{
			name: 'api',
			testMatch: HTTP_ONLY
		}
	]
});

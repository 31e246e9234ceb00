// `npm test`: every gate, in order, stopping at the first that fails.
//   1. type check (compiles messages, then svelte-check)
//   2. unit and service tests (Vitest; service tests on SQLite and PostgreSQL)
//   3. production build
//   4. browser flows against the build (Playwright, with and without JavaScript)
// The last line is always `N passed, N failed`, counting tests across Vitest and Playwright.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = mkdtempSync(join(tmpdir(), 'hearth-test-'));
const vitestJson = join(reports, 'vitest.json');
const playwrightJson = join(reports, 'playwright.json');

const totals = { passed: 0, failed: 0 };

/** Runs one gate with its output on the terminal; answers its exit code. */
function run(title, command, args, env = {}) {
	console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
	const started = Date.now();
	const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	if (r.error) console.error(`  could not start ${command}: ${r.error.message}`);
	const code = r.status ?? 1;
	console.log(`${code === 0 ? '✔' : '✘'} ${title} (${seconds} s)`);
	return code;
}

function readJson(path) {
	if (!existsSync(path)) return undefined;
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch {
		return undefined;
	}
}

function finish(failure) {
	rmSync(reports, { recursive: true, force: true });
	if (failure) console.error(`\n✘ ${failure}`);
	else console.log('\n✔ all gates passed');
	console.log(`${totals.passed} passed, ${totals.failed} failed`);
	process.exit(failure ? 1 : 0);
}

// 1. Types. A failure here has no test count; the message says which gate stopped the run.
if (run('type check', 'npm', ['run', 'check']) !== 0) finish('type check failed (npm run check): fix the errors above.');

// 2. Vitest, with a JSON report beside the usual one for the count.
const vitestCode = run('unit and service tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const vitest = readJson(vitestJson);
if (vitest) {
	totals.passed += vitest.numPassedTests ?? 0;
	totals.failed += vitest.numFailedTests ?? 0;
}
if (vitestCode !== 0) {
	// A file that fails to import has no failed test, only a failed suite: say so rather than "0 failed".
	const brokenFiles = vitest?.numFailedTestSuites ?? 0;
	finish(
		`unit and service tests failed (npx vitest run)${vitest ? `: ${vitest.numFailedTests} test(s)${brokenFiles ? `, ${brokenFiles} file(s)` : ''}` : ', and wrote no report'}.` +
			(process.env.HEARTH_TEST_PG === 'off' ? '' : ' If PostgreSQL is unreachable, start it or set HEARTH_TEST_PG=off on purpose.')
	);
}

// 3. Build: the browser flows run against exactly what `npm start` would serve.
if (run('production build', 'npx', ['vite', 'build']) !== 0) finish('production build failed (npx vite build).');

// 4. Playwright; playwright.config.ts writes its JSON report where HEARTH_E2E_JSON says.
const playwrightCode = run('browser flows', 'npx', ['playwright', 'test'], { HEARTH_E2E_JSON: playwrightJson });
const playwright = readJson(playwrightJson);
if (playwright?.stats) {
	// "expected" are passes, "flaky" passed on a retry (retries are off, but count them honestly).
	totals.passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
	totals.failed += playwright.stats.unexpected ?? 0;
}
if (playwrightCode !== 0) {
	const errors = Array.isArray(playwright?.errors) ? playwright.errors.length : 0;
	finish(
		`browser flows failed (npx playwright test)${playwright ? `: ${playwright.stats?.unexpected ?? 0} test(s)${errors ? `, ${errors} error(s) outside tests (see above)` : ''}` : ', and wrote no report'}.`
	);
}

finish(undefined);

// `npm test`: every gate, in order, stopping at the first that fails.
//   1. type check (compiles messages, then svelte-check)
//   2. format and lint (Prettier, ESLint; 0 warnings)
//   3. unit and service tests (Vitest; service tests on SQLite and PostgreSQL)
//   4. production build (reused when build/ was made from exactly this source)
//   5. browser flows against the build (Playwright, with and without JavaScript, on SQLite and PostgreSQL)
// Each gate prints its wall time, and the slowest Vitest files and browser tests are listed, so
// the next person sees where the time goes. The last line is always `N passed, N failed`,
// counting tests across Vitest and Playwright.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureBuild } from './build-if-stale.js';

const root = new URL('..', import.meta.url).pathname;
const reports = mkdtempSync(join(tmpdir(), 'hearth-test-'));
const vitestJson = join(reports, 'vitest.json');
const playwrightJson = join(reports, 'playwright.json');

const totals = { passed: 0, failed: 0 };
const startedAll = Date.now();
/** @type {{ title: string, seconds: number }[]} */
const gates = [];
const SLOWEST = 15;

/** Times one gate, records it for the summary and prints it. */
function timed(/** @type {string} */ title, /** @type {() => number} */ body) {
	const started = Date.now();
	const code = body();
	const seconds = (Date.now() - started) / 1000;
	gates.push({ title, seconds });
	console.log(`${code === 0 ? '✔' : '✘'} ${title} (${seconds.toFixed(1)} s)`);
	return code;
}

/** Runs one gate with its output on the terminal; answers its exit code. */
function run(/** @type {string} */ title, /** @type {string} */ command, /** @type {string[]} */ args, env = {}) {
	console.log(`\n▶ ${title}: ${command} ${args.join(' ')}`);
	return timed(title, () => {
		const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
		if (r.error) console.error(`  could not start ${command}: ${r.error.message}`);
		return r.status ?? 1;
	});
}

/** Prints the slowest entries of a report: [label, seconds] pairs. */
function printSlowest(/** @type {string} */ title, /** @type {[string, number][]} */ rows) {
	if (rows.length === 0) return;
	console.log(`\n  ${title}:`);
	for (const [label, seconds] of rows.sort((a, b) => b[1] - a[1]).slice(0, SLOWEST)) console.log(`  ${seconds.toFixed(1).padStart(7)} s  ${label}`);
}

/** Vitest's JSON report: one entry per file, with its start and end. */
function vitestFiles(/** @type {any} */ report) {
	return (report?.testResults ?? []).map(
		(/** @type {any} */ f) => /** @type {[string, number]} */ ([relative(root, f.name), (f.endTime - f.startTime) / 1000])
	);
}

/** Playwright's JSON report: every test of every project, with its duration. */
function playwrightTests(/** @type {any} */ report) {
	/** @type {[string, number][]} */
	const rows = [];
	const walk = (/** @type {any} */ suite) => {
		for (const spec of suite.specs ?? [])
			for (const t of spec.tests ?? []) {
				const ms = (t.results ?? []).reduce((/** @type {number} */ sum, /** @type {any} */ r) => sum + (r.duration ?? 0), 0);
				rows.push([`[${t.projectName}] ${spec.file}:${spec.line} ${spec.title}`, ms / 1000]);
			}
		for (const child of suite.suites ?? []) walk(child);
	};
	for (const suite of report?.suites ?? []) walk(suite);
	return rows;
}

function readJson(path) {
	if (!existsSync(path)) return undefined;
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch {
		return undefined;
	}
}

function finish(/** @type {string | undefined} */ failure) {
	rmSync(reports, { recursive: true, force: true });
	console.log('\n  gate times:');
	for (const g of gates) console.log(`  ${g.seconds.toFixed(1).padStart(7)} s  ${g.title}`);
	console.log(`  ${((Date.now() - startedAll) / 1000).toFixed(1).padStart(7)} s  in all`);
	if (failure) console.error(`\n✘ ${failure}`);
	else console.log('\n✔ all gates passed');
	console.log(`${totals.passed} passed, ${totals.failed} failed`);
	process.exit(failure ? 1 : 0);
}

// 1. Types. A failure here has no test count; the message says which gate stopped the run.
if (run('type check', 'npm', ['run', 'check:types']) !== 0) finish('type check failed (npm run check:types): fix the errors above.');
if (run('format and lint', 'npm', ['run', 'lint']) !== 0)
	finish('format or lint failed (npm run lint): `npm run format` fixes the formatting; fix the lint errors above.');

// 2. Vitest, with a JSON report beside the usual one for the count.
const vitestCode = run('unit and service tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const vitest = readJson(vitestJson);
printSlowest('slowest unit and service test files', vitestFiles(vitest));
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
console.log('\n▶ production build (reused when build/ was made from this source)');
const buildCode = timed('production build', () => {
	const { built, code } = ensureBuild(root, '  building: build/ is missing or was made from other source');
	if (!built) console.log('  build/ is current: reused');
	return code;
});
if (buildCode !== 0) finish('production build failed (npx vite build).');

// 4. Playwright; playwright.config.ts writes its JSON report where HEARTH_E2E_JSON says.
const playwrightCode = run('browser flows', 'npx', ['playwright', 'test'], { HEARTH_E2E_JSON: playwrightJson });
const playwright = readJson(playwrightJson);
printSlowest('slowest browser tests', playwrightTests(playwright));
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

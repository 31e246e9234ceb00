// Starts the built server (build/index.js) for one end-to-end run, in a data directory of its own.
// The directory is emptied first, so every run starts from a fresh instance. Everything the
// server prints is copied to <data dir>/stdout.log: on a fresh instance that is where the
// one-time setup code appears, and the setup flow reads it from there.
//
//   node tests/e2e/serve.js --port 4311 --data-dir /tmp/hearth-e2e/fresh-js [--demo]
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('../..', import.meta.url).pathname;
const { values } = parseArgs({
	options: {
		port: { type: 'string' },
		'data-dir': { type: 'string' },
		demo: { type: 'boolean', default: false }
	}
});
const port = values.port;
const dataDir = values['data-dir'];
if (port === undefined || dataDir === undefined) {
	console.error('usage: node tests/e2e/serve.js --port PORT --data-dir DIR [--demo]');
	process.exit(2);
}

const built = join(root, process.env.HEARTH_BUILD_DIR ?? 'build', 'index.js');
if (!existsSync(built)) {
	console.error('build/index.js is missing: the browser tests run against the built server. Run `npx vite build` first (`npm test` does).');
	process.exit(1);
}

/** Newest modification time under a path, to warn when the build is older than the source. */
function newest(/** @type {string} */ path) {
	if (!existsSync(path)) return 0;
	const s = statSync(path);
	if (!s.isDirectory()) return s.mtimeMs;
	let max = s.mtimeMs;
	for (const entry of readdirSync(path)) {
		// Generated on every compile, so it would always look newer than the build.
		if (entry === 'paraglide') continue;
		max = Math.max(max, newest(join(path, entry)));
	}
	return max;
}
if (statSync(built).mtimeMs < Math.max(newest(join(root, 'src')), newest(join(root, 'messages')))) {
	console.error('warning: build/ is older than src/ or messages/; the browser tests see the old build. Run `npx vite build`.');
}

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const log = createWriteStream(join(dataDir, 'stdout.log'));

const child = spawn(process.execPath, [built], {
	cwd: root,
	env: {
		...process.env,
		HEARTH_DATA_DIR: dataDir,
		HEARTH_DEMO: values.demo ? '1' : '0',
		// Warnings and errors still reach the test output; info lines would drown it.
		HEARTH_LOG_LEVEL: process.env.HEARTH_LOG_LEVEL ?? 'warn',
		PORT: port,
		HOST: '127.0.0.1',
		// Kit compares a form post's Origin header with this (CSRF check).
		ORIGIN: `http://localhost:${port}`
	},
	stdio: ['ignore', 'pipe', 'inherit']
});
child.stdout.on('data', (chunk) => {
	log.write(chunk);
	process.stdout.write(chunk);
});

let stopping = false;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
	process.on(signal, () => {
		stopping = true;
		child.kill(signal);
	});
}
child.on('exit', (code, signal) => {
	log.end();
	// Temporary instances leave nothing behind once the run is over.
	if (stopping) rmSync(dataDir, { recursive: true, force: true });
	process.exit(code ?? (signal ? 0 : 1));
});

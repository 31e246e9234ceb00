// Builds Hearth when build/ is missing or was built from other source than what is here now.
// Shared by `npm start`, `npm test` and `npm run bench`. The check is a hash of the build's
// inputs' contents (not their times: a checkout or a message compile touches files without
// changing them), written beside the build as build/.source-hash once a build succeeds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const INPUTS = ['src', 'messages', 'static', 'package-lock.json', 'svelte.config.js', 'vite.config.ts', 'paraglide.options.js', 'project.inlang/settings.json'];
// Generated (paraglide), installed (node_modules) or not part of the app (tests beside the code still are: they are cheap to hash).
const SKIP = new Set(['paraglide', 'node_modules', '.DS_Store']);

/** Build output directory, as svelte.config.js chooses it. */
function buildDir(/** @type {string} */ root) {
	return join(root, process.env.HEARTH_BUILD_DIR ?? 'build');
}

/** SHA-256 over every input file's path and bytes, in a fixed order. */
export function sourceHash(/** @type {string} */ root) {
	const hash = createHash('sha256');
	const add = (/** @type {string} */ path) => {
		if (!existsSync(path)) return;
		if (statSync(path).isDirectory()) {
			for (const entry of readdirSync(path).sort()) if (!SKIP.has(entry)) add(join(path, entry));
			return;
		}
		hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
	};
	for (const input of INPUTS) add(join(root, input));
	// The environment variables that change what the build contains.
	hash.update(`build=${process.env.HEARTH_BUILD_DIR ?? ''};kit=${process.env.HEARTH_KIT_DIR ?? ''}`);
	return hash.digest('hex');
}

/** Whether build/ holds a build of exactly this source. */
export function buildIsCurrent(/** @type {string} */ root) {
	const stamp = join(buildDir(root), '.source-hash');
	if (!existsSync(join(buildDir(root), 'index.js')) || !existsSync(stamp)) return false;
	return readFileSync(stamp, 'utf8').trim() === sourceHash(root);
}

/**
 * Runs `vite build` unless build/ is current. Answers whether it built and the build's exit code
 * (0 when nothing needed building).
 */
export function ensureBuild(/** @type {string} */ root, message = 'Building Hearth (first start or changed source)…') {
	if (buildIsCurrent(root)) return { built: false, code: 0 };
	console.log(message);
	// Hashed before the build, so an edit made while it runs makes the next check build again.
	const hash = sourceHash(root);
	const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) return { built: true, code: r.status ?? 1 };
	writeFileSync(join(buildDir(root), '.source-hash'), `${hash}\n`);
	return { built: true, code: 0 };
}

/** Like ensureBuild, but exits the process with the build's code if it fails. */
export function buildIfStale(/** @type {string} */ root, message = 'Building Hearth (first start or changed source)…') {
	const { code } = ensureBuild(root, message);
	if (code !== 0) process.exit(code);
}

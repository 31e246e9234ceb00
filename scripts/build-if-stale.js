// Builds Hearth when build/ is missing or older than anything it is made from.
// Shared by `npm start` and `npm run bench`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const INPUTS = ['src', 'messages', 'static', 'package-lock.json', 'svelte.config.js', 'vite.config.ts', 'project.inlang'];

function newest(path) {
	if (!existsSync(path)) return 0;
	const s = statSync(path);
	if (!s.isDirectory()) return s.mtimeMs;
	let max = s.mtimeMs;
	for (const entry of readdirSync(path)) {
		// Generated (paraglide) or installed (node_modules): not inputs of their own.
		if (entry === 'paraglide' || entry === 'node_modules') continue;
		max = Math.max(max, newest(join(path, entry)));
	}
	return max;
}

/** Runs `vite build` when needed; exits the process with the build's code if it fails. */
export function buildIfStale(root, message = 'Building Hearth (first start or changed source)…') {
	const built = join(root, 'build', 'index.js');
	const sources = Math.max(...INPUTS.map((p) => newest(join(root, p))));
	if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
	console.log(message);
	const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

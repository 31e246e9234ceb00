// `npm start`: builds Hearth when the build is missing or older than the source, then runs it.
// `npm run demo` (or `--demo`) starts the demo network in its own database instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const demo = process.argv.includes('--demo');

function newest(path) {
	if (!existsSync(path)) return 0;
	const s = statSync(path);
	if (!s.isDirectory()) return s.mtimeMs;
	let max = s.mtimeMs;
	for (const entry of readdirSync(path)) {
		if (entry === 'paraglide' || entry === 'node_modules') continue;
		max = Math.max(max, newest(join(path, entry)));
	}
	return max;
}

const built = join(root, 'build', 'index.js');
const sources = Math.max(
	...['src', 'messages', 'static', 'package-lock.json', 'svelte.config.js', 'vite.config.ts'].map((p) => newest(join(root, p)))
);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
	console.log('Building Hearth (first start or changed source)…');
	const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

const env = { ...process.env, HEARTH_DEMO: demo ? '1' : (process.env.HEARTH_DEMO ?? '0') };
env.PORT ??= '3000';
// Kit needs to know the public origin to check where form posts come from (CSRF).
env.ORIGIN ??= `http://localhost:${env.PORT}`;
console.log(`Hearth is starting on ${env.ORIGIN}${demo ? ' (demo)' : ''}`);
const child = spawn(process.execPath, [built], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));

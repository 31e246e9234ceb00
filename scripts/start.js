// `npm start`: builds Hearth when the build is missing or older than the source, then runs it.
// `npm run demo` (or `--demo`) starts the demo network in its own database instead.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale } from './build-if-stale.js';

const root = new URL('..', import.meta.url).pathname;
const demo = process.argv.includes('--demo');

buildIfStale(root);

const env = { ...process.env, HEARTH_DEMO: demo ? '1' : (process.env.HEARTH_DEMO ?? '0') };
env.PORT ??= '3000';
// Kit needs to know the public origin to check where form posts come from (CSRF).
env.ORIGIN ??= `http://localhost:${env.PORT}`;
console.log(`Hearth is starting on ${env.ORIGIN}${demo ? ' (demo)' : ''}`);
const child = spawn(process.execPath, [join(root, 'scripts', 'server.js')], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));

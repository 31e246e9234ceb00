// `npm run bench`: page weight of every page a demo user can reach, then a short load test.
// Prints tables and writes docs/PERFORMANCE.md. It measures; it never fails on a number.
//
//   npm run bench                      (10 s per load target, 10 connections)
//   npm run bench -- --duration 3      (shorter load phase, e.g. while working on it)
import { spawn, spawnSync } from 'node:child_process';
import { buildIfStale } from '../scripts/build-if-stale.js';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { BENCH_USER, LOAD_TARGETS, PUBLIC_ROUTES, SIGNED_IN_ROUTES } from './routes.js';

const root = new URL('..', import.meta.url).pathname;
const { values: args } = parseArgs({
	options: {
		duration: { type: 'string', default: '10' },
		connections: { type: 'string', default: '10' },
		'no-write': { type: 'boolean', default: false }
	}
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
if (!(DURATION > 0 && DURATION <= 60 && CONNECTIONS > 0 && CONNECTIONS <= 100)) {
	console.error('--duration must be 1–60 seconds and --connections 1–100');
	process.exit(2);
}
const command = process.argv.length > 2 ? `npm run bench -- ${process.argv.slice(2).join(' ')}` : 'npm run bench';

// A first visit should stay light on a cheap phone over a slow link.
const BUDGET_BYTES = 25 * 1024;
const BUDGET_REQUESTS = 1;

// ── build and server ──────────────────────────────────────────────────────────────────────────

function buildIfNeeded() {
	buildIfStale(root, 'Building (the build is missing or older than the source)…');
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** Starts the built server in demo mode on a fresh data directory; resolves once it answers. */
async function startServer() {
	const dataDir = mkdtempSync(join(os.tmpdir(), 'hearth-bench-'));
	const port = await freePort();
	const origin = `http://localhost:${port}`;
	let output = '';
	const child = spawn(process.execPath, [join(root, process.env.HEARTH_BUILD_DIR ?? 'build', 'index.js')], {
		cwd: root,
		env: {
			...process.env,
			HEARTH_DATA_DIR: dataDir,
			HEARTH_DEMO: '1',
			HEARTH_LOG_LEVEL: 'warn',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: origin
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	child.stdout.on('data', (chunk) => {
		output += chunk;
	});
	const stop = () => {
		child.kill('SIGTERM');
		rmSync(dataDir, { recursive: true, force: true });
	};
	process.on('exit', stop);
	for (let i = 0; i < 200; i++) {
		if (child.exitCode !== null) throw new Error(`the server exited (code ${child.exitCode}) before answering`);
		try {
			await get(`${origin}/`);
			return { origin, output: () => output, stop };
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	throw new Error('the server did not answer within 20 s');
}

// ── HTTP without decompression, so sizes are what crossed the wire ─────────────────────────────

/** One request over plain node:http (fetch would decompress and hide the on-the-wire size). */
function request(url, { method = 'GET', headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, headers: { 'accept-encoding': 'gzip', ...headers }, agent: false }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.setTimeout(15_000, () => req.destroy(new Error(`timeout: ${url}`)));
		if (body) req.write(body);
		req.end();
	});
}

const get = (url, headers) => request(url, { headers });

/** Bytes on the wire for a body: as served when compressed, else what gzip would make of it. */
function wireSize(res) {
	const encoding = String(res.headers['content-encoding'] ?? '');
	if (encoding === 'gzip' || encoding === 'br') return { bytes: res.body.length, served: true };
	return { bytes: gzipSync(res.body, { level: 6 }).length, served: false, raw: res.body.length };
}

// ── sign in as the demo admin through the real form ───────────────────────────────────────────

function demoPassphrase(output, username) {
	const line = output.split('\n').find((l) => l.trim().startsWith(`${username} `));
	return line?.trim().split(/\s+/)[1];
}

async function signIn(origin, output) {
	const passphrase = demoPassphrase(output, BENCH_USER);
	if (!passphrase) return { cookie: null, why: `no passphrase for ${BENCH_USER} in the demo server's output` };
	const form = new URLSearchParams({ username: BENCH_USER, passphrase, redirectTo: '/' }).toString();
	const res = await request(`${origin}/signin`, {
		method: 'POST',
		// Kit refuses form posts without a matching Origin (CSRF check).
		// Posted as a browser without JavaScript would; Kit answers scripted posts with JSON instead.
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(form)) },
		body: form
	});
	const setCookies = [res.headers['set-cookie'] ?? []].flat();
	const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
	if (res.status !== 303 || !/hearth_session=/.test(cookie)) return { cookie: null, why: `POST /signin answered ${res.status} without a session cookie` };
	return { cookie, why: '' };
}

// ── page weight ───────────────────────────────────────────────────────────────────────────────

function attr(tag, name) {
	const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
	return m ? (m[1] ?? m[2] ?? m[3] ?? '').replace(/&amp;/g, '&') : undefined;
}

/** Same-origin subresources a browser would fetch for this HTML on a first visit. */
function subresources(html, base, linkHeader) {
	const found = [];
	const add = (href, kind) => {
		if (!href || href.startsWith('data:') || href.startsWith('#')) return;
		const url = new URL(href, base);
		if (url.origin === new URL(base).origin) found.push({ url: url.href, kind });
	};
	for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
		const rel = (attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
		const as = (attr(tag, 'as') ?? '').toLowerCase();
		// A disabled stylesheet link is not fetched (HTML §4.6.7, "disabled"): Kit leaves one for
		// each stylesheet it inlined, for client-side navigation, which these pages do not use.
		if (rel.includes('stylesheet') && /\sdisabled(?=[\s=>/])/i.test(tag)) continue;
		if (rel.includes('stylesheet')) add(attr(tag, 'href'), 'css');
		else if (rel.includes('modulepreload')) add(attr(tag, 'href'), 'js');
		else if (rel.includes('preload')) add(attr(tag, 'href'), as === 'style' ? 'css' : as === 'script' ? 'js' : 'other');
		else if (rel.includes('icon')) add(attr(tag, 'href'), 'other');
	}
	for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) add(attr(tag, 'src'), 'js');
	for (const tag of html.match(/<img\b[^>]*>/gi) ?? []) add(attr(tag, 'src'), 'other');
	// Kit also announces preloads in a Link header; a browser may act on either.
	for (const part of String(linkHeader ?? '').split(',')) {
		const href = /<([^>]+)>/.exec(part)?.[1];
		if (href && /rel="?(?:preload|modulepreload)/.test(part))
			add(href, /as="?style/.test(part) ? 'css' : /as="?script|modulepreload/.test(part) ? 'js' : 'other');
	}
	return found;
}

/** url(...) and @import targets inside a stylesheet (fonts, images). */
function cssReferences(css, base) {
	const refs = [];
	for (const m of css.matchAll(/url\(\s*(?:"([^"]+)"|'([^']+)'|([^)\s]+))\s*\)|@import\s+["']([^"']+)["']/g)) {
		const href = m[1] ?? m[2] ?? m[3] ?? m[4];
		if (!href || href.startsWith('data:') || href.startsWith('#')) continue;
		const url = new URL(href, base);
		if (url.origin === new URL(base).origin) refs.push({ url: url.href, kind: m[4] ? 'css' : 'other' });
	}
	return refs;
}

/** The body as text for parsing; only gzip is asked for, so only gzip needs undoing. */
function decoded(res) {
	return String(res.headers['content-encoding'] ?? '') === 'gzip' ? gunzipSync(res.body) : res.body;
}

async function weigh(origin, path, cookie) {
	const headers = { 'user-agent': 'hearth-bench', accept: 'text/html', ...(cookie ? { cookie } : {}) };
	const doc = await get(`${origin}${path}`, headers);
	if (doc.status !== 200) {
		const where = doc.headers.location ? ` → ${doc.headers.location}` : '';
		return { path, status: doc.status, note: `${doc.status}${where}` };
	}
	const html = decoded(doc).toString('utf8');
	const docSize = wireSize(doc);
	const row = { path, status: 200, html: docSize.bytes, css: 0, js: 0, other: 0, requests: 0, uncompressed: docSize.served ? [] : ['html'] };
	const queue = subresources(html, `${origin}${path}`, doc.headers.link);
	const seen = new Set();
	while (queue.length > 0) {
		const next = queue.shift();
		if (!next || seen.has(next.url)) continue;
		seen.add(next.url);
		const res = await get(next.url, cookie ? { cookie } : {});
		row.requests++;
		const size = wireSize(res);
		row[next.kind] += size.bytes;
		if (!size.served && !row.uncompressed.includes(next.kind)) row.uncompressed.push(next.kind);
		if (next.kind === 'css' && res.status === 200) queue.push(...cssReferences(decoded(res).toString('utf8'), next.url));
	}
	row.total = row.html + row.css + row.js + row.other;
	row.flags = [row.total > BUDGET_BYTES ? `over ${BUDGET_BYTES / 1024} KB` : '', row.requests > BUDGET_REQUESTS ? `${row.requests} extra requests` : ''].filter(
		Boolean
	);
	return row;
}

// ── load ──────────────────────────────────────────────────────────────────────────────────────

function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** autocannon on loopback; latencies are collected per response so p95 is exact (autocannon reports p97.5, not p95). */
function load(url, cookie) {
	return new Promise((resolve, reject) => {
		const latencies = [];
		const instance = autocannon(
			{ url, connections: CONNECTIONS, duration: DURATION, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } },
			(err, result) => {
				if (err) return reject(err);
				latencies.sort((a, b) => a - b);
				resolve({
					rps: result.requests.average,
					total: result.requests.total,
					non2xx: result.non2xx,
					errors: result.errors + result.timeouts,
					p50: percentile(latencies, 50),
					p95: percentile(latencies, 95),
					p99: percentile(latencies, 99)
				});
			}
		);
		instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
	});
}

// ── output ────────────────────────────────────────────────────────────────────────────────────

const kb = (n) => (n === undefined ? '' : (n / 1024).toFixed(1));

function table(headers, rows) {
	const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
	return [line(headers), `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

function gitDescribe() {
	const rev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
	const dirty = spawnSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).stdout.trim() !== '';
	return rev ? `${rev}${dirty ? ' with uncommitted changes' : ''}` : 'unknown';
}

async function main() {
	buildIfNeeded();
	const server = await startServer();
	const { origin } = server;
	console.log(`Demo server on ${origin}\n`);

	const session = await signIn(origin, server.output());
	if (!session.cookie) console.warn(`warning: could not sign in as ${BENCH_USER} (${session.why}); signed-in pages are skipped.\n`);

	const weights = [];
	for (const path of PUBLIC_ROUTES) weights.push({ who: 'visitor', ...(await weigh(origin, path, null)) });
	for (const path of SIGNED_IN_ROUTES) {
		weights.push(
			session.cookie ? { who: BENCH_USER, ...(await weigh(origin, path, session.cookie)) } : { who: BENCH_USER, path, status: 0, note: 'not signed in' }
		);
	}

	const uncompressed = [...new Set(weights.flatMap((w) => w.uncompressed ?? []))];
	const weightRows = weights.map((w) =>
		w.status === 200
			? [w.path, w.who, kb(w.html), kb(w.css), kb(w.js), kb(w.other), kb(w.total), w.requests, w.flags.join(', ') || 'ok']
			: [w.path, w.who, '', '', '', '', '', '', `not measured (${w.note})`]
	);
	const weightTable = table(['page', 'as', 'HTML KB', 'CSS KB', 'JS KB', 'other KB', 'total KB', 'extra requests', 'budget'], weightRows);
	const compressionNote =
		uncompressed.length === 0
			? 'Every response was served gzip-compressed; sizes are bodies as served.'
			: `The server did not compress ${uncompressed.join(', ')} responses; for those the table shows what gzip (level 6) makes of the body, i.e. the size behind a compressing proxy, not what this server sends. Other sizes are bodies as served (gzip).`;
	console.log(weightTable);
	console.log(`\nBudget: at most ${BUDGET_BYTES / 1024} KB (${BUDGET_BYTES} bytes) and ${BUDGET_REQUESTS} request beyond the document, on a first visit.`);
	console.log(compressionNote);

	const loads = [];
	for (const target of LOAD_TARGETS) {
		if (target.signedIn && !session.cookie) {
			loads.push({ ...target, skipped: 'not signed in' });
			continue;
		}
		const probe = await get(`${origin}${target.path}`, target.signedIn && session.cookie ? { cookie: session.cookie } : {});
		if (probe.status !== 200) {
			loads.push({ ...target, skipped: `answers ${probe.status}` });
			continue;
		}
		console.log(`\nLoad: ${target.path}${target.signedIn ? ' (signed in)' : ''}, ${CONNECTIONS} connections, ${DURATION} s…`);
		loads.push({ ...target, ...(await load(`${origin}${target.path}`, target.signedIn ? session.cookie : null)) });
	}
	const ms = (n) => (Number.isFinite(n) ? n.toFixed(1) : '');
	const loadRows = loads.map((l) =>
		l.skipped
			? [l.path, l.signedIn ? BENCH_USER : 'visitor', '', '', '', '', '', `skipped (${l.skipped})`]
			: [
					l.path,
					l.signedIn ? BENCH_USER : 'visitor',
					Math.round(l.rps),
					ms(l.p50),
					ms(l.p95),
					ms(l.p99),
					l.total,
					l.non2xx || l.errors ? `${l.non2xx} non-2xx, ${l.errors} errors` : 'ok'
				]
	);
	const loadTable = table(['page', 'as', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'requests', 'answers'], loadRows);
	console.log(`\n${loadTable}`);

	server.stop();

	const machine = `${os.availableParallelism()} cores (nproc), ${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
	const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
	const doc = `# Performance

Figures from \`bench/run.js\`. They describe one machine on one day; compare runs on the same
machine, and read them as a trend, not a promise. Tests never assert on timings.

- Date: ${date}
- Machine: ${machine}
- Code: ${gitDescribe()}
- Command: \`${command}\`
- Server: the production build (\`node build/index.js\`), demo network, SQLite, on loopback; the
  load generator runs on the same machine and competes with the server for its cores.

## Page weight on a first visit

Every page the demo reaches, fetched like a first visit (empty cache) with \`accept-encoding: gzip\`,
with every same-origin stylesheet, script, module preload, image and font it links. Signed-in pages
are fetched as ${BENCH_USER}, after a real sign-in through the /signin form. Sizes are response
bodies (headers not counted). Budget: at most ${BUDGET_BYTES / 1024} KB and ${BUDGET_REQUESTS} request beyond the document.

${compressionNote}

${weightTable}

## Load

[autocannon](https://github.com/mcollina/autocannon), ${CONNECTIONS} connections for ${DURATION} s per page, over loopback.
Latency percentiles are computed from every response's time.

${loadTable}

## Re-running

\`\`\`sh
${command}
\`\`\`

It builds first when \`build/\` is missing or older than the source, starts the demo on a temporary
data directory and a free port, and removes both afterwards. Add pages to \`bench/routes.js\`.
`;
	if (!args['no-write']) {
		mkdirSync(join(root, 'docs'), { recursive: true });
		const file = join(root, 'docs', 'PERFORMANCE.md');
		// Other benches (bench/matching.ts, …) record their own sections here: keep them.
		const ours = new Set(['Page weight on a first visit', 'Load', 'Re-running']);
		const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
		const kept = previous
			.split(/^(?=## )/m)
			.slice(1)
			.filter((section) => !ours.has(section.slice(3, section.indexOf('\n')).trim()));
		writeFileSync(file, [doc.trimEnd(), ...kept.map((k) => k.trimEnd())].join('\n\n') + '\n');
		console.log('\nWrote docs/PERFORMANCE.md');
	}
}

main().catch((e) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});

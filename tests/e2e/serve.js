// Starts the built server (scripts/server.js over build/index.js) for one end-to-end run, in a data directory of its own.
// The directory is emptied first, so every run starts from a fresh instance. Everything the
// server prints is copied to <data dir>/stdout.log: on a fresh instance that is where the
// one-time setup code appears, and the setup flow reads it from there.
//
//   node tests/e2e/serve.js --port 4311 --data-dir /tmp/hearth-e2e/fresh-js [--demo]
//        [--postgres] [--processes 2] [--smtp-port 4315]
//
// --postgres     the instance runs on a PostgreSQL database of its own, made on the server that
//                TEST_DATABASE_URL names (default postgres://postgres@127.0.0.1:5432/test) and
//                dropped when the run ends; otherwise on SQLite in the data directory.
// --processes N  N app processes on one database, on ports PORT, PORT+1, …: the second starts
//                once the first answers (it migrates and seeds), all share one instance secret.
// --smtp-port P  a real SMTP server (the smtp-server package) on 127.0.0.1:P beside the instance,
//                which is configured to send through it; each message it accepts is written to
//                <data dir>/mail/<n>.json (envelope and raw message) for the flows to read.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { buildIsCurrent } from '../../scripts/build-if-stale.js';

const root = new URL('../..', import.meta.url).pathname;
const { values } = parseArgs({
	options: {
		port: { type: 'string' },
		'data-dir': { type: 'string' },
		demo: { type: 'boolean', default: false },
		postgres: { type: 'boolean', default: false },
		processes: { type: 'string', default: '1' },
		'smtp-port': { type: 'string' },
		'https-origin': { type: 'boolean', default: false }
	}
});
const port = Number(values.port);
const dataDir = values['data-dir'] ?? '';
const processes = Number(values.processes);
if (!Number.isInteger(port) || dataDir === '' || !Number.isInteger(processes) || processes < 1) {
	console.error('usage: node tests/e2e/serve.js --port PORT --data-dir DIR [--demo] [--postgres] [--processes N] [--smtp-port PORT] [--https-origin]');
	process.exit(2);
}

const built = join(root, process.env.HEARTH_BUILD_DIR ?? 'build', 'index.js');
if (!existsSync(built)) {
	console.error('build/index.js is missing: the browser tests run against the built server. Run `npx vite build` first (`npm test` does).');
	process.exit(1);
}
if (!buildIsCurrent(root)) {
	console.error('warning: build/ was not made from this source; the browser tests see an old build. `npm test` rebuilds it.');
}

rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const log = createWriteStream(join(dataDir, 'stdout.log'));

/** @type {{ url: string, database: string } | undefined} */
let pgDatabase;
if (values.postgres) {
	const server = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
	const database = `hearth_e2e_${values.demo ? 'demo' : 'fresh'}_${port}`;
	const admin = new pg.Client({ connectionString: server.href });
	await admin.connect();
	await admin.query(`drop database if exists ${database} with (force)`);
	await admin.query(`create database ${database}`);
	await admin.end();
	const url = new URL(server.href);
	url.pathname = `/${database}`;
	pgDatabase = { url: url.href, database };
}

/** @type {SMTPServer | undefined} */
let smtp;
if (values['smtp-port'] !== undefined) {
	const mailDir = join(dataDir, 'mail');
	mkdirSync(mailDir, { recursive: true });
	let received = 0;
	smtp = new SMTPServer({
		logger: false,
		disabledCommands: ['STARTTLS', 'AUTH'],
		authOptional: true,
		onData(stream, session, callback) {
			/** @type {Buffer[]} */
			const chunks = [];
			stream.on('data', (c) => chunks.push(c));
			stream.on('end', () => {
				received += 1;
				const from = session.envelope.mailFrom;
				const message = {
					envelopeFrom: from ? from.address : '',
					envelopeTo: session.envelope.rcptTo.map((r) => r.address),
					raw: Buffer.concat(chunks).toString('latin1')
				};
				// Written whole, then visible: a reader never sees half a message.
				const name = String(received).padStart(5, '0');
				writeFileSync(join(mailDir, `.${name}.tmp`), JSON.stringify(message));
				renameSync(join(mailDir, `.${name}.tmp`), join(mailDir, `${name}.json`));
				callback(null, 'Queued');
			});
		}
	});
	const s = smtp;
	await new Promise((resolve, reject) => {
		s.listen(Number(values['smtp-port']), '127.0.0.1', () => resolve(undefined));
		s.server.once('error', reject);
	});
}

// Several processes are one instance: one secret, one database, one origin each.
const secret = randomBytes(32).toString('hex');
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let stopping = false;

function startProcess(/** @type {number} */ index) {
	const own = port + index;
	const child = spawn(process.execPath, [join(root, 'scripts', 'server.js')], {
		cwd: root,
		env: {
			...process.env,
			HEARTH_DATA_DIR: dataDir,
			HEARTH_DEMO: values.demo ? '1' : '0',
			HEARTH_SECRET: secret,
			...(pgDatabase ? { DATABASE_URL: pgDatabase.url } : {}),
			...(smtp ? { HEARTH_SMTP_URL: `smtp://127.0.0.1:${values['smtp-port']}`, HEARTH_MAIL_FROM: 'Hearth <hearth@e2e.example.org>' } : {}),
			// Warnings and errors still reach the test output; info lines would drown it.
			HEARTH_LOG_LEVEL: process.env.HEARTH_LOG_LEVEL ?? 'warn',
			PORT: String(own),
			HOST: '127.0.0.1',
			// Kit compares a form post's Origin header with this (CSRF check). --https-origin: the
			// instance stands behind a TLS proxy that forwards plain http.
			ORIGIN: `${values['https-origin'] ? 'https' : 'http'}://localhost:${own}`
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	child.stdout?.on('data', (chunk) => {
		log.write(chunk);
		process.stdout.write(chunk);
	});
	child.on('exit', (code, signal) => {
		if (!stopping) {
			console.error(`hearth process ${index + 1} of ${processes} (port ${own}) exited (${signal ?? code}); stopping the others`);
			void stop(code ?? 1);
		}
	});
	children.push(child);
	return own;
}

/** Resolves once the process on `own` answers HTTP (it has migrated, seeded and is listening). */
async function answered(/** @type {number} */ own) {
	for (let i = 0; i < 600 && !stopping; i++) {
		try {
			await fetch(`http://127.0.0.1:${own}/`, { redirect: 'manual' });
			return;
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	throw new Error(`hearth on port ${own} did not answer within a minute`);
}

async function stop(/** @type {number} */ code) {
	if (stopping) return;
	stopping = true;
	await Promise.all(
		children.map(
			(child) =>
				new Promise((resolve) => {
					if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
					child.once('exit', () => resolve(undefined));
					child.kill('SIGTERM');
				})
		)
	);
	log.end();
	smtp?.close();
	if (pgDatabase) {
		const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
		try {
			await admin.connect();
			await admin.query(`drop database if exists ${pgDatabase.database} with (force)`);
		} catch (e) {
			console.error(`could not drop ${pgDatabase.database}: ${e instanceof Error ? e.message : String(e)}`);
		} finally {
			await admin.end().catch(() => {});
		}
	}
	// Temporary instances leave nothing behind once the run is over.
	rmSync(dataDir, { recursive: true, force: true });
	process.exit(code);
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => void stop(0));

// The first process migrates (and seeds the demo); the others start once it answers.
await answered(startProcess(0));
for (let i = 1; i < processes; i++) await answered(startProcess(i));

import { availableParallelism } from 'node:os';
import { WorkLimiter } from './auth/work-limit';
import { loadConfig, type Config } from './config';
import type { Ctx } from './context';
import { migrateToLatest, openDatabase, type DbHandle } from './db/index';
import { createLogger } from './log';
import { loadOrCreateSecret, SECRET_FILE, secretsFromMaster } from './privacy/secret';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_OTHER, DEMO_PEOPLE, seedDemo } from './instance/demo';
import { checkInstanceKey, isDemoInstance, issueSetupCode, SETUP_CODE_HOURS } from './instance/instance.service';
import { PERIODIC_JOBS } from './maintenance';
import type { JobHandler } from './jobs/jobs.service';
import { keepRoundsQueued, periodicHandlers } from './jobs/periodic';
import { runWorker } from './jobs/worker';
import type { Mailer } from './notify/email';
import { createMailer } from './notify/email';
import { EMAIL_NOTIFICATION_JOB, emailNotificationHandler } from './notify/notify.service';

export interface App {
	ctx: Ctx;
	config: Config;
	handle: DbHandle;
}

let running: Promise<App> | undefined;

/** The running instance (started once per process by the server's init hook). */
export function app(): Promise<App> {
	running ??= startApp(process.env);
	return running;
}

/**
 * Passphrase hashes (argon2id, 19 MiB each) at once per process: one per core. Up to eight per
 * core more wait, a few hundred milliseconds at most; a sign-in beyond that is answered 503
 * with Retry-After at once instead of queueing without end.
 */
const PASSPHRASE_CONCURRENCY = Math.max(1, availableParallelism());
const PASSPHRASE_WAITING = 8 * PASSPHRASE_CONCURRENCY;

/**
 * Start-up: validate configuration, load or create the instance secret, open the database,
 * apply migrations, then either seed the demo or print the first-run setup code.
 */
export async function startApp(env: Record<string, string | undefined>): Promise<App> {
	const config = loadConfig(env);
	const log = createLogger(config.logLevel);
	const { master, created } = loadOrCreateSecret(config.dataDir, config.secretHex);
	if (created) log.info('created a new instance secret', { file: `${config.dataDir}/instance.key` });
	const handle = openDatabase(config.database);
	const applied = await migrateToLatest(handle.db);
	if (applied.length > 0) log.info('database migrated', { applied, dialect: handle.dialect });
	const ctx: Ctx = {
		db: handle.db,
		dialect: handle.dialect,
		secrets: secretsFromMaster(master),
		config,
		now: () => new Date(),
		log,
		passphraseWork: new WorkLimiter(PASSPHRASE_CONCURRENCY, PASSPHRASE_WAITING)
	};
	const keyFile = join(config.dataDir, SECRET_FILE);
	try {
		await checkInstanceKey(ctx, config.secretHex !== undefined ? 'HEARTH_SECRET' : keyFile);
	} catch (e) {
		await handle.close();
		// A key made just now for a database sealed with another: leave the place free for the right one.
		if (created) rmSync(keyFile, { force: true });
		throw e;
	}
	const demoDb = await isDemoInstance(ctx);
	if (demoDb && !config.demo) {
		throw new Error(
			'This database holds the demo network, whose passphrases are public. Start it with `npm run demo`, or point DATABASE_URL/HEARTH_DATA_DIR elsewhere.'
		);
	}
	if (config.demo) {
		if (!demoDb && !(await seedDemo(ctx))) {
			throw new Error('HEARTH_DEMO is set but this database already holds real accounts; the demo needs its own database.');
		}
		const lines = [...DEMO_PEOPLE, { ...DEMO_OTHER, role: 'admin of Eastgate Tenants', status: 'active' }].map(
			(p) => `    ${p.username.padEnd(14)} ${p.passphrase.padEnd(22)} ${p.role}${p.status === 'pending' ? ' (waiting for approval)' : ''}`
		);
		console.log(`\n  Hearth demo — sign in as any of these (demo passphrases, valid only in demo mode):\n${lines.join('\n')}\n`);
	} else {
		const issued = await issueSetupCode(ctx);
		if (issued !== null && 'code' in issued) {
			console.log(`\n  Welcome to Hearth. Open the site and finish setup with this one-time code:\n\n      ${issued.code}\n`);
		} else if (issued !== null) {
			console.log(
				`\n  Welcome to Hearth. A setup code was issued at ${issued.issuedAt.toISOString()} by another process (or an earlier start) of this instance;` +
					`\n  it stays good for ${SETUP_CODE_HOURS} hours. To get a fresh one, run: npm run setup:code\n`
			);
		}
	}
	const stop = new AbortController();
	process.once('sveltekit:shutdown', () => stop.abort());
	startJobWorker(ctx, instanceJobHandlers(config.mail ? createMailer(config.mail) : undefined), { signal: stop.signal });
	return { ctx, config, handle };
}

/** How often an idle worker looks for due jobs; claiming is cheap (one indexed statement). */
const WORKER_POLL_MS = 5000;
/** How often a process makes sure the current periodic rounds are enqueued. */
const ROUNDS_TICK_MS = 60 * 1000;

/**
 * The job handlers of this instance: the periodic housekeeping always, email only when SMTP is
 * configured (without a handler, email jobs wait in the table for an instance that can send).
 */
export function instanceJobHandlers(mailer: Mailer | undefined): Map<string, JobHandler> {
	const handlers = periodicHandlers(PERIODIC_JOBS);
	if (mailer) handlers.set(EMAIL_NOTIFICATION_JOB, emailNotificationHandler(mailer));
	return handlers;
}

/**
 * Runs this process's job worker, and keeps the periodic rounds enqueued. Every process runs one,
 * mail or no mail; the database makes sure each job (and each round) is claimed by one. It stops
 * claiming when `signal` aborts (the Node adapter's shutdown on SIGINT/SIGTERM); a job cut off by
 * the exit is dealt with by the next worker once its lock expires.
 */
export function startJobWorker(
	ctx: Ctx,
	handlers: Map<string, JobHandler>,
	opts: { signal: AbortSignal; pollMs?: number; tickMs?: number }
): { stopped: Promise<void> } {
	const periodic = PERIODIC_JOBS.filter((job) => handlers.has(job.kind));
	const logStop = (what: string) => (e: unknown) => ctx.log.error(`${what} stopped`, { error: e instanceof Error ? e.message : String(e) });
	const rounds = keepRoundsQueued(ctx, periodic, { signal: opts.signal, tickMs: opts.tickMs ?? ROUNDS_TICK_MS }).catch(logStop('periodic rounds'));
	const worker = runWorker(ctx, handlers, { signal: opts.signal, pollMs: opts.pollMs ?? WORKER_POLL_MS }).catch(logStop('job worker'));
	ctx.log.info('job worker started', { kinds: [...handlers.keys()] });
	return { stopped: Promise.all([rounds, worker]).then(() => undefined) };
}

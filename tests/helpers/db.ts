import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Ctx } from '../../src/lib/server/context';
import { migrateToLatest, openDatabase, type DbHandle, type DialectName } from '../../src/lib/server/db/index';
import { createPgDatabase, dropPgDatabase, pgDatabaseUrl } from './pg-admin';
import { createLogger } from '../../src/lib/server/log';
import { secretsFromMaster } from '../../src/lib/server/privacy/secret';

export { DIALECTS, PG_URL } from './pg-admin';

/**
 * A migrated SQLite file, made once per test worker; each test database is a copy of it. The
 * handle is closed before copying, so the file holds everything (no write-ahead log beside it).
 */
let sqliteTemplate: string | undefined;
async function sqliteTemplateFile(): Promise<string> {
	if (sqliteTemplate === undefined) {
		const file = join(mkdtempSync(join(tmpdir(), 'hearth-tpl-')), 'template.sqlite');
		const handle = openDatabase({ kind: 'sqlite', file });
		await migrateToLatest(handle.db);
		await handle.close();
		sqliteTemplate = file;
		process.once('exit', () => rmSync(join(file, '..'), { recursive: true, force: true }));
	}
	return sqliteTemplate;
}

export interface TestClock {
	now: () => Date;
	set(date: Date | string): void;
	advance(ms: number): void;
}

export function testClock(start = '2026-11-25T12:00:00.000Z'): TestClock {
	let t = new Date(start).getTime();
	return {
		now: () => new Date(t),
		set: (d) => {
			t = new Date(d).getTime();
		},
		advance: (ms) => {
			t += ms;
		}
	};
}

export interface TestDb {
	ctx: Ctx;
	clock: TestClock;
	handle: DbHandle;
	/** Opens a second, independent connection to the same database (another "process"). */
	openAnother(): DbHandle;
	/** Path of the SQLite file, for tests that read the raw bytes. */
	sqliteFile?: string;
	close(): Promise<void>;
}

/** A freshly migrated database of the given dialect, with a controllable clock. */
export async function createTestDb(dialect: DialectName, opts: { sessionDays?: number; poolSize?: number } = {}): Promise<TestDb> {
	const clock = testClock();
	let handle: DbHandle;
	let cleanup: () => Promise<void>;
	let openAnother: () => DbHandle;
	let sqliteFile: string | undefined;
	if (dialect === 'sqlite') {
		const dir = mkdtempSync(join(tmpdir(), 'hearth-test-'));
		const file = join(dir, 'test.sqlite');
		copyFileSync(await sqliteTemplateFile(), file);
		sqliteFile = file;
		handle = openDatabase({ kind: 'sqlite', file });
		openAnother = () => openDatabase({ kind: 'sqlite', file });
		cleanup = async () => rmSync(dir, { recursive: true, force: true });
	} else {
		const template = inject('pgTemplate');
		if (!template) throw new Error('no PostgreSQL template database: tests/helpers/global-setup.ts did not run (see vite.config.ts)');
		const name = `t_${randomBytes(6).toString('hex')}`;
		await createPgDatabase(name, template);
		const target = { kind: 'postgres' as const, url: pgDatabaseUrl(name), poolSize: opts.poolSize ?? 10 };
		handle = openDatabase(target);
		openAnother = () => openDatabase(target);
		cleanup = () => dropPgDatabase(name);
	}
	// Copies of a migrated template: migrating again finds nothing to do, and proves it.
	const applied = await migrateToLatest(handle.db);
	if (applied.length > 0) throw new Error(`the template was not fully migrated: ${applied.join(', ')}`);
	const ctx: Ctx = {
		db: handle.db,
		dialect,
		secrets: secretsFromMaster(randomBytes(32)),
		config: { sessionDays: opts.sessionDays ?? 30, demo: false },
		now: clock.now,
		log: createLogger('error')
	};
	return {
		ctx,
		clock,
		handle,
		openAnother,
		sqliteFile,
		close: async () => {
			await handle.close();
			await cleanup();
		}
	};
}

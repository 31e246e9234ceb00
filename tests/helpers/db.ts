import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Ctx } from '../../src/lib/server/context';
import { migrateToLatest, openDatabase, type DbHandle, type DialectName } from '../../src/lib/server/db/index';
import { createLogger } from '../../src/lib/server/log';
import { secretsFromMaster } from '../../src/lib/server/privacy/secret';

/**
 * Service tests run against real databases: SQLite always, PostgreSQL too unless
 * HEARTH_TEST_PG=off is set on purpose. An unreachable PostgreSQL fails the run rather
 * than silently testing less.
 */
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const DIALECTS: DialectName[] = process.env.HEARTH_TEST_PG === 'off' ? ['sqlite'] : ['sqlite', 'postgres'];

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
	let schemaName: string | undefined;
	if (dialect === 'sqlite') {
		const dir = mkdtempSync(join(tmpdir(), 'hearth-test-'));
		const file = join(dir, 'test.sqlite');
		sqliteFile = file;
		handle = openDatabase({ kind: 'sqlite', file });
		openAnother = () => openDatabase({ kind: 'sqlite', file });
		cleanup = async () => rmSync(dir, { recursive: true, force: true });
	} else {
		const schema = `t_${randomBytes(6).toString('hex')}`;
		schemaName = schema;
		const admin = new pg.Client({ connectionString: PG_URL });
		await admin.connect();
		await admin.query(`create schema ${schema}`);
		await admin.end();
		const target = { kind: 'postgres' as const, url: PG_URL, searchPath: schema, poolSize: opts.poolSize ?? 10 };
		handle = openDatabase(target);
		openAnother = () => openDatabase(target);
		cleanup = async () => {
			const c = new pg.Client({ connectionString: PG_URL });
			await c.connect();
			await c.query(`drop schema ${schema} cascade`);
			await c.end();
		};
	}
	await migrateToLatest(handle.db, { schema: schemaName });
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

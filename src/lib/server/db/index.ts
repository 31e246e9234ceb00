import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index';
import type { Database } from './schema';
import { ControlCharactersPlugin } from './control-characters-plugin';
import { SqliteBooleanPlugin } from './sqlite-boolean-plugin';

export type { Database } from './schema';
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either the database or an open transaction: repository functions accept both. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type DialectName = 'sqlite' | 'postgres';

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; searchPath?: string; poolSize?: number };

export interface DbHandle {
	db: Db;
	dialect: DialectName;
	close(): Promise<void>;
}

/** Opens SQLite (WAL, foreign keys on) or a PostgreSQL pool behind one Kysely instance. */
export function openDatabase(target: DatabaseTarget): DbHandle {
	if (target.kind === 'sqlite') {
		if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
		const sqlite = new SQLite(target.file);
		sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('foreign_keys = ON');
		// Several processes may share the file (CLI, server): wait for a lock instead of failing.
		sqlite.pragma('busy_timeout = 5000');
		sqlite.pragma('synchronous = NORMAL');
		// Erased private details are overwritten in the file, not just unlinked from it.
		sqlite.pragma('secure_delete = ON');
		const db = new Kysely<Database>({
			dialect: new SqliteDialect({ database: sqlite }),
			plugins: [new ControlCharactersPlugin(), new SqliteBooleanPlugin()]
		});
		return { db, dialect: 'sqlite', close: () => db.destroy() };
	}
	const pool = new pg.Pool({
		connectionString: target.url,
		max: target.poolSize ?? 10,
		...(target.searchPath ? { options: `-c search_path=${target.searchPath}` } : {})
	});
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new ControlCharactersPlugin()] });
	return { db, dialect: 'postgres', close: () => db.destroy() };
}

/** Applies every pending migration; returns the names applied. Throws with the failing migration's name. */
export async function migrateToLatest(db: Db, options: { schema?: string } = {}): Promise<string[]> {
	// With a schema given (PostgreSQL search_path), Kysely must look for its own tables there too:
	// otherwise it finds another schema's migration table and skips creating its own.
	const migrator = new Migrator({
		db,
		provider: { getMigrations: async () => migrations },
		...(options.schema ? { migrationTableSchema: options.schema } : {})
	});
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error !== undefined) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
	}
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when an insert or update broke a unique constraint, on either database. */
export function isUniqueViolation(error: unknown): boolean {
	if (typeof error !== 'object' || error === null || !('code' in error)) return false;
	const code = error.code;
	return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * After private details were erased: on SQLite, copies the write-ahead log back into the
 * database file and empties it, so the erased bytes do not linger in the -wal file (with
 * secure_delete on, the database file itself is already overwritten). PostgreSQL reclaims
 * the old row versions with its autovacuum.
 */
export async function flushErased(db: Executor, dialect: DialectName): Promise<void> {
	if (dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
}

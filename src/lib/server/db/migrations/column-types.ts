import { SqliteAdapter, type Kysely } from 'kysely';

/*
 * Frozen helpers for migrations only: they import nothing from the application, so a
 * migration written today still runs unchanged on an empty database years from now.
 */

export function isSqlite(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof SqliteAdapter;
}

/** ISO-8601 text in SQLite, timestamptz in PostgreSQL. */
export function timestampType(db: Kysely<any>): 'text' | 'timestamptz' {
	return isSqlite(db) ? 'text' : 'timestamptz';
}

/** 0/1 integer in SQLite, boolean in PostgreSQL. */
export function booleanType(db: Kysely<any>): 'integer' | 'boolean' {
	return isSqlite(db) ? 'integer' : 'boolean';
}

import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../../src/lib/server/db/index';
import { createPgDatabase, DIALECTS, dropPgDatabase, pgDatabaseUrl } from './pg-admin';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A migrated PostgreSQL database that each test database is copied from ('' without PostgreSQL). */
		pgTemplate: string;
	}
}

/**
 * Migrates one PostgreSQL template database for the whole run; every test database is then a
 * copy of it (CREATE DATABASE … TEMPLATE), and is dropped when its file is done. The template is
 * dropped at the end of the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	if (!DIALECTS.includes('postgres')) {
		project.provide('pgTemplate', '');
		return async () => {};
	}
	const name = `hearth_tpl_${randomBytes(6).toString('hex')}`;
	await createPgDatabase(name);
	const handle = openDatabase({ kind: 'postgres', url: pgDatabaseUrl(name), poolSize: 1 });
	try {
		await migrateToLatest(handle.db);
	} finally {
		// A template must have no connections when it is copied.
		await handle.close();
	}
	project.provide('pgTemplate', name);
	return () => dropPgDatabase(name);
}

import type { Kysely } from 'kysely';
import { timestampType } from './column-types';

/**
 * The job table (durable background work: email, expiries, purges) and the in-app inbox.
 * A notification row is the durable record; email is one channel that delivers it.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const ts = timestampType(db);

	await db.schema
		.createTable('jobs')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('payload', 'text', (c) => c.notNull()) // JSON
		.addColumn('status', 'text', (c) => c.notNull()) // pending | running | done | failed
		.addColumn('run_at', ts, (c) => c.notNull())
		.addColumn('attempts', 'integer', (c) => c.notNull())
		.addColumn('max_attempts', 'integer', (c) => c.notNull())
		.addColumn('locked_until', ts)
		.addColumn('started_at', ts) // set when an attempt begins; an attempt that never finished is known
		.addColumn('last_error', 'text')
		.addColumn('dedupe_key', 'text', (c) => c.unique())
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('jobs_due_idx').on('jobs').columns(['status', 'run_at']).execute();

	await db.schema
		.createTable('notifications')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('network_id', 'text', (c) => c.references('networks.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('params', 'text', (c) => c.notNull()) // JSON; never private details
		.addColumn('link', 'text') // a same-site path to open
		.addColumn('read_at', ts)
		.addColumn('emailed_at', ts)
		.addColumn('dedupe_key', 'text', (c) => c.unique())
		.addColumn('created_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('notifications').execute();
	await db.schema.dropTable('jobs').execute();
}

import { sql, type Kysely } from 'kysely';
import { booleanType, timestampType } from './column-types';

export async function up(db: Kysely<any>): Promise<void> {
	const ts = timestampType(db);
	const bool = booleanType(db);
	const falseDefault = bool === 'boolean' ? sql`false` : sql`0`;

	await db.schema
		.createTable('instance_settings')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('username', 'text', (c) => c.notNull().unique())
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('email_enc', 'text')
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('locale', 'text')
		.addColumn('is_instance_admin', bool, (c) => c.notNull().defaultTo(falseDefault))
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('recovery_codes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('code_hash', 'text', (c) => c.notNull())
		.addColumn('used_at', ts)
		.addColumn('created_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('recovery_codes_user_idx').on('recovery_codes').column('user_id').execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey()) // SHA-256 of the cookie token, never the token
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('last_used_at', ts, (c) => c.notNull())
		.addColumn('expires_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
	await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

	await db.schema
		.createTable('rate_limits')
		.addColumn('key', 'text', (c) => c.primaryKey()) // keyed hash of the limited thing, never an IP address
		.addColumn('count', 'integer', (c) => c.notNull())
		.addColumn('window_started_at', ts, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('networks')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('languages', 'text', (c) => c.notNull()) // JSON array of locale codes
		.addColumn('join_policy', 'text', (c) => c.notNull())
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('areas')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addUniqueConstraint('areas_network_name_uq', ['network_id', 'name'])
		.execute();

	await db.schema
		.createTable('memberships')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.addUniqueConstraint('memberships_network_user_uq', ['network_id', 'user_id'])
		.execute();
	await db.schema.createIndex('memberships_user_idx').on('memberships').column('user_id').execute();

	await db.schema
		.createTable('invites')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('max_uses', 'integer')
		.addColumn('use_count', 'integer', (c) => c.notNull())
		.addColumn('expires_at', ts, (c) => c.notNull())
		.addColumn('revoked_at', ts)
		.addColumn('created_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('invites_network_idx').on('invites').column('network_id').execute();

	await db.schema
		.createTable('api_tokens')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('last_used_at', ts)
		.addColumn('expires_at', ts)
		.execute();
	await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

	// Every read of someone else's private field leaves a row here; the owner can read it.
	await db.schema
		.createTable('access_log')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.references('networks.id').onDelete('cascade'))
		.addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('subject_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
		.addColumn('resource', 'text', (c) => c.notNull())
		.addColumn('resource_id', 'text', (c) => c.notNull())
		.addColumn('field', 'text', (c) => c.notNull())
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('created_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('access_log_subject_idx').on('access_log').column('subject_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of [
		'access_log',
		'api_tokens',
		'invites',
		'memberships',
		'areas',
		'networks',
		'rate_limits',
		'sessions',
		'recovery_codes',
		'users',
		'instance_settings'
	]) {
		await db.schema.dropTable(t).execute();
	}
}

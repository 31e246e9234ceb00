import { sql, type Kysely } from 'kysely';
import { booleanType, timestampType } from './column-types';

/**
 * Asks (needs), offers (what neighbours can give), the log of everything that happens to an
 * ask, and each network's settings for them. The private part of an ask (address, phone,
 * access notes, contact name) is one encrypted column, emptied by the retention purge; the
 * rest of the row is the anonymous record that stays (category, area, dates, outcome).
 */
export async function up(db: Kysely<any>): Promise<void> {
	const ts = timestampType(db);
	const bool = booleanType(db);
	const falseDefault = bool === 'boolean' ? sql`false` : sql`0`;
	const trueDefault = bool === 'boolean' ? sql`true` : sql`1`;

	// One row per network that changed a default; no row means the defaults.
	await db.schema
		.createTable('aid_settings')
		.addColumn('network_id', 'text', (c) => c.primaryKey().references('networks.id').onDelete('cascade'))
		.addColumn('categories', 'text', (c) => c.notNull()) // JSON [{ code, label|null }]
		.addColumn('claim_expiry_hours', 'integer', (c) => c.notNull())
		.addColumn('reveal_grace_hours', 'integer', (c) => c.notNull())
		.addColumn('auto_close_hours', 'integer', (c) => c.notNull())
		.addColumn('retention_days', 'integer', (c) => c.notNull())
		.addColumn('notify_suggestions', bool, (c) => c.notNull().defaultTo(trueDefault))
		.addColumn('intake_enabled', bool, (c) => c.notNull().defaultTo(trueDefault))
		.addColumn('updated_at', ts, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('asks')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('source', 'text', (c) => c.notNull()) // self | on_behalf | intake
		.addColumn('requester_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('recorded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('category', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('quantity', 'text')
		.addColumn('household_size', 'integer')
		.addColumn('urgency', 'text', (c) => c.notNull())
		.addColumn('urgency_rank', 'integer', (c) => c.notNull()) // 0 today … 3 whenever, for the board's order
		.addColumn('needed_by', 'text') // YYYY-MM-DD
		.addColumn('languages', 'text', (c) => c.notNull()) // JSON array of language codes
		.addColumn('area_id', 'text', (c) => c.references('areas.id').onDelete('set null'))
		.addColumn('needs_car', bool, (c) => c.notNull().defaultTo(falseDefault))
		.addColumn('pickup_point', 'text') // public: a pantry's name and address, never a home
		.addColumn('private_enc', 'text') // AES-256-GCM JSON { address, phone, accessNotes, contactName }
		.addColumn('follow_token_hash', 'text', (c) => c.unique()) // the family's status link, hashed
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('claimant_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('claimed_at', ts)
		.addColumn('progress_at', ts) // last step by the claimant; a claim expires from here
		.addColumn('delivered_at', ts)
		.addColumn('closed_at', ts)
		.addColumn('private_purged_at', ts)
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('asks_board_idx').on('asks').columns(['network_id', 'status', 'urgency_rank', 'created_at']).execute();
	await db.schema.createIndex('asks_requester_idx').on('asks').columns(['requester_id', 'created_at']).execute();
	await db.schema.createIndex('asks_claimant_idx').on('asks').columns(['claimant_id', 'status']).execute();
	await db.schema.createIndex('asks_status_idx').on('asks').columns(['status', 'updated_at']).execute();

	// Append-only: who did what to an ask and when. `claimant_id` is who holds the claim after the event.
	await db.schema
		.createTable('ask_events')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('ask_id', 'text', (c) => c.notNull().references('asks.id').onDelete('cascade'))
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null')) // null: the system
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('from_status', 'text')
		.addColumn('to_status', 'text', (c) => c.notNull())
		.addColumn('claimant_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('note', 'text') // purged with the private part
		.addColumn('created_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('ask_events_ask_idx').on('ask_events').columns(['ask_id', 'created_at']).execute();
	await db.schema.createIndex('ask_events_claims_idx').on('ask_events').columns(['network_id', 'kind', 'claimant_id', 'created_at']).execute();

	await db.schema
		.createTable('offers')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('category', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('area_ids', 'text', (c) => c.notNull()) // JSON array of area ids
		.addColumn('availability', 'text', (c) => c.notNull()) // JSON [{ day, startMinute, endMinute }]
		.addColumn('capacity_per_week', 'integer')
		.addColumn('has_car', bool, (c) => c.notNull().defaultTo(falseDefault))
		.addColumn('languages', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull()) // active | closed
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('offers_board_idx').on('offers').columns(['network_id', 'status', 'created_at']).execute();
	await db.schema.createIndex('offers_user_idx').on('offers').columns(['user_id', 'status']).execute();

	await db.schema.createIndex('access_log_resource_idx').on('access_log').columns(['resource', 'resource_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('access_log_resource_idx').execute();
	for (const t of ['offers', 'ask_events', 'asks', 'aid_settings']) await db.schema.dropTable(t).execute();
}

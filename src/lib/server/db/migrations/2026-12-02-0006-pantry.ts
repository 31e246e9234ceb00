import { sql, type Kysely } from 'kysely';
import { booleanType, timestampType } from './column-types';

/**
 * Pantries and closets: places and the things kept there, standard bags (kits), a stock ledger
 * (batches of movements that never change, with the current level per item and place cached
 * beside them), donations and drives, recurring distributions with their occurrences and
 * pick-up slots. Quantities are whole units. The only private value is a booking's first name
 * or nickname, encrypted and deleted after its day.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const ts = timestampType(db);
	const bool = booleanType(db);
	const falseDefault = bool === 'boolean' ? sql`false` : sql`0`;

	await db.schema
		.createTable('stock_locations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('name_key', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull()) // pantry | closet | storage | car | other
		.addColumn('address', 'text') // public places only; a car or a home keeps none
		.addColumn('is_private', bool, (c) => c.notNull().defaultTo(falseDefault))
		.addColumn('hours', 'text', (c) => c.notNull()) // JSON { weekly, exceptions }
		.addColumn('archived_at', ts)
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.addUniqueConstraint('stock_locations_name_unique', ['network_id', 'name_key'])
		.execute();

	await db.schema
		.createTable('stock_items')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull()) // the default name
		.addColumn('name_key', 'text', (c) => c.notNull())
		.addColumn('names', 'text', (c) => c.notNull()) // JSON { locale: name }
		.addColumn('category', 'text', (c) => c.notNull())
		.addColumn('unit', 'text', (c) => c.notNull())
		.addColumn('size', 'text')
		.addColumn('size_key', 'text', (c) => c.notNull()) // '' without a size, so the unique constraint holds
		.addColumn('barcode', 'text')
		.addColumn('min_level', 'integer')
		.addColumn('starter_code', 'text') // the starter catalogue entry it was adopted from
		.addColumn('archived_at', ts)
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.addUniqueConstraint('stock_items_name_unique', ['network_id', 'name_key', 'size_key'])
		.addUniqueConstraint('stock_items_barcode_unique', ['network_id', 'barcode'])
		.execute();

	await db.schema
		.createTable('stock_kits')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('name_key', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('archived_at', ts)
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.addUniqueConstraint('stock_kits_name_unique', ['network_id', 'name_key'])
		.execute();

	await db.schema
		.createTable('stock_kit_lines')
		.addColumn('kit_id', 'text', (c) => c.notNull().references('stock_kits.id').onDelete('cascade'))
		.addColumn('item_id', 'text', (c) => c.notNull().references('stock_items.id'))
		.addColumn('quantity', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('stock_kit_lines_pk', ['kit_id', 'item_id'])
		.execute();

	// Events and drives donations come from: a yearly collection night is one drive, counted per year.
	await db.schema
		.createTable('stock_drives')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('name_key', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull()) // event | drive
		.addColumn('created_at', ts, (c) => c.notNull())
		.addUniqueConstraint('stock_drives_name_unique', ['network_id', 'name_key'])
		.execute();

	await db.schema
		.createTable('stock_donations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('location_id', 'text', (c) => c.notNull().references('stock_locations.id'))
		.addColumn('received_on', 'text', (c) => c.notNull()) // YYYY-MM-DD
		.addColumn('source', 'text', (c) => c.notNull()) // individual | drive | event | store | other
		.addColumn('drive_id', 'text', (c) => c.references('stock_drives.id'))
		.addColumn('donor_name', 'text') // optional; null is anonymous. Never in a public view
		.addColumn('estimated_value_minor', 'bigint')
		.addColumn('note', 'text')
		.addColumn('mode', 'text', (c) => c.notNull()) // form | tally
		.addColumn('status', 'text', (c) => c.notNull()) // open (a tally still counting) | closed
		.addColumn('recorded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('stock_donations_day_idx').on('stock_donations').columns(['network_id', 'received_on']).execute();

	await db.schema
		.createTable('distributions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('location_id', 'text', (c) => c.notNull().references('stock_locations.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('place', 'text', (c) => c.notNull()) // where people come: "the school car park"
		.addColumn('rrule', 'text', (c) => c.notNull()) // RFC 5545 §3.3.10, floating local time
		.addColumn('start_day', 'text', (c) => c.notNull())
		.addColumn('start_time', 'text', (c) => c.notNull())
		.addColumn('end_time', 'text', (c) => c.notNull())
		.addColumn('kit_id', 'text', (c) => c.references('stock_kits.id'))
		.addColumn('planned_bags', 'integer', (c) => c.notNull())
		.addColumn('slot_minutes', 'integer') // null: no pick-up bookings
		.addColumn('slot_capacity', 'integer')
		.addColumn('status', 'text', (c) => c.notNull()) // active | ended
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.execute();

	// An occurrence gets a row once something happens to it (moved, skipped, recorded, booked);
	// the others exist only as the schedule's expansion.
	await db.schema
		.createTable('distribution_occurrences')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('distribution_id', 'text', (c) => c.notNull().references('distributions.id').onDelete('cascade'))
		.addColumn('original_start', 'text', (c) => c.notNull()) // YYYY-MM-DDTHH:MM of the schedule's instance
		.addColumn('day', 'text', (c) => c.notNull())
		.addColumn('start_time', 'text', (c) => c.notNull())
		.addColumn('end_time', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull()) // scheduled | skipped
		.addColumn('planned_bags', 'integer')
		.addColumn('households', 'integer')
		.addColumn('walk_ins', 'integer')
		.addColumn('created_at', ts, (c) => c.notNull())
		.addColumn('updated_at', ts, (c) => c.notNull())
		.addUniqueConstraint('distribution_occurrences_unique', ['distribution_id', 'original_start'])
		.execute();
	await db.schema.createIndex('distribution_occurrences_day_idx').on('distribution_occurrences').columns(['network_id', 'day']).execute();

	await db.schema
		.createTable('pickup_slots')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('occurrence_id', 'text', (c) => c.notNull().references('distribution_occurrences.id').onDelete('cascade'))
		.addColumn('start_time', 'text', (c) => c.notNull())
		.addColumn('end_time', 'text', (c) => c.notNull())
		.addColumn('capacity', 'integer', (c) => c.notNull())
		.addColumn('booked', 'integer', (c) => c.notNull().defaultTo(0)) // kept after the names are purged
		.addUniqueConstraint('pickup_slots_unique', ['occurrence_id', 'start_time'])
		.execute();

	await db.schema
		.createTable('pickup_bookings')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('slot_id', 'text', (c) => c.notNull().references('pickup_slots.id').onDelete('cascade'))
		.addColumn('day', 'text', (c) => c.notNull()) // the purge deletes bookings after this day
		.addColumn('name_enc', 'text', (c) => c.notNull()) // AES-256-GCM: a first name or nickname
		.addColumn('code_hash', 'text', (c) => c.notNull()) // the booker's cancel code, hashed
		.addColumn('cancelled_at', ts)
		.addColumn('created_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('pickup_bookings_slot_idx').on('pickup_bookings').columns(['slot_id']).execute();
	await db.schema.createIndex('pickup_bookings_day_idx').on('pickup_bookings').columns(['day']).execute();

	// One recorded change of stock: a donation, a distribution, a transfer, an adjustment, a count,
	// or the correction of an earlier batch. Never updated; a correction is a new batch.
	await db.schema
		.createTable('stock_batches')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('location_id', 'text', (c) => c.notNull().references('stock_locations.id'))
		.addColumn('to_location_id', 'text', (c) => c.references('stock_locations.id'))
		.addColumn('donation_id', 'text', (c) => c.references('stock_donations.id'))
		.addColumn('occurrence_id', 'text', (c) => c.references('distribution_occurrences.id'))
		.addColumn('ask_id', 'text', (c) => c.references('asks.id').onDelete('set null'))
		.addColumn('kit_id', 'text', (c) => c.references('stock_kits.id'))
		.addColumn('bags', 'integer')
		.addColumn('reason', 'text') // adjustments: spoiled | damaged | expired | found | other
		.addColumn('note', 'text')
		.addColumn('override', bool, (c) => c.notNull().defaultTo(falseDefault)) // someone confirmed going below zero
		.addColumn('corrects_id', 'text', (c) => c.unique().references('stock_batches.id')) // a batch is corrected at most once
		.addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('occurred_on', 'text', (c) => c.notNull())
		.addColumn('created_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('stock_batches_network_idx').on('stock_batches').columns(['network_id', 'created_at']).execute();
	await db.schema.createIndex('stock_batches_donation_idx').on('stock_batches').columns(['donation_id', 'created_at']).execute();
	await db.schema.createIndex('stock_batches_occurrence_idx').on('stock_batches').columns(['occurrence_id']).execute();

	// Movement kinds: donation, distribution, transfer_out, transfer_in, adjustment, count. A
	// correction repeats the kind of what it corrects with the opposite sign, so sums by kind are net.
	await db.schema
		.createTable('stock_movements')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('batch_id', 'text', (c) => c.notNull().references('stock_batches.id'))
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('location_id', 'text', (c) => c.notNull().references('stock_locations.id'))
		.addColumn('item_id', 'text', (c) => c.notNull().references('stock_items.id'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('quantity', 'integer', (c) => c.notNull()) // signed change
		.addColumn('occurred_on', 'text', (c) => c.notNull())
		.addColumn('created_at', ts, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('stock_movements_batch_idx').on('stock_movements').columns(['batch_id']).execute();
	// Reports read a range of days by kind; the index carries what they sum, so they never read the table.
	await db.schema.createIndex('stock_movements_day_idx').on('stock_movements').columns(['network_id', 'occurred_on', 'kind', 'item_id', 'quantity']).execute();
	await db.schema.createIndex('stock_movements_place_idx').on('stock_movements').columns(['location_id', 'item_id', 'quantity']).execute();

	await db.schema
		.createTable('stock_levels')
		.addColumn('location_id', 'text', (c) => c.notNull().references('stock_locations.id'))
		.addColumn('item_id', 'text', (c) => c.notNull().references('stock_items.id'))
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('quantity', 'integer', (c) => c.notNull()) // cache of the sum of its movements
		.addColumn('updated_at', ts, (c) => c.notNull())
		.addPrimaryKeyConstraint('stock_levels_pk', ['location_id', 'item_id'])
		.execute();
	await db.schema.createIndex('stock_levels_item_idx').on('stock_levels').columns(['item_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const t of [
		'stock_levels',
		'stock_movements',
		'stock_batches',
		'pickup_bookings',
		'pickup_slots',
		'distribution_occurrences',
		'distributions',
		'stock_donations',
		'stock_drives',
		'stock_kit_lines',
		'stock_kits',
		'stock_items',
		'stock_locations'
	]) {
		await db.schema.dropTable(t).execute();
	}
}

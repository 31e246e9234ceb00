import { sql, type Kysely } from 'kysely';

/**
 * Rollups the pantry's reports read instead of a million movements, kept in the same transaction
 * as the movements they sum (and checked against them by the drift check):
 * - `stock_flows`: units moved per day, place and kind of movement;
 * - `stock_donations.units`: what each donation brought in, net of corrections.
 * One place's month of movements gets an index that starts with the place and the day.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('stock_flows')
		.addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
		.addColumn('occurred_on', 'text', (c) => c.notNull())
		.addColumn('location_id', 'text', (c) => c.notNull().references('stock_locations.id'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('units', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('stock_flows_pk', ['network_id', 'occurred_on', 'location_id', 'kind'])
		.execute();
	await sql`
		insert into stock_flows (network_id, occurred_on, location_id, kind, units)
		select network_id, occurred_on, location_id, kind, sum(quantity) from stock_movements
		group by network_id, occurred_on, location_id, kind`.execute(db);

	await db.schema
		.alterTable('stock_donations')
		.addColumn('units', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	// One grouped pass joined in (UPDATE … FROM, both databases), not a sum per donation.
	await sql`
		update stock_donations set units = s.q from (
			select b.donation_id, sum(m.quantity) as q from stock_movements m join stock_batches b on b.id = m.batch_id
			where b.donation_id is not null group by b.donation_id) as s
		where s.donation_id = stock_donations.id`.execute(db);
	await db.schema.createIndex('stock_donations_drive_idx').on('stock_donations').columns(['network_id', 'drive_id', 'received_on']).execute();

	// The old place index (place, item) served nothing a page asks; a place's month does.
	await db.schema.dropIndex('stock_movements_place_idx').execute();
	await db.schema
		.createIndex('stock_movements_place_day_idx')
		.on('stock_movements')
		.columns(['location_id', 'occurred_on', 'kind', 'item_id', 'quantity'])
		.execute();
	// A place's ledger page finds the batches that moved things in or out of it.
	await db.schema.createIndex('stock_batches_location_idx').on('stock_batches').columns(['location_id', 'created_at']).execute();
	await db.schema.createIndex('stock_batches_to_location_idx').on('stock_batches').columns(['to_location_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('stock_batches_to_location_idx').execute();
	await db.schema.dropIndex('stock_batches_location_idx').execute();
	await db.schema.dropIndex('stock_movements_place_day_idx').execute();
	await db.schema.createIndex('stock_movements_place_idx').on('stock_movements').columns(['location_id', 'item_id', 'quantity']).execute();
	await db.schema.dropIndex('stock_donations_drive_idx').execute();
	await db.schema.alterTable('stock_donations').dropColumn('units').execute();
	await db.schema.dropTable('stock_flows').execute();
}

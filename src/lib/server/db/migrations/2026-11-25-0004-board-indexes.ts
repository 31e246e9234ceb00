import type { Kysely } from 'kysely';
import { isSqlite } from './column-types';

/**
 * Indexes for the board's filters at scale (measured with 100,000 asks, docs/PERFORMANCE.md):
 * a category filter, an area filter, or both, each keeps the board's order (most urgent, then
 * oldest) so a page is read straight from the index. Offers are matched by category.
 * On SQLite the board's own index also carries the description, so a text search reads the
 * index instead of every row with its encrypted private part (a search that matches nothing
 * among 80,000 open asks: 279 → 16 ms); PostgreSQL keeps the narrow index.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createIndex('asks_board_category_idx')
		.on('asks')
		.columns(['network_id', 'status', 'category', 'area_id', 'urgency_rank', 'created_at'])
		.execute();
	await db.schema.createIndex('asks_board_area_idx').on('asks').columns(['network_id', 'status', 'area_id', 'urgency_rank', 'created_at']).execute();
	await db.schema.createIndex('offers_match_idx').on('offers').columns(['network_id', 'status', 'category']).execute();
	if (isSqlite(db)) {
		await db.schema.createIndex('asks_board_text_idx').on('asks').columns(['network_id', 'status', 'urgency_rank', 'created_at', 'description']).execute();
		await db.schema.dropIndex('asks_board_idx').execute();
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	if (isSqlite(db)) {
		await db.schema.createIndex('asks_board_idx').on('asks').columns(['network_id', 'status', 'urgency_rank', 'created_at']).execute();
		await db.schema.dropIndex('asks_board_text_idx').execute();
	}
	for (const name of ['offers_match_idx', 'asks_board_area_idx', 'asks_board_category_idx']) await db.schema.dropIndex(name).execute();
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { fromDbBool, fromDbTime, newId, toDbTime } from '../../src/lib/server/db/conventions';

describe.each(DIALECTS)('database conventions on %s', (dialect) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(dialect);
	});
	afterAll(async () => t.close());

	it('round-trips ids, times and booleans the same way on both databases', async () => {
		const id = newId();
		const at = new Date('2026-02-03T04:05:06.789Z');
		await t.ctx.db
			.insertInto('users')
			.values({
				id,
				username: `conv-${dialect}`,
				display_name: 'Conv',
				email_enc: null,
				password_hash: 'x',
				locale: null,
				is_instance_admin: true,
				created_at: toDbTime(at),
				updated_at: toDbTime(at)
			})
			.execute();
		const row = await t.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(fromDbBool(row.is_instance_admin)).toBe(true);
		expect(fromDbTime(row.created_at).toISOString()).toBe('2026-02-03T04:05:06.789Z');
		const earlier = await t.ctx.db
			.selectFrom('users')
			.select('id')
			.where('created_at', '<', toDbTime(new Date('2026-02-03T04:05:07.000Z')))
			.where('id', '=', id)
			.execute();
		expect(earlier).toHaveLength(1);
	});

	it('applies every migration once and records them', async () => {
		const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(t.ctx.db);
		expect(rows.rows.map((r) => r.name)).toEqual([
			'2026-11-25-0001-foundation',
			'2026-11-25-0002-jobs-notifications',
			'2026-11-25-0003-asks-offers',
			'2026-11-25-0004-board-indexes',
			'2026-11-26-0005-funds',
			'2026-12-02-0006-pantry',
			'2026-12-02-0007-stock-flows'
		]);
	});
});

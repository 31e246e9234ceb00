import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { fromDbBool, fromDbTime, newId, toDbTime } from '../../src/lib/server/db/conventions';
import { ServiceError } from '../../src/lib/server/errors';

describe.each(DIALECTS)('database conventions on %s', (dialect) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(dialect);
	});
	afterAll(async () => t.close());

	it('refuses a control character in any bound value, written or looked up, as a 400 (PostgreSQL cannot store U+0000)', async () => {
		const refusal = (p: Promise<unknown>) =>
			p.then(
				() => 'ran',
				(e: unknown) => (e instanceof ServiceError ? `${e.status} ${e.code}` : `other: ${e instanceof Error ? e.message : String(e)}`)
			);
		const row = {
			id: newId(),
			username: `nul\u0000-${dialect}`,
			display_name: 'Nul',
			email_enc: null,
			password_hash: 'x',
			locale: null,
			is_instance_admin: false,
			created_at: toDbTime(new Date()),
			updated_at: toDbTime(new Date())
		};
		expect(await refusal(t.ctx.db.insertInto('users').values(row).execute())).toBe('400 control_characters');
		expect(await refusal(t.ctx.db.selectFrom('users').select('id').where('id', '=', 'a\u0000b').execute())).toBe('400 control_characters');
		expect(await refusal(t.ctx.db.selectFrom('users').select('id').where('username', 'in', ['ok', 'x\u001b']).execute())).toBe('400 control_characters');
		expect(await refusal(sql`select ${'a\u0007'} as v`.execute(t.ctx.db))).toBe('400 control_characters');
		// Tabs and line breaks (CRLF from a textarea) are text like any other.
		expect(await refusal(t.ctx.db.selectFrom('users').select('id').where('display_name', '=', 'a\tb\r\nc').execute())).toBe('ran');
		expect(await t.ctx.db.selectFrom('users').select('id').where('display_name', '=', 'Nul').execute()).toEqual([]);
	});

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
			'2026-12-02-0007-stock-flows',
			'2026-12-08-0008-area-archive'
		]);
	});
});

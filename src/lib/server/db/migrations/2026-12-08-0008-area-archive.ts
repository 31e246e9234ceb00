import type { Kysely } from 'kysely';

/**
 * Areas are archived, never deleted: asks and offers keep pointing at the area they were made in
 * (and show its name) after an admin takes it off the list. An archived area is offered nowhere;
 * listing its name again brings back the same area.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('areas').addColumn('archived_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('areas').dropColumn('archived_at').execute();
}

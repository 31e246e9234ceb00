import type { Executor } from '../db/index';

export async function getSetting(db: Executor, key: string): Promise<string | undefined> {
	const r = await db.selectFrom('instance_settings').select('value').where('key', '=', key).executeTakeFirst();
	return r?.value;
}

export async function setSetting(db: Executor, key: string, value: string): Promise<void> {
	await db
		.insertInto('instance_settings')
		.values({ key, value })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value }))
		.execute();
}

export async function deleteSetting(db: Executor, key: string): Promise<void> {
	await db.deleteFrom('instance_settings').where('key', '=', key).execute();
}

/** Deletes a key only while it still holds `value`; true when it did. */
export async function deleteSettingIf(db: Executor, key: string, value: string): Promise<boolean> {
	const r = await db.deleteFrom('instance_settings').where('key', '=', key).where('value', '=', value).executeTakeFirst();
	return Number(r.numDeletedRows ?? 0n) === 1;
}

/** Sets a key only if it is absent; true for the one caller that set it. */
export async function claimSetting(db: Executor, key: string, value: string): Promise<boolean> {
	const r = await db
		.insertInto('instance_settings')
		.values({ key, value })
		.onConflict((oc) => oc.column('key').doNothing())
		.executeTakeFirst();
	return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * One sealed value from each table that holds them (users' emails, asks' and fund requests'
 * private parts, decision notes, pick-up names), for the start-up check of the instance key.
 */
export async function sampleSealedValues(db: Executor): Promise<string[]> {
	const found = await Promise.all([
		db.selectFrom('users').select('email_enc as v').where('email_enc', 'is not', null).limit(1).executeTakeFirst(),
		db.selectFrom('asks').select('private_enc as v').where('private_enc', 'is not', null).limit(1).executeTakeFirst(),
		db.selectFrom('fund_requests').select('private_enc as v').where('private_enc', 'is not', null).limit(1).executeTakeFirst(),
		db.selectFrom('fund_decisions').select('note_enc as v').where('note_enc', 'is not', null).limit(1).executeTakeFirst(),
		db.selectFrom('pickup_bookings').select('name_enc as v').limit(1).executeTakeFirst()
	]);
	return found.flatMap((r) => (r?.v ? [r.v] : []));
}

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

/** Sets a key only if it is absent; true for the one caller that set it. */
export async function claimSetting(db: Executor, key: string, value: string): Promise<boolean> {
	const r = await db
		.insertInto('instance_settings')
		.values({ key, value })
		.onConflict((oc) => oc.column('key').doNothing())
		.executeTakeFirst();
	return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

// `npm run stock:check`: recomputes every pantry stock level, daily flow and donation's units from
// the movements and compares them with what is kept. Prints what it checked; exits 1 when anything differs, so cron or CI can
// alert on it.
//
//   npm run stock:check                          (every network)
//   npm run stock:check -- --network maple-street
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/lib/server/config';
import { migrateToLatest, openDatabase } from '../src/lib/server/db/index';
import { checkStock } from '../src/lib/server/pantry/stock.service';

const { values } = parseArgs({ options: { network: { type: 'string' } } });
const config = loadConfig(process.env);
const handle = openDatabase(config.database);
let failed: boolean;
try {
	await migrateToLatest(handle.db);
	let networkId: string | undefined;
	if (values.network !== undefined) {
		const row = await handle.db.selectFrom('networks').select('id').where('slug', '=', values.network.toLowerCase()).executeTakeFirst();
		if (!row) throw new Error(`No network with the address name "${values.network}".`);
		networkId = row.id;
	}
	const r = await checkStock({ db: handle.db }, networkId === undefined ? {} : { networkId });
	console.log(`Stock levels checked: ${r.levels}; movements summed: ${r.movements}.`);
	for (const d of r.drift) console.log(`DRIFT place ${d.locationId} item ${d.itemId}: cached ${d.cached}, from movements ${d.fromLedger}`);
	for (const d of r.flowDrift) console.log(`DRIFT daily flow ${d.key}: kept ${d.cached}, from movements ${d.fromLedger}`);
	for (const d of r.donationDrift) console.log(`DRIFT donation ${d.donationId}: kept ${d.cached} units, from movements ${d.fromLedger}`);
	failed = r.drift.length > 0 || r.flowDrift.length > 0 || r.donationDrift.length > 0;
	console.log(failed ? 'Stock levels do NOT match their movements.' : 'Every stock level matches its movements (drift 0).');
} finally {
	await handle.close();
}
process.exit(failed ? 1 : 0);

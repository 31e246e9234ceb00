// `npm run ledger:check`: recomputes every fund account's balance from its ledger lines,
// compares it with the cached balance, and checks that every transaction sums to zero.
// Prints what it checked; exits 1 when anything differs, so cron or CI can alert on it.
//
//   npm run ledger:check                          (every network)
//   npm run ledger:check -- --network maple-street
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/lib/server/config';
import { migrateToLatest, openDatabase } from '../src/lib/server/db/index';
import { checkLedger } from '../src/lib/server/funds/funds.service';

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
	const r = await checkLedger({ db: handle.db }, networkId === undefined ? {} : { networkId });
	console.log(`Accounts checked: ${r.accounts}; transactions checked: ${r.transactions}.`);
	for (const d of r.drift) console.log(`DRIFT fund ${d.fundId} account ${d.account}: cached ${d.cachedMinor}, from entries ${d.ledgerMinor}`);
	for (const id of r.unbalanced) console.log(`UNBALANCED transaction ${id}`);
	failed = r.drift.length > 0 || r.unbalanced.length > 0;
	console.log(failed ? 'The ledger does NOT match its entries.' : 'Every balance matches its entries and every transaction balances.');
} finally {
	await handle.close();
}
process.exit(failed ? 1 : 0);

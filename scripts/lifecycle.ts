// `npm run lifecycle`: runs the ask lifecycle sweeps once and exits — idle claims released,
// past-date asks expired, unconfirmed deliveries closed, private parts purged after retention.
// The server runs the same sweeps every five minutes; this is for cron-driven deployments,
// checks after changing retention settings, and tests.
//
//   npm run lifecycle                       (as of now, every network)
//   npm run lifecycle -- --network maple-street   (one network)
//   npm run lifecycle -- --as-of 2026-12-10T12:00:00Z
//     (as if it were that moment: shows what the sweeps would do then, and does it — use on a
//      copy or a test instance, since purged details cannot come back)
import { parseArgs } from 'node:util';
import { runAskLifecycle } from '../src/lib/server/asks/asks.service';
import { loadConfig } from '../src/lib/server/config';
import type { Ctx } from '../src/lib/server/context';
import { migrateToLatest, openDatabase } from '../src/lib/server/db/index';
import { createLogger } from '../src/lib/server/log';
import { loadOrCreateSecret, secretsFromMaster } from '../src/lib/server/privacy/secret';

const { values } = parseArgs({ options: { 'as-of': { type: 'string' }, network: { type: 'string' } } });
const asOf = values['as-of'] === undefined ? null : new Date(values['as-of']);
if (asOf !== null && Number.isNaN(asOf.getTime())) {
	console.error('--as-of must be a date and time, e.g. 2026-12-10T12:00:00Z');
	process.exit(2);
}

const config = loadConfig(process.env);
const { master } = loadOrCreateSecret(config.dataDir, config.secretHex);
const handle = openDatabase(config.database);
try {
	await migrateToLatest(handle.db);
	const ctx: Ctx = {
		db: handle.db,
		dialect: handle.dialect,
		secrets: secretsFromMaster(master),
		config,
		now: () => asOf ?? new Date(),
		log: createLogger(config.logLevel)
	};
	let networkId: string | undefined;
	if (values.network !== undefined) {
		const row = await handle.db.selectFrom('networks').select('id').where('slug', '=', values.network.toLowerCase()).executeTakeFirst();
		if (!row) throw new Error(`No network with the address name "${values.network}".`);
		networkId = row.id;
	}
	const r = await runAskLifecycle(ctx, { networkId });
	console.log(`Claims released: ${r.claimsExpired}; asks expired: ${r.asksExpired}; deliveries closed: ${r.autoClosed}; private parts purged: ${r.purged}.`);
} finally {
	await handle.close();
}

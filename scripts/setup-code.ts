// `npm run setup:code`: prints a fresh one-time setup code for a fresh instance and retires the
// current one. For when the code printed at start is lost, or several processes started and the
// one whose console you can see did not print it.
import { loadConfig } from '../src/lib/server/config';
import type { Ctx } from '../src/lib/server/context';
import { migrateToLatest, openDatabase } from '../src/lib/server/db/index';
import { checkInstanceKey, reissueSetupCode } from '../src/lib/server/instance/instance.service';
import { createLogger } from '../src/lib/server/log';
import { loadOrCreateSecret, SECRET_FILE, secretsFromMaster } from '../src/lib/server/privacy/secret';

const config = loadConfig(process.env);
const { master } = loadOrCreateSecret(config.dataDir, config.secretHex);
const handle = openDatabase(config.database);
let code: string | null;
try {
	await migrateToLatest(handle.db);
	const ctx: Ctx = {
		db: handle.db,
		dialect: handle.dialect,
		secrets: secretsFromMaster(master),
		config,
		now: () => new Date(),
		log: createLogger(config.logLevel)
	};
	// A code made with another key would never match what the server checks.
	await checkInstanceKey(ctx, config.secretHex !== undefined ? 'HEARTH_SECRET' : `${config.dataDir}/${SECRET_FILE}`);
	code = await reissueSetupCode(ctx);
} finally {
	await handle.close();
}
if (code === null) {
	console.log('Setup is already done on this instance: there is no setup code to print.');
} else {
	console.log(`\n  Finish setup with this one-time code (the one printed before no longer works):\n\n      ${code}\n`);
}

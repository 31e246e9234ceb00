// `npm run db:migrate`: applies pending migrations to the configured database and exits.
// The server also does this at every start; this is for deploy scripts and checks.
import { loadConfig } from '../src/lib/server/config';
import { migrateToLatest, openDatabase } from '../src/lib/server/db/index';

const config = loadConfig(process.env);
const handle = openDatabase(config.database);
try {
	const applied = await migrateToLatest(handle.db);
	const where = config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL';
	console.log(applied.length > 0 ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}` : `${where} is up to date.`);
} finally {
	await handle.close();
}

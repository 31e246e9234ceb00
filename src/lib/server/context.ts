import type { Config } from './config';
import type { Db, DialectName } from './db/index';
import type { Logger } from './log';
import type { Secrets } from './privacy/secret';

/**
 * What every service needs, passed explicitly so tests can build one over a fresh database
 * and a controlled clock. Routes get the running instance's context from `app()`.
 */
export interface Ctx {
	db: Db;
	dialect: DialectName;
	secrets: Secrets;
	config: Pick<Config, 'sessionDays' | 'demo'>;
	now: () => Date;
	log: Logger;
}

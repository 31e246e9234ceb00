import type { Config } from './config';
import type { Db, DialectName } from './db/index';
import type { Logger } from './log';
import type { Secrets } from './privacy/secret';
import type { WorkLimiter } from './auth/work-limit';

/**
 * What every service needs, passed explicitly so tests can build one over a fresh database
 * and a controlled clock. Routes get the running instance's context from `app()`.
 */
export interface Ctx {
	db: Db;
	dialect: DialectName;
	secrets: Secrets;
	/** `mail` absent or null: no email is sent (notifications stay in the in-app inbox). */
	config: Pick<Config, 'sessionDays' | 'demo'> & Partial<Pick<Config, 'mail'>>;
	now: () => Date;
	log: Logger;
	/** Bounds the passphrase hashing running at once in this process (the app has one; scripts need none). */
	passphraseWork?: WorkLimiter;
}

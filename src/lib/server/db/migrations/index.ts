import type { Migration } from 'kysely';
import * as foundation from './2026-11-25-0001-foundation';
import * as jobsNotifications from './2026-11-25-0002-jobs-notifications';
import * as asksOffers from './2026-11-25-0003-asks-offers';
import * as boardIndexes from './2026-11-25-0004-board-indexes';
import * as funds from './2026-11-26-0005-funds';
import * as pantry from './2026-12-02-0006-pantry';
import * as stockFlows from './2026-12-02-0007-stock-flows';
import * as areaArchive from './2026-12-08-0008-area-archive';

/** Every migration, in order. Listed statically so the bundled server carries them. */
export const migrations: Record<string, Migration> = {
	'2026-11-25-0001-foundation': foundation,
	'2026-11-25-0002-jobs-notifications': jobsNotifications,
	'2026-11-25-0003-asks-offers': asksOffers,
	'2026-11-25-0004-board-indexes': boardIndexes,
	'2026-11-26-0005-funds': funds,
	'2026-12-02-0006-pantry': pantry,
	'2026-12-02-0007-stock-flows': stockFlows,
	'2026-12-08-0008-area-archive': areaArchive
};

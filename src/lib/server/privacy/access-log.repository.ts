import { fromDbTime, newId, toDbTime } from '../db/conventions';
import type { Executor } from '../db/index';

export interface AccessLogEntry {
	networkId: string | null;
	actorId: string;
	subjectId: string | null;
	resource: string;
	resourceId: string;
	field: string;
	purpose: string;
	at: Date;
}

export async function insertAccessLog(db: Executor, e: AccessLogEntry): Promise<void> {
	await db
		.insertInto('access_log')
		.values({
			id: newId(e.at),
			network_id: e.networkId,
			actor_id: e.actorId,
			subject_id: e.subjectId,
			resource: e.resource,
			resource_id: e.resourceId,
			field: e.field,
			purpose: e.purpose,
			created_at: toDbTime(e.at)
		})
		.execute();
}

/** Who read this person's private details, newest first. */
export async function listAccessLogForSubject(db: Executor, subjectId: string, limit = 100) {
	const rows = await db
		.selectFrom('access_log')
		.leftJoin('users', 'users.id', 'access_log.actor_id')
		.select(['access_log.resource', 'access_log.field', 'access_log.purpose', 'access_log.created_at', 'users.display_name'])
		.where('access_log.subject_id', '=', subjectId)
		.orderBy('access_log.created_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		resource: r.resource,
		field: r.field,
		purpose: r.purpose,
		at: fromDbTime(r.created_at),
		actorName: r.display_name
	}));
}

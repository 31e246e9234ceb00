import type { Ctx } from '../context';
import type { Executor } from '../db/index';
import { insertAccessLog } from './access-log.repository';
import { decryptField, encryptField } from './field-crypto';

/** Where a private value lives and whose it is. */
export interface PrivateFieldRef {
	resource: string;
	resourceId: string;
	field: string;
	ownerId: string | null;
	networkId: string | null;
}

/** Encrypts a private value for storage (null stays null). */
export function sealPrivate(ctx: Pick<Ctx, 'secrets'>, ref: Pick<PrivateFieldRef, 'resource' | 'field'>, value: string | null): string | null {
	return value === null ? null : encryptField(ctx.secrets, `${ref.resource}.${ref.field}`, value);
}

/**
 * The one audited way to read a private field. The caller has already asked the policy whether
 * `actorId` may see it; this decrypts and, when the reader is not the owner, writes an access-log
 * row (who, what, when, why) that the owner can read.
 */
export async function readPrivate(
	ctx: Pick<Ctx, 'secrets' | 'now'>,
	db: Executor,
	actorId: string,
	ref: PrivateFieldRef,
	stored: string | null,
	purpose: string
): Promise<string | null> {
	if (stored === null) return null;
	const value = decryptField(ctx.secrets, `${ref.resource}.${ref.field}`, stored);
	if (actorId !== ref.ownerId) {
		await insertAccessLog(db, {
			networkId: ref.networkId,
			actorId,
			subjectId: ref.ownerId,
			resource: ref.resource,
			resourceId: ref.resourceId,
			field: ref.field,
			purpose,
			at: ctx.now()
		});
	}
	return value;
}

import { ServiceError } from '../../src/lib/server/errors';
import { PolicyError } from '../../src/lib/server/policy/policy';

/**
 * How a service call ended: 'ok', the ServiceError code, or `policy:<reason>` for a refusal by
 * the policy. Anything else is a bug and is rethrown.
 */
export async function outcome(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof ServiceError) return e.code;
		if (e instanceof PolicyError) return `policy:${e.reason}`;
		throw e;
	}
}

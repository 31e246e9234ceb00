import { parseWith } from '../../src/lib/server/forms';
import { askSchema, type AskInput } from '../../src/lib/server/asks/asks.schema';
import type { NetworkAccess } from '../../src/lib/server/networks/networks.service';

/** A valid ask for `access`'s first area; every value a test asserts on should be passed in `over`. */
export function askInput(access: NetworkAccess, over: Record<string, unknown> = {}): AskInput {
	const parsed = parseWith(askSchema, {
		category: 'groceries',
		description: 'Groceries for a family of four: rice, beans, milk',
		urgency: 'days',
		area: access.areas[0]?.id ?? '',
		languages: ['es'],
		address: '1428 Elm Street, Apt 3',
		phone: '555-0100',
		accessNotes: 'Leave at the back door, do not knock',
		...over
	});
	if (!parsed.ok) throw new Error(`askInput: ${JSON.stringify(parsed.errors)}`);
	return parsed.data;
}

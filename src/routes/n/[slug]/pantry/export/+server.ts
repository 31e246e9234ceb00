import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { toCsv } from '$lib/domain/csv';
import { EXPORT_KINDS, exportRows } from '$lib/server/pantry/reports.service';
import { ServiceError } from '$lib/server/errors';
import { pantryFromParams } from '../pantry-route';
import { queryParam } from '$lib/server/forms';

/**
 * A month of the pantry as CSV for stewards: its stock movements, donations or distributions.
 * No donor's or booker's name is in any of them.
 */
export const GET: RequestHandler = async (event) => {
	const r = await pantryFromParams(event, 'pantry.manage');
	const kind = EXPORT_KINDS.find((k) => k === queryParam(event.url, 'kind'));
	const month = queryParam(event.url, 'month') ?? '';
	if (kind === undefined) error(400, 'kind');
	let rows: (string | number | null)[][];
	try {
		rows = await exportRows(r.ctx, r.actor, r.access, kind, month);
	} catch (e) {
		if (e instanceof ServiceError && e.code === 'invalid') error(400, 'month');
		throw e;
	}
	const name = `${r.access.network.slug}-pantry-${kind}-${month}.csv`;
	// A UTF-8 byte-order mark so spreadsheet programs read accents correctly.
	return new Response(`\uFEFF${toCsv(rows)}`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${encodeURIComponent(name)}"`,
			'cache-control': 'no-store'
		}
	});
};

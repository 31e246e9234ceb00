import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { toCsv } from '$lib/domain/csv';
import { toDecimalString } from '$lib/domain/money';
import { exportEntries, yearlySummary } from '$lib/server/funds/funds.service';
import { fundFromParams } from '../../fund-route';
import { queryParam } from '$lib/server/forms';

/**
 * Bookkeeping exports for stewards: every ledger line of a year, or the year's summary. No
 * names and no payee details are in either; amounts are plain decimals in the fund's currency.
 */
export const GET: RequestHandler = async (event) => {
	const r = await fundFromParams(event, 'fund.record');
	const actor = r.actor;
	const year = Number(queryParam(event.url, 'year') ?? '');
	if (!Number.isInteger(year) || year < 2000 || year > 2100) error(400, 'year');
	const kind = queryParam(event.url, 'kind');
	const f = r.fc.fund;
	const dec = (minor: number) => toDecimalString(minor, f.minorDigits);
	let rows: (string | number | null)[][];
	if (kind === 'entries') {
		const lines = await exportEntries(r.ctx, actor, r.access, r.fc, year);
		rows = [
			['transaction', 'kind', 'occurred_on', 'recorded_at', 'account', 'debit', 'credit', 'currency', 'purpose', 'memo', 'reverses'],
			...lines.map((l) => [
				l.txnId,
				l.kind,
				l.occurredOn,
				l.recordedAt.toISOString(),
				l.account,
				l.amountMinor > 0 ? dec(l.amountMinor) : '',
				l.amountMinor < 0 ? dec(-l.amountMinor) : '',
				f.currency,
				l.purpose,
				l.memo,
				l.reversesId
			])
		];
	} else if (kind === 'summary') {
		const s = await yearlySummary(r.ctx, actor, r.access, r.fc, year);
		rows = [
			['line', 'amount', 'currency'],
			['opening_cash', dec(s.openingCashMinor), f.currency],
			['donations', dec(s.donationsMinor), f.currency],
			['fees', dec(s.feesMinor), f.currency],
			['payments', dec(s.paymentsMinor), f.currency],
			['transfers_in', dec(s.transfersInMinor), f.currency],
			['transfers_out', dec(s.transfersOutMinor), f.currency],
			['corrections', dec(s.correctionsMinor), f.currency],
			['closing_cash', dec(s.closingCashMinor), f.currency],
			...s.approvedByPurpose.map((p) => [`approved_${p.purpose}`, dec(p.minor), f.currency]),
			['owed_at_end', dec(s.owedAtEndMinor), f.currency]
		];
	} else {
		error(400, 'kind');
	}
	const name = `${f.name.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}-${kind}-${year}.csv`;
	// A UTF-8 byte-order mark so spreadsheet programs read accents correctly.
	return new Response(`\uFEFF${toCsv(rows)}`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${encodeURIComponent(name)}"`,
			'cache-control': 'no-store'
		}
	});
};

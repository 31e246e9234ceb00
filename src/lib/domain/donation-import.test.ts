import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { parseProviderDate, readDonationRows } from './donation-import';

function read(text: string, locale = 'en', today = '2026-11-25') {
	const csv = parseCsv(text);
	if (!csv.ok) throw new Error(csv.code);
	return readDonationRows(csv.header, csv.rows, 2, locale, today);
}

describe('parseProviderDate', () => {
	it('reads ISO dates with or without a time', () => {
		expect(parseProviderDate('2026-11-03', 'en')).toBe('2026-11-03');
		expect(parseProviderDate('2026-11-03 14:22:10', 'en')).toBe('2026-11-03');
		expect(parseProviderDate('2026-11-03T14:22:10Z', 'es')).toBe('2026-11-03');
	});

	it('reads slashes month-first in English and day-first in Spanish, unless a part is over 12', () => {
		expect(parseProviderDate('11/03/2026', 'en')).toBe('2026-11-03');
		expect(parseProviderDate('11/03/2026', 'es')).toBe('2026-03-11');
		expect(parseProviderDate('25/11/2026', 'en')).toBe('2026-11-25');
		expect(parseProviderDate('11/25/2026', 'es')).toBe('2026-11-25');
	});

	it('refuses dates that do not exist and text that is not a date', () => {
		expect(parseProviderDate('2026-02-30', 'en')).toBeNull();
		expect(parseProviderDate('13/13/2026', 'en')).toBeNull();
		expect(parseProviderDate('yesterday', 'en')).toBeNull();
	});
});

describe('readDonationRows', () => {
	it('reads a PayPal-style export: gross, a negative fee kept as a positive fee, a name, a reference', () => {
		const r = read('Date,Name,Gross,Fee,Transaction ID\n11/20/2026,Ana,100.00,-3.20,TX-1\n');
		expect(r).toEqual({
			ok: true,
			rows: [{ line: 2, receivedOn: '2026-11-20', amountMinor: 10000, feeMinor: 320, reference: 'TX-1', donorName: 'Ana', problems: [], repeatOf: null }]
		});
	});

	it('reads a Spanish export with accents in the headers, semicolons and decimal commas', () => {
		const r = read('Fecha;Importe;Comisión;Referencia\n20/11/2026;1.250,50;1,20;R-9\n', 'es');
		expect(r.ok && r.rows[0]).toMatchObject({ receivedOn: '2026-11-20', amountMinor: 125050, feeMinor: 120, reference: 'R-9', problems: [] });
	});

	it('names the columns it cannot find', () => {
		expect(read('When,How much\n2026-11-20,5\n')).toEqual({ ok: false, missing: ['date', 'amount', 'reference'], duplicate: [] });
	});

	it('reports every problem of every row, by line', () => {
		const r = read(
			[
				'Date,Amount,Fee,ID',
				'2026-11-20,-5.00,,A', // a refund is not a donation
				'not a date,10.00,,B',
				'2026-12-01,10.00,,C', // after today
				'2026-11-20,10.005,,D', // more precision than dollars have
				'2026-11-20,10.00,12.00,E', // fee larger than the gift
				'2026-11-20,10.00,,' // no reference
			].join('\n')
		);
		if (!r.ok) throw new Error('columns');
		expect(r.rows.map((x) => [x.line, x.problems])).toEqual([
			[2, [{ field: 'amount', code: 'amount_not_positive' }]],
			[3, [{ field: 'date', code: 'invalid' }]],
			[4, [{ field: 'date', code: 'date_in_future' }]],
			[5, [{ field: 'amount', code: 'amount_too_precise' }]],
			[6, [{ field: 'fee', code: 'fee_too_large' }]],
			[7, [{ field: 'reference', code: 'required' }]]
		]);
	});

	it('counts a repeated row once and flags the same reference with another amount', () => {
		const r = read('Date,Amount,ID\n2026-11-20,10.00,A\n2026-11-20,10.00,A\n2026-11-21,99.00,A\n');
		if (!r.ok) throw new Error('columns');
		expect(r.rows.map((x) => [x.repeatOf, x.problems])).toEqual([
			[null, []],
			[2, []],
			[null, [{ field: 'reference', code: 'duplicate_reference' }]]
		]);
	});
});

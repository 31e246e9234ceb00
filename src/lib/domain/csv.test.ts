import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, detectDelimiter, headerIndex, normalizeHeader, parseCsv, toCsv } from './csv';

function utf16le(text: string, bom = true): Uint8Array {
	const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
	let at = 0;
	if (bom) {
		out[0] = 0xff;
		out[1] = 0xfe;
		at = 2;
	}
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		out[at + i * 2] = code & 0xff;
		out[at + i * 2 + 1] = code >> 8;
	}
	return out;
}

function utf16be(text: string): Uint8Array {
	const le = utf16le(text);
	const out = new Uint8Array(le.length);
	for (let i = 0; i < le.length; i += 2) {
		out[i] = le[i + 1] ?? 0;
		out[i + 1] = le[i] ?? 0;
	}
	return out;
}

describe('decodeCsvBytes', () => {
	const encoder = new TextEncoder();

	it('decodes UTF-8 without a BOM', () => {
		expect(decodeCsvBytes(encoder.encode('Comisión;Importe\n1;2'))).toEqual({ ok: true, text: 'Comisión;Importe\n1;2' });
	});

	it('strips a UTF-8 BOM', () => {
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('a,b')]);
		expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text: 'a,b' });
	});

	it('refuses invalid UTF-8 instead of inserting replacement characters', () => {
		// 0xE9 is "é" in Latin-1, which is not valid UTF-8 on its own.
		const bytes = new Uint8Array([0x43, 0x6f, 0x6d, 0x69, 0x73, 0x69, 0xf3, 0x6e, 0x0a, 0xe9]);
		expect(decodeCsvBytes(bytes)).toEqual({ ok: false, code: 'bad_encoding' });
	});

	it('decodes UTF-16 LE and BE when they carry a BOM', () => {
		expect(decodeCsvBytes(utf16le('Comisión\t€\r\n1\t2'))).toEqual({ ok: true, text: 'Comisión\t€\r\n1\t2' });
		expect(decodeCsvBytes(utf16be('Comisión\t€'))).toEqual({ ok: true, text: 'Comisión\t€' });
	});

	it('refuses UTF-16 without a BOM, which would otherwise pass as UTF-8 full of NULs', () => {
		expect(decodeCsvBytes(utf16le('amount,date', false))).toEqual({ ok: false, code: 'bad_encoding' });
	});

	it('refuses a UTF-16 body cut in the middle of a code unit', () => {
		expect(decodeCsvBytes(new Uint8Array([0xfe, 0xff, 0x00, 0x61, 0x00]))).toEqual({ ok: false, code: 'bad_encoding' });
		expect(decodeCsvBytes(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x62]))).toEqual({ ok: false, code: 'bad_encoding' });
	});

	it('decodes an empty upload to empty text', () => {
		expect(decodeCsvBytes(new Uint8Array())).toEqual({ ok: true, text: '' });
	});
});

describe('parseCsv', () => {
	it('reads a simple file with a trimmed header', () => {
		expect(parseCsv(' date , amount\n2026-01-05,1200\n2026-01-06,300\n')).toEqual({
			ok: true,
			header: ['date', 'amount'],
			rows: [
				{ line: 2, cells: ['2026-01-05', '1200'] },
				{ line: 3, cells: ['2026-01-06', '300'] }
			]
		});
	});

	it('keeps data cells as written, spaces included', () => {
		const result = parseCsv('a,b\n x , y\n');
		expect(result.ok && result.rows[0]?.cells).toEqual([' x ', ' y']);
	});

	it('handles quotes, escaped quotes and delimiters inside quotes', () => {
		const result = parseCsv('name,note\n"Smith, Ana","She said ""hi"""\n');
		expect(result.ok && result.rows[0]?.cells).toEqual(['Smith, Ana', 'She said "hi"']);
	});

	it('reports the physical start line of rows after a quoted field with newlines', () => {
		const text = 'name,note\r\nAna,"line one\r\nline two\r\nline three"\r\nBen,short\r\n\r\nCai,"x\ny"\nDee,z';
		const result = parseCsv(text);
		expect(result).toEqual({
			ok: true,
			header: ['name', 'note'],
			rows: [
				{ line: 2, cells: ['Ana', 'line one\nline two\nline three'] },
				{ line: 5, cells: ['Ben', 'short'] },
				{ line: 7, cells: ['Cai', 'x\ny'] },
				{ line: 9, cells: ['Dee', 'z'] }
			]
		});
	});

	it('accepts LF, CRLF and lone CR line ends alike', () => {
		const expected = [
			{ line: 2, cells: ['1', '2'] },
			{ line: 3, cells: ['3', '4'] }
		];
		for (const eol of ['\n', '\r\n', '\r']) {
			const result = parseCsv(['a,b', '1,2', '3,4'].join(eol) + eol);
			expect(result.ok && result.rows).toEqual(expected);
		}
	});

	it('skips blank lines, including leading ones, without losing line numbers', () => {
		const result = parseCsv('\n\na,b\n\n1,2\n   \n3,4\n\n');
		expect(result).toEqual({
			ok: true,
			header: ['a', 'b'],
			rows: [
				{ line: 5, cells: ['1', '2'] },
				{ line: 7, cells: ['3', '4'] }
			]
		});
	});

	it('keeps a row of empty cells, which is not a blank line', () => {
		const result = parseCsv('a,b\n,\n');
		expect(result.ok && result.rows).toEqual([{ line: 2, cells: ['', ''] }]);
	});

	it('reads a semicolon file from a Spanish spreadsheet, decimal commas intact', () => {
		const result = parseCsv('Fecha;Importe;Comisión\n05/01/2026;1.200,50;"3,5"\n');
		expect(result).toEqual({
			ok: true,
			header: ['Fecha', 'Importe', 'Comisión'],
			rows: [{ line: 2, cells: ['05/01/2026', '1.200,50', '3,5'] }]
		});
	});

	it('reads a tab-separated file', () => {
		const result = parseCsv('a\tb\n1,5\t2\n');
		expect(result.ok && result.rows[0]?.cells).toEqual(['1,5', '2']);
	});

	it('uses the delimiter it is given over the guess', () => {
		const result = parseCsv('a;b,c\n1;2,3\n', { delimiter: ',' });
		expect(result.ok && result.header).toEqual(['a;b', 'c']);
	});

	it('strips a BOM left at the start of the text', () => {
		const result = parseCsv('\uFEFFamount\n5\n');
		expect(result.ok && result.header).toEqual(['amount']);
	});

	it('reports an unterminated quote with the line of its record', () => {
		expect(parseCsv('a,b\n1,2\n3,"never closed\n4,5\n')).toEqual({ ok: false, code: 'csv_unterminated_quote', line: 3 });
	});

	it('treats empty, blank and header-only files as empty', () => {
		expect(parseCsv('')).toEqual({ ok: false, code: 'csv_empty' });
		expect(parseCsv('\r\n\n  \n')).toEqual({ ok: false, code: 'csv_empty' });
		expect(parseCsv('a,b\r\n')).toEqual({ ok: false, code: 'csv_empty' });
	});

	it('accepts exactly maxRows rows and refuses one more', () => {
		expect(parseCsv('a\n1\n2\n3\n', { maxRows: 3 }).ok).toBe(true);
		expect(parseCsv('a\n1\n2\n3\n4\n', { maxRows: 3 })).toEqual({ ok: false, code: 'csv_too_many_rows', line: 5 });
	});

	it('refuses a 100,001-row file at row 10,001 without reading the rest', () => {
		const text = 'amount\n' + '1\n'.repeat(100_000) + '"unterminated';
		// The file ends in an unterminated quote: reaching it would report that instead.
		expect(parseCsv(text)).toEqual({ ok: false, code: 'csv_too_many_rows', line: 10_002 });
	});
});

describe('detectDelimiter', () => {
	it('picks the most frequent delimiter outside quotes on the header line', () => {
		expect(detectDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
		expect(detectDelimiter('"a,b,c";d;e')).toBe(';');
		expect(detectDelimiter('a\tb\tc')).toBe('\t');
		expect(detectDelimiter('\n\nFecha;Importe;Comisión (1,5%)\n')).toBe(';');
		expect(detectDelimiter('single')).toBe(',');
	});
});

describe('headerIndex', () => {
	const aliases = {
		date: ['date', 'fecha'],
		amount: ['amount', 'gross', 'monto', 'importe'],
		fee: ['fee', 'comision'],
		note: ['note', 'nota']
	} as const;

	it('matches names ignoring case, spaces, accents and bracketed notes', () => {
		expect(headerIndex([' Fecha (UTC) ', 'IMPORTE', 'Comisión [€]'], aliases, ['date', 'amount'])).toEqual({
			ok: true,
			index: { date: 0, amount: 1, fee: 2 }
		});
	});

	it('lists every required field that has no column', () => {
		expect(headerIndex(['Nota'], aliases, ['date', 'amount'])).toEqual({ ok: false, missing: ['date', 'amount'], duplicate: [] });
	});

	it('refuses two columns for the same field, even an optional one', () => {
		expect(headerIndex(['date', 'gross', 'amount', 'fee', 'Comisión'], aliases, ['date'])).toEqual({
			ok: false,
			missing: [],
			duplicate: ['amount', 'fee']
		});
	});

	it('never matches an empty header cell', () => {
		const result = headerIndex(['', 'date'], { date: ['date'], blank: [''] }, ['date']);
		expect(result).toEqual({ ok: true, index: { date: 1 } });
	});
});

describe('normalizeHeader', () => {
	it('reduces punctuation to single spaces', () => {
		expect(normalizeHeader('Paid_at (UTC)')).toBe('paid at');
		expect(normalizeHeader('  Niño/a  ')).toBe('nino a');
	});
});

describe('toCsv', () => {
	it('writes CRLF rows, quoting only where needed, null as empty', () => {
		expect(
			toCsv([
				['name', 'amount', 'note'],
				['Ana', 1200, null],
				['Smith, Ben', -12.5, 'said "hi"\nthen left'],
				['x;y', 0, ' padded ']
			])
		).toBe('name,amount,note\r\nAna,1200,\r\n"Smith, Ben",-12.5,"said ""hi""\nthen left"\r\n"x;y",0," padded "\r\n');
	});

	it('defuses text that a spreadsheet would run as a formula', () => {
		expect(toCsv([['=HYPERLINK("http://evil")', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'a=b']])).toBe(
			`"'=HYPERLINK(""http://evil"")",'+1,'-1,'@SUM(A1),'\tx,"'\rx",a=b\r\n`
		);
	});

	it('round-trips through parseCsv', () => {
		const rows = [
			['name', 'note'],
			['Ana, María', 'line\nbreak "quoted"'],
			['Ben', '']
		];
		const result = parseCsv(toCsv(rows));
		expect(result).toEqual({
			ok: true,
			header: ['name', 'note'],
			rows: [
				{ line: 2, cells: ['Ana, María', 'line\nbreak "quoted"'] },
				{ line: 4, cells: ['Ben', ''] }
			]
		});
	});
});

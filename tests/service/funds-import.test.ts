import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countDonations, countTxns } from '../../src/lib/server/funds/funds.repository';
import { checkLedger, fundBalances, importDonations, ImportFileError, IMPORT_MAX_ROWS } from '../../src/lib/server/funds/funds.service';
import { loadNetworkAccess } from '../../src/lib/server/networks/networks.service';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { actor, asPerson, buildFund, buildFundCommunity, type FundPerson } from '../helpers/funds';
import { outcome } from '../helpers/outcome';

const FILE = 'Date,Name,Gross,Fee,Transaction ID\n2026-11-20,Ana,100.00,3.20,TX-1\n2026-11-21,,250.00,0,TX-2\n';
const bytes = (text: string) => new TextEncoder().encode(text);

describe.each(DIALECTS)('importing donations from a CSV on %s', (dialect) => {
	let t: TestDb;
	let steward: FundPerson;
	let neighbour: FundPerson;
	let fundId: string;
	beforeAll(async () => {
		t = await createTestDb(dialect);
		const c = await buildFundCommunity(t.ctx);
		fundId = await buildFund(t.ctx, actor(c.admin), await loadNetworkAccess(t.ctx, actor(c.admin), c.net.slug));
		steward = await asPerson(t.ctx, c.stewards[0] ?? '', c.net.slug, fundId);
		neighbour = await asPerson(t.ctx, c.neighbours[0] ?? '', c.net.slug, fundId);
	});
	afterAll(async () => t.close());

	const run = (file: Uint8Array | string, commit: boolean, who: FundPerson = steward) =>
		importDonations(t.ctx, who.actor, who.access, who.fc, { file, method: 'card_processor', commit }, 'en');
	const counts = async () => [await countDonations(t.ctx.db, fundId), await countTxns(t.ctx.db, fundId)];

	it('previews without writing, then imports every new row with its fee as its own entry', async () => {
		const preview = await run(bytes(FILE), false);
		expect(preview.committed).toBe(false);
		expect(preview.counts).toEqual({ new: 2, alreadyImported: 0, repeats: 0, errors: 0 });
		expect(await counts()).toEqual([0, 0]);

		const done = await run(bytes(FILE), true);
		expect(done.committed).toBe(true);
		expect(done.newMinor).toBe(35000);
		// Two donations, three transactions: each gift and the one fee.
		expect(await counts()).toEqual([2, 3]);
		const b = await fundBalances(t.ctx, steward.actor, steward.access, steward.fc);
		expect([b.donatedMinor, b.feesMinor, b.cashMinor]).toEqual([35000, 320, 34680]);
	});

	it('imports the same file a second time as nothing new (idempotent on the provider reference)', async () => {
		const again = await run(bytes(FILE), true);
		expect(again.committed).toBe(true);
		expect(again.counts).toEqual({ new: 0, alreadyImported: 2, repeats: 0, errors: 0 });
		expect(await counts()).toEqual([2, 3]);
	});

	it('writes nothing at all when any row has a problem, and says which', async () => {
		const file = 'Date,Gross,Transaction ID\n2026-11-22,20.00,TX-3\n2026-11-22,-20.00,TX-4\n';
		const r = await run(bytes(file), true);
		expect(r.committed).toBe(false);
		expect(r.rows.filter((x) => x.status === 'error').map((x) => [x.line, x.problems])).toEqual([[3, [{ field: 'amount', code: 'amount_not_positive' }]]]);
		expect(await counts()).toEqual([2, 3]);
	});

	it('flags a reference already imported with a different amount instead of skipping it', async () => {
		const r = await run(bytes('Date,Gross,Transaction ID\n2026-11-20,999.00,TX-1\n'), false);
		expect(r.rows[0]?.status).toBe('error');
		expect(r.rows[0]?.problems).toEqual([{ field: 'reference', code: 'duplicate_reference' }]);
	});

	it('refuses files it cannot read: wrong encoding, missing columns, too many rows, empty', async () => {
		const latin1 = Uint8Array.from([...bytes('Date,Gross,ID\n2026-11-20,5.00,Jos'), 0xe9, 0x0a]);
		const codes = await Promise.all([
			outcome(run(latin1, false)),
			outcome(run(bytes('When,How much\n2026-11-20,5\n'), false)),
			outcome(run(`Date,Gross,ID\n${'2026-11-20,1.00,X\n'.repeat(IMPORT_MAX_ROWS + 1)}`, false)),
			outcome(run(bytes('Date,Gross,ID\n'), false))
		]);
		expect(codes).toEqual(['csv_bad_encoding', 'csv_columns', 'csv_too_many_rows', 'csv_empty']);
		const missing = await run(bytes('When,How much\n2026-11-20,5\n'), false).catch((e: unknown) => e);
		expect(missing instanceof ImportFileError ? missing.detail.missing : null).toEqual(['date', 'amount', 'reference']);
		expect(await counts()).toEqual([2, 3]);
	});

	it('is for stewards: a neighbour is refused', async () => {
		expect(await outcome(run(bytes(FILE), false, neighbour))).toBe('policy:forbidden');
	});

	it('records each row once when the same file is imported twice at the same moment', async () => {
		const file = 'Date,Gross,Transaction ID\n2026-11-23,7.00,TX-10\n2026-11-23,8.00,TX-11\n';
		const results = await Promise.all([outcome(run(bytes(file), true)), outcome(run(bytes(file), true))]);
		expect(results.every((r) => r === 'ok' || r === 'duplicate_reference')).toBe(true);
		expect(await counts()).toEqual([4, 5]);
		const check = await checkLedger(t.ctx);
		expect([check.drift, check.unbalanced]).toEqual([[], []]);
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/lib/server/instance/demo';
import { checkLedger } from '../../src/lib/server/funds/funds.service';
import { randomBytes } from 'node:crypto';
import {
	checkInstanceKey,
	completeSetup,
	isSetupComplete,
	issueSetupCode,
	reissueSetupCode,
	SETUP_CODE_HOURS,
	type SetupCodeIssue
} from '../../src/lib/server/instance/instance.service';
import { secretsFromMaster } from '../../src/lib/server/privacy/secret';
import { buildUser } from '../helpers/factories';
import type { SetupInput } from '../../src/lib/server/instance/instance.schema';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { outcome } from '../helpers/outcome';

/** The code a start printed; fails the test when it printed only the time of another's. */
function printed(issue: SetupCodeIssue | null): string {
	if (issue === null || !('code' in issue)) throw new Error(`no code printed: ${JSON.stringify(issue)}`);
	return issue.code;
}

function setupInput(code: string, over: Partial<SetupInput> = {}): SetupInput {
	return {
		setupCode: code,
		networkName: 'Maple Street',
		networkSlug: 'maple-street',
		joinPolicy: 'approval',
		displayName: 'Rosa',
		username: 'rosa',
		email: null,
		passphrase: 'blue kettle on tuesdays',
		passphraseConfirm: 'blue kettle on tuesdays',
		...over
	};
}

describe.each(DIALECTS)('first-run setup on %s', (dialect) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(dialect);
	});
	afterAll(async () => t.close());

	it('keeps only a keyed hash of the setup code and refuses a wrong one', async () => {
		const code = printed(await issueSetupCode(t.ctx));
		expect(code).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
		const stored = await t.ctx.db.selectFrom('instance_settings').select(['key', 'value']).execute();
		expect(JSON.stringify(stored)).not.toContain(code);
		expect(await outcome(completeSetup(t.ctx, setupInput('aaaa-bbbb-cccc'), 'en'))).toBe('wrong_setup_code');
		expect(await isSetupComplete(t.ctx)).toBe(false);
	});

	it('processes starting together print one code between them; the others say when it was issued', async () => {
		await reissueSetupCode(t.ctx);
		t.clock.advance((SETUP_CODE_HOURS + 1) * 3600_000);
		// Five processes start at once on one database (separate connections).
		const others = Array.from({ length: 4 }, () => t.openAnother());
		try {
			const starts = await Promise.all([t.ctx, ...others.map((h) => ({ ...t.ctx, db: h.db }))].map((ctx) => issueSetupCode(ctx)));
			const codes = starts.filter((s): s is { code: string } => s !== null && 'code' in s);
			expect(codes).toHaveLength(1);
			const told = starts.filter((s): s is { issuedAt: Date } => s !== null && 'issuedAt' in s);
			expect(told).toHaveLength(4);
			for (const s of told) expect(s.issuedAt.toISOString()).toBe(t.clock.now().toISOString());
			// A restart within the day prints no new code; the one printed still works later.
			t.clock.advance(3600_000);
			expect(await issueSetupCode(t.ctx)).toEqual({ issuedAt: told[0]?.issuedAt });
			expect(await outcome(completeSetup(t.ctx, setupInput('aaaa-bbbb-cccc'), 'en'))).toBe('wrong_setup_code');
			// npm run setup:code retires it for a fresh one.
			const fresh = await reissueSetupCode(t.ctx);
			expect(fresh).not.toBe(codes[0]?.code);
			expect(await outcome(completeSetup(t.ctx, setupInput(codes[0]?.code ?? ''), 'en'))).toBe('wrong_setup_code');
		} finally {
			await Promise.all(others.map((h) => h.close()));
		}
	});

	it('a code older than a day no longer works, and the next start prints a new one', async () => {
		const code = (await reissueSetupCode(t.ctx)) ?? '';
		t.clock.advance(SETUP_CODE_HOURS * 3600_000 + 1000);
		expect(await outcome(completeSetup(t.ctx, setupInput(code), 'en'))).toBe('wrong_setup_code');
		expect(printed(await issueSetupCode(t.ctx))).not.toBe(code);
	});

	it('exactly one of many simultaneous setups wins; the rest are told it is done', async () => {
		const code = (await reissueSetupCode(t.ctx)) ?? '';
		const attempts = Array.from({ length: 8 }, (_, i) =>
			outcome(completeSetup(t.ctx, setupInput(code.toUpperCase(), { username: `admin-${i}`, networkSlug: `net-${i}` }), 'es'))
		);
		const results = await Promise.all(attempts);
		expect(results.filter((r) => r === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r === 'setup_done' || r === 'wrong_setup_code')).toHaveLength(7);
		expect(await isSetupComplete(t.ctx)).toBe(true);
		const admins = await t.ctx.db.selectFrom('users').select(['username', 'is_instance_admin', 'locale']).execute();
		expect(admins).toHaveLength(1);
		expect(Boolean(admins[0]?.is_instance_admin)).toBe(true);
		expect(admins[0]?.locale).toBe('es');
		const memberships = await t.ctx.db.selectFrom('memberships').select(['role', 'status']).execute();
		expect(memberships).toEqual([{ role: 'admin', status: 'active' }]);
		expect(await issueSetupCode(t.ctx)).toBeNull();
		expect(await reissueSetupCode(t.ctx)).toBeNull();
	});
});

describe.each(DIALECTS)('demo seed on %s', (dialect) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(dialect);
	});
	afterAll(async () => t.close());

	it('creates a member in every role and refuses to run twice', async () => {
		expect(await seedDemo(t.ctx)).toBe(true);
		const rows = await t.ctx.db
			.selectFrom('memberships')
			.innerJoin('users', 'users.id', 'memberships.user_id')
			.innerJoin('networks', 'networks.id', 'memberships.network_id')
			.select(['users.username', 'memberships.role', 'memberships.status', 'networks.slug'])
			.orderBy('users.username')
			.execute();
		expect(rows).toEqual([
			{ username: 'demo-admin', role: 'admin', status: 'active', slug: 'maple-street' },
			{ username: 'demo-neighbor', role: 'neighbor', status: 'active', slug: 'maple-street' },
			{ username: 'demo-other', role: 'admin', status: 'active', slug: 'eastgate-tenants' },
			{ username: 'demo-pending', role: 'neighbor', status: 'pending', slug: 'maple-street' },
			{ username: 'demo-steward', role: 'steward', status: 'active', slug: 'maple-street' },
			{ username: 'demo-vecina', role: 'neighbor', status: 'active', slug: 'maple-street' }
		]);
		expect(await isSetupComplete(t.ctx)).toBe(true);
		expect(await seedDemo(t.ctx)).toBe(false);
	});

	it('gives the demo a rent-support fund with a paid request, one waiting for a second approval, and a clean ledger', async () => {
		const requests = await t.ctx.db.selectFrom('fund_requests').select(['status', 'purpose']).orderBy('created_at').execute();
		expect(requests).toEqual([
			{ status: 'paid', purpose: 'rent' },
			{ status: 'pending', purpose: 'utilities' }
		]);
		const check = await checkLedger(t.ctx);
		expect(check.drift).toEqual([]);
		expect(check.unbalanced).toEqual([]);
		expect(check.transactions).toBeGreaterThanOrEqual(6);
	});
});

describe.each(DIALECTS)('instance key on %s', (dialect) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(dialect);
	});
	afterAll(async () => t.close());

	it('records the key on first start, and refuses to start with another key, naming both and where the key belongs', async () => {
		expect(await checkInstanceKey(t.ctx, 'HEARTH_SECRET')).toBe(t.ctx.secrets.fieldKeyId);
		expect(await checkInstanceKey(t.ctx, 'HEARTH_SECRET')).toBe(t.ctx.secrets.fieldKeyId);
		const restoredWithoutKey = { ...t.ctx, secrets: secretsFromMaster(randomBytes(32)) };
		const refusal = await checkInstanceKey(restoredWithoutKey, '/srv/hearth/instance.key').then(
			() => 'started',
			(e: unknown) => (e instanceof Error ? e.message : String(e))
		);
		expect(refusal).toContain(`sealed with instance key ${t.ctx.secrets.fieldKeyId}`);
		expect(refusal).toContain(`the key in /srv/hearth/instance.key is ${restoredWithoutKey.secrets.fieldKeyId}`);
	});

	it('judges a database from before the record by the private values it holds', async () => {
		const old = await createTestDb(dialect);
		try {
			// Written before the key id was recorded: an email sealed with this instance's key.
			await buildUser(old.ctx, { username: `sealed-${dialect}`, email: 'someone@example.org' });
			const otherKey = { ...old.ctx, secrets: secretsFromMaster(randomBytes(32)) };
			await expect(checkInstanceKey(otherKey, 'HEARTH_SECRET')).rejects.toThrow(`sealed with instance key ${old.ctx.secrets.fieldKeyId}`);
			// Refusing records nothing; the right key starts, and is recorded from then on.
			expect(await old.ctx.db.selectFrom('instance_settings').select('key').where('key', '=', 'field_key_id').execute()).toEqual([]);
			expect(await checkInstanceKey(old.ctx, 'HEARTH_SECRET')).toBe(old.ctx.secrets.fieldKeyId);
			expect(await old.ctx.db.selectFrom('instance_settings').select('value').where('key', '=', 'field_key_id').execute()).toEqual([
				{ value: old.ctx.secrets.fieldKeyId }
			]);
		} finally {
			await old.close();
		}
	});
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/lib/server/instance/demo';
import { checkLedger } from '../../src/lib/server/funds/funds.service';
import { completeSetup, isSetupComplete, issueSetupCode } from '../../src/lib/server/instance/instance.service';
import type { SetupInput } from '../../src/lib/server/instance/instance.schema';
import { DIALECTS, createTestDb, type TestDb } from '../helpers/db';
import { outcome } from '../helpers/outcome';

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
		const code = await issueSetupCode(t.ctx);
		expect(code).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
		const stored = await t.ctx.db.selectFrom('instance_settings').select(['key', 'value']).execute();
		expect(JSON.stringify(stored)).not.toContain(code ?? 'x');
		expect(await outcome(completeSetup(t.ctx, setupInput('aaaa-bbbb-cccc'), 'en'))).toBe('wrong_setup_code');
		expect(await isSetupComplete(t.ctx)).toBe(false);
	});

	it('a newer code replaces the older one', async () => {
		const first = await issueSetupCode(t.ctx);
		const second = await issueSetupCode(t.ctx);
		expect(await outcome(completeSetup(t.ctx, setupInput(first ?? ''), 'en'))).toBe('wrong_setup_code');
		expect(second).not.toBe(first);
	});

	it('exactly one of many simultaneous setups wins; the rest are told it is done', async () => {
		const code = (await issueSetupCode(t.ctx)) ?? '';
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

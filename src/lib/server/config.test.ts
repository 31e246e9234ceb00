import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { loadOrCreateSecret } from './privacy/secret';

describe('loadConfig', () => {
	it('defaults to a SQLite file in ./data', () => {
		const c = loadConfig({});
		expect(c.database).toEqual({ kind: 'sqlite', file: './data/hearth.sqlite' });
		expect(c.demo).toBe(false);
		expect(c.sessionDays).toBe(30);
	});
	it('gives the demo its own database file', () => {
		expect(loadConfig({ HEARTH_DEMO: '1', HEARTH_DATA_DIR: '/srv/h' }).database).toEqual({ kind: 'sqlite', file: '/srv/h/demo.sqlite' });
	});
	it('reads a PostgreSQL URL', () => {
		expect(loadConfig({ DATABASE_URL: 'postgres://u@db/hearth' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@db/hearth' });
	});
	it('lists every problem with a clear message', () => {
		let error: unknown;
		try {
			loadConfig({ DATABASE_URL: 'mysql://x', HEARTH_SECRET: 'short', HEARTH_SESSION_DAYS: '0' });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ConfigError);
		const problems = error instanceof ConfigError ? error.problems : [];
		expect(problems).toHaveLength(3);
		expect(problems.join('\n')).toMatch(/DATABASE_URL: must start with postgres/);
		expect(problems.join('\n')).toMatch(/HEARTH_SECRET: must be 64 hexadecimal/);
	});
});

describe('instance secret', () => {
	it('is created once in the data folder, readable by the owner only, and reused', () => {
		const dir = mkdtempSync(join(tmpdir(), 'hearth-secret-'));
		const first = loadOrCreateSecret(dir, undefined);
		expect(first.created).toBe(true);
		expect(first.master).toHaveLength(32);
		expect(statSync(join(dir, 'instance.key')).mode & 0o777).toBe(0o600);
		const again = loadOrCreateSecret(dir, undefined);
		expect(again.created).toBe(false);
		expect(again.master.equals(first.master)).toBe(true);
		expect(readFileSync(join(dir, 'instance.key'), 'utf8').trim()).toBe(first.master.toString('hex'));
	});
	it('uses HEARTH_SECRET when given', () => {
		const hex = 'ab'.repeat(32);
		expect(loadOrCreateSecret('/nonexistent', hex).master.toString('hex')).toBe(hex);
	});
});

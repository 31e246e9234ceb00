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

describe('email settings', () => {
	it('are off without HEARTH_SMTP_URL', () => {
		expect(loadConfig({}).mail).toBeNull();
		expect(loadConfig({ HEARTH_MAIL_FROM: 'hearth@aid.example.org' }).mail).toBeNull();
	});

	it('read host, port, credentials and the From address', () => {
		const mail = loadConfig({
			HEARTH_SMTP_URL: 'smtp://relay%40aid:p%40ss%3Aword@mail.example.org:2525?requireTLS=true',
			HEARTH_MAIL_FROM: 'Eastgate Hearth <hearth@Aid.Example.org>',
			ORIGIN: 'https://aid.example.org/'
		}).mail;
		expect(mail).toEqual({
			host: 'mail.example.org',
			port: 2525,
			secure: false,
			requireTLS: true,
			rejectUnauthorized: true,
			auth: { user: 'relay@aid', pass: 'p@ss:word' },
			from: 'Eastgate Hearth <hearth@Aid.Example.org>',
			fromAddress: 'hearth@Aid.Example.org',
			fromDomain: 'aid.example.org',
			origin: 'https://aid.example.org'
		});
	});

	it('default the port by scheme and allow a relay without credentials', () => {
		const plain = loadConfig({ HEARTH_SMTP_URL: 'smtp://127.0.0.1', HEARTH_MAIL_FROM: 'hearth@localhost' }).mail;
		expect(plain).toMatchObject({ host: '127.0.0.1', port: 587, secure: false, auth: null, origin: null });
		const tls = loadConfig({ HEARTH_SMTP_URL: 'smtps://u:p@mail.example.org?tls.rejectUnauthorized=false', HEARTH_MAIL_FROM: 'hearth@example.org' }).mail;
		expect(tls).toMatchObject({ port: 465, secure: true, rejectUnauthorized: false });
	});

	it('name every problem', () => {
		let error: unknown;
		try {
			loadConfig({ HEARTH_SMTP_URL: 'mail.example.org:587', ORIGIN: 'aid.example.org' });
		} catch (e) {
			error = e;
		}
		const problems = error instanceof ConfigError ? error.problems.join('\n') : '';
		expect(problems).toMatch(/HEARTH_SMTP_URL: must look like smtp:/);
		expect(problems).toMatch(/HEARTH_MAIL_FROM: needed/);
		expect(problems).toMatch(/ORIGIN: must be the public address/);
		expect(() => loadConfig({ HEARTH_SMTP_URL: 'smtp://h', HEARTH_MAIL_FROM: 'not an address' })).toThrow(/HEARTH_MAIL_FROM: must be an address/);
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

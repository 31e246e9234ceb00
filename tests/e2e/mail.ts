import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEmail, type ReceivedEmail } from '../helpers/smtp';
import { expect } from './fixtures';
import type { E2eServer } from './servers';

/**
 * The email a server's SMTP sink has accepted (serve.js --smtp-port writes each message to
 * <dataDir>/mail/<n>.json), parsed like the service tests parse theirs.
 */
export function receivedMail(server: E2eServer): ReceivedEmail[] {
	if (server.smtpPort === undefined) throw new Error(`${server.name} has no SMTP sink: give it smtpOffset in servers.ts`);
	const dir = join(server.dataDir, 'mail');
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const m = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { envelopeFrom: string; envelopeTo: string[]; raw: string };
			return parseEmail(m.raw, m.envelopeFrom, m.envelopeTo);
		});
}

/**
 * Waits for the email sent to `address` (the job worker polls every few seconds) and answers it;
 * fails when none comes or when more than one does.
 */
export async function mailTo(server: E2eServer, address: string, timeout = 20_000): Promise<ReceivedEmail> {
	const to = () => receivedMail(server).filter((m) => m.envelopeTo.includes(address));
	await expect.poll(() => to().length, { message: `email to ${address}`, timeout, intervals: [250, 500, 1000] }).toBeGreaterThan(0);
	const all = to();
	expect(all, `exactly one email to ${address}`).toHaveLength(1);
	return all[0] as ReceivedEmail;
}

import { z } from 'zod';

/** Environment variables Hearth reads; each is documented in `.env.example`. */
const envSchema = z.object({
	HEARTH_DATA_DIR: z.string().min(1).default('./data'),
	DATABASE_URL: z
		.string()
		.regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres://, postgresql:// or sqlite: (for example sqlite:./data/hearth.sqlite)')
		.optional(),
	HEARTH_SECRET: z
		.string()
		.regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal characters (32 random bytes), e.g. from `openssl rand -hex 32`')
		.optional(),
	HEARTH_DEMO: z.enum(['0', '1', 'true', 'false']).default('0'),
	HEARTH_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
	HEARTH_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info')
});

export type Config = {
	dataDir: string;
	database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
	secretHex: string | undefined;
	demo: boolean;
	sessionDays: number;
	logLevel: 'debug' | 'info' | 'warn' | 'error';
	/** null: no email is sent; notifications stay in the in-app inbox. */
	mail: MailSettings | null;
};

export class ConfigError extends Error {
	constructor(public readonly problems: string[]) {
		super(`Hearth cannot start: the configuration is invalid.\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'ConfigError';
	}
}

/** Parses the environment once at start-up; throws a ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
	const parsed = envSchema.safeParse(env);
	const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
	const mail = readMailSettings(env);
	if (!parsed.success || !mail.ok) throw new ConfigError([...problems, ...(mail.ok ? [] : mail.problems)]);
	const e = parsed.data;
	const demo = e.HEARTH_DEMO === '1' || e.HEARTH_DEMO === 'true';
	const url = e.DATABASE_URL;
	const database: Config['database'] =
		url === undefined
			? { kind: 'sqlite', file: `${e.HEARTH_DATA_DIR.replace(/\/$/, '')}/${demo ? 'demo' : 'hearth'}.sqlite` }
			: url.startsWith('sqlite:')
				? { kind: 'sqlite', file: url.slice('sqlite:'.length) }
				: { kind: 'postgres', url };
	return {
		dataDir: e.HEARTH_DATA_DIR,
		database,
		secretHex: e.HEARTH_SECRET,
		demo,
		sessionDays: e.HEARTH_SESSION_DAYS,
		logLevel: e.HEARTH_LOG_LEVEL,
		mail: mail.settings
	};
}

// --- Email (SMTP) -----------------------------------------------------------------------------
// Optional: without HEARTH_SMTP_URL nothing is emailed and every notification stays in the inbox.
// Reads HEARTH_SMTP_URL, HEARTH_MAIL_FROM and, for absolute links in emails, the adapter's ORIGIN.

/** Where and how to send email, checked at start-up. The password never reaches a log. */
export interface MailSettings {
	host: string;
	port: number;
	/** TLS from the first byte (smtps://, usually port 465); otherwise STARTTLS when offered. */
	secure: boolean;
	/** Refuse to send unless the server upgrades to TLS (`?requireTLS=true`). */
	requireTLS: boolean;
	/** `?tls.rejectUnauthorized=false` accepts a self-signed certificate, for a relay on the same host. */
	rejectUnauthorized: boolean;
	auth: { user: string; pass: string } | null;
	/** The From header as given, e.g. `Hearth <hearth@aid.example.org>`. */
	from: string;
	fromAddress: string;
	/** The domain of the From address: Message-IDs are made under it (RFC 5322 §3.6.4). */
	fromDomain: string;
	/** The public origin (from ORIGIN) for links in emails; null leaves links out. */
	origin: string | null;
}

/** A user name or password in the URL may be percent-encoded (a password with `@` or `:` must be). */
function decodeUrlPart(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		return part;
	}
}

function httpOrigin(value: string): string | null {
	try {
		const url = new URL(value);
		return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
	} catch {
		return null;
	}
}

const FROM_PATTERN = /^(?:[^<>]*<\s*([^\s<>@]+@([^\s<>@]+))\s*>|([^\s<>@]+@([^\s<>@]+)))$/;

function readMailSettings(env: Record<string, string | undefined>): { ok: true; settings: MailSettings | null } | { ok: false; problems: string[] } {
	const url = env.HEARTH_SMTP_URL?.trim() || undefined;
	const from = env.HEARTH_MAIL_FROM?.trim() || undefined;
	if (url === undefined) return { ok: true, settings: null };
	const problems: string[] = [];
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') || parsed.hostname === '') {
		problems.push('HEARTH_SMTP_URL: must look like smtp://user:password@mail.example.org:587 (or smtps:// for TLS on port 465)');
		parsed = undefined;
	}
	const fromMatch = from === undefined ? null : FROM_PATTERN.exec(from);
	const fromAddress = fromMatch?.[1] ?? fromMatch?.[3];
	const fromDomain = fromMatch?.[2] ?? fromMatch?.[4];
	if (from === undefined) problems.push('HEARTH_MAIL_FROM: needed when HEARTH_SMTP_URL is set, e.g. Hearth <hearth@aid.example.org>');
	else if (!fromAddress || !fromDomain) problems.push('HEARTH_MAIL_FROM: must be an address, e.g. hearth@aid.example.org or Hearth <hearth@aid.example.org>');
	const origin = env.ORIGIN ? httpOrigin(env.ORIGIN) : null;
	if (env.ORIGIN && origin === null) problems.push('ORIGIN: must be the public address people use, e.g. https://aid.example.org');
	if (!parsed || from === undefined || !fromAddress || !fromDomain || problems.length > 0) return { ok: false, problems };
	const secure = parsed.protocol === 'smtps:';
	const user = decodeUrlPart(parsed.username);
	const pass = decodeUrlPart(parsed.password);
	return {
		ok: true,
		settings: {
			host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
			port: parsed.port === '' ? (secure ? 465 : 587) : Number(parsed.port),
			secure,
			requireTLS: parsed.searchParams.get('requireTLS') === 'true',
			rejectUnauthorized: parsed.searchParams.get('tls.rejectUnauthorized') !== 'false',
			auth: user === '' && pass === '' ? null : { user, pass },
			from,
			fromAddress,
			fromDomain: fromDomain.toLowerCase(),
			origin
		}
	};
}

import { z } from 'zod';

/** Environment variables Hearth reads; each is documented in `.env.example`. */
const envSchema = z.object({
	HEARTH_DATA_DIR: z.string().min(1).default('./data'),
	DATABASE_URL: z
		.string()
		.regex(
			/^(postgres(ql)?:\/\/|sqlite:)/,
			'must start with postgres://, postgresql:// or sqlite: (for example sqlite:./data/hearth.sqlite)'
		)
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
	if (!parsed.success) {
		throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
	}
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
		logLevel: e.HEARTH_LOG_LEVEL
	};
}

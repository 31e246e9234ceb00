import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The built servers an end-to-end run starts (see playwright.config.ts). Paths and ports are
 * computed, not random, because the config is evaluated again in every worker process and each
 * evaluation must name the same servers. HEARTH_E2E_PORT moves the whole block of ports, for a
 * machine where the default ones are taken.
 */
export interface E2eServer {
	name: string;
	port: number;
	url: string;
	/** HEARTH_DATA_DIR of the instance; `stdout.log` in it holds everything the server printed. */
	dataDir: string;
	demo: boolean;
	database: 'sqlite' | 'postgres';
	/** One address per app process (ports `port`, `port + 1`, …), all on one database. */
	urls: string[];
	/** The SMTP sink the instance sends through (messages land in `<dataDir>/mail`), if it has one. */
	smtpPort?: number;
	/**
	 * The ORIGIN the instance believes it is served on: https:// for the one that stands behind a
	 * TLS proxy (requests still arrive over plain http, as a proxy sends them).
	 */
	origin: string;
}

const base = Number(process.env.HEARTH_E2E_PORT ?? '4310');
if (!Number.isInteger(base) || base < 1024 || base > 65000) {
	throw new Error(`HEARTH_E2E_PORT must be a port number between 1024 and 65000, not ${process.env.HEARTH_E2E_PORT}`);
}

function server(
	name: string,
	offset: number,
	demo: boolean,
	opts: { database?: 'sqlite' | 'postgres'; processes?: number; smtpOffset?: number; httpsOrigin?: boolean } = {}
): E2eServer {
	const port = base + offset;
	const urls = Array.from({ length: opts.processes ?? 1 }, (_, i) => `http://localhost:${port + i}`);
	return {
		name,
		port,
		url: `http://localhost:${port}`,
		dataDir: join(tmpdir(), 'hearth-e2e', `${name}-${port}`),
		demo,
		database: opts.database ?? 'sqlite',
		urls,
		origin: `${opts.httpsOrigin ? 'https' : 'http'}://localhost:${port}`,
		...(opts.smtpOffset === undefined ? {} : { smtpPort: base + opts.smtpOffset })
	};
}

export const SERVERS = {
	/** The demo network (HEARTH_DEMO=1), shared by every flow that needs data. */
	demo: server('demo', 0, true),
	/** Never-set-up instances, one per browser project, because setup can happen only once. */
	freshJs: server('fresh-js', 1, false),
	freshNojs: server('fresh-nojs', 2, false),
	/**
	 * The demo network on PostgreSQL, served by two app processes (ports 4313 and 4314) with a
	 * real SMTP server beside it (4315): for flows that must hold on PostgreSQL, that read the
	 * email a person got, or that prove nothing is kept per process.
	 */
	demoPg: server('demo-pg', 3, true, { database: 'postgres', processes: 2, smtpOffset: 5 }),
	/** The demo network as if behind a TLS proxy (ORIGIN https://…): secret cookies get their __Host- names. */
	behindTls: server('behind-tls', 6, true, { httpsOrigin: true })
} as const satisfies Record<string, E2eServer>;

/** Every origin the servers of a run answer on: a page may talk to these and to no other host. */
export const OWN_ORIGINS: ReadonlySet<string> = new Set(Object.values(SERVERS).flatMap((s: E2eServer) => s.urls.map((u) => new URL(u).origin)));

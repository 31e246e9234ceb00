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
}

const base = Number(process.env.HEARTH_E2E_PORT ?? '4310');
if (!Number.isInteger(base) || base < 1024 || base > 65000) {
	throw new Error(`HEARTH_E2E_PORT must be a port number between 1024 and 65000, not ${process.env.HEARTH_E2E_PORT}`);
}

function server(name: string, offset: number, demo: boolean): E2eServer {
	const port = base + offset;
	return { name, port, url: `http://localhost:${port}`, dataDir: join(tmpdir(), 'hearth-e2e', `${name}-${port}`), demo };
}

export const SERVERS = {
	/** The demo network (HEARTH_DEMO=1), shared by every flow that needs data. */
	demo: server('demo', 0, true),
	/** Never-set-up instances, one per browser project, because setup can happen only once. */
	freshJs: server('fresh-js', 1, false),
	freshNojs: server('fresh-nojs', 2, false)
} as const satisfies Record<string, E2eServer>;

/**
 * The one logger. It writes structured lines to stdout/stderr and is never given IP addresses,
 * user agents, tokens or private fields (docs/PRIVACY.md).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
	debug(msg: string, fields?: Record<string, unknown>): void;
	info(msg: string, fields?: Record<string, unknown>): void;
	warn(msg: string, fields?: Record<string, unknown>): void;
	error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: LogLevel): Logger {
	const write = (l: LogLevel, msg: string, fields?: Record<string, unknown>) => {
		if (ORDER[l] < ORDER[level]) return;
		const line = JSON.stringify({ t: new Date().toISOString(), level: l, msg, ...fields });
		if (ORDER[l] >= ORDER.warn) console.error(line);
		else console.log(line);
	};
	return {
		debug: (m, f) => write('debug', m, f),
		info: (m, f) => write('info', m, f),
		warn: (m, f) => write('warn', m, f),
		error: (m, f) => write('error', m, f)
	};
}

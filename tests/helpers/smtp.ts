import { createServer, type Server, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { MailSettings } from '../../src/lib/server/config';

/**
 * A real SMTP server on 127.0.0.1 for tests (smtp-server), keeping every message it accepts.
 * Messages are parsed just enough to assert on: headers (RFC 2047 words decoded) and the text
 * body (quoted-printable or base64 decoded, UTF-8).
 */

export interface ReceivedEmail {
	envelopeFrom: string;
	envelopeTo: string[];
	/** The message exactly as received. */
	raw: string;
	/** Header names in lower case, values unfolded and decoded. */
	headers: Map<string, string>;
	subject: string;
	messageId: string;
	text: string;
}

export interface SmtpSink {
	port: number;
	messages: ReceivedEmail[];
	/** Answers the next `count` messages with this SMTP reply code (e.g. 451, 550) instead of accepting them. */
	refuseNext(code: number, count?: number): void;
	/** Stops listening: connections are refused, as when the mail server is down. */
	close(): Promise<void>;
	/** Listens again on the same port. */
	reopen(): Promise<void>;
}

/** Mail settings pointing at a local test server. */
export function mailSettingsFor(port: number, over: Partial<MailSettings> = {}): MailSettings {
	return {
		host: '127.0.0.1',
		port,
		secure: false,
		requireTLS: false,
		rejectUnauthorized: true,
		auth: null,
		from: 'Hearth Test <hearth@aid.example.org>',
		fromAddress: 'hearth@aid.example.org',
		fromDomain: 'aid.example.org',
		origin: 'https://aid.example.org',
		...over
	};
}

function bytesToUtf8(encoded: string, decodeByte: (s: string, i: number) => { byte: number; next: number } | null): string {
	const bytes: number[] = [];
	for (let i = 0; i < encoded.length;) {
		const decoded = decodeByte(encoded, i);
		if (decoded) {
			bytes.push(decoded.byte);
			i = decoded.next;
		} else {
			bytes.push(encoded.charCodeAt(i) & 0xff);
			i += 1;
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

function hexEscape(s: string, i: number): { byte: number; next: number } | null {
	if (s[i] !== '=') return null;
	const hex = s.slice(i + 1, i + 3);
	return /^[0-9A-Fa-f]{2}$/.test(hex) ? { byte: Number.parseInt(hex, 16), next: i + 3 } : null;
}

/** Quoted-printable (RFC 2045 §6.7): soft line breaks removed, =XX bytes decoded. */
export function decodeQuotedPrintable(body: string): string {
	return bytesToUtf8(body.replace(/=\r?\n/g, ''), hexEscape);
}

/** Encoded words in a header (RFC 2047), Q or B, UTF-8; whitespace between two words is dropped. */
export function decodeHeaderWords(value: string): string {
	return value
		.replace(/(\?=)\s+(?==\?)/g, '$1')
		.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
			enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : bytesToUtf8(text.replace(/_/g, ' '), hexEscape)
		);
}

export function parseEmail(raw: string, envelopeFrom = '', envelopeTo: string[] = []): ReceivedEmail {
	const split = raw.indexOf('\r\n\r\n');
	const head = split === -1 ? raw : raw.slice(0, split);
	const body = split === -1 ? '' : raw.slice(split + 4);
	const headers = new Map<string, string>();
	for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeHeaderWords(line.slice(colon + 1).trim()));
	}
	const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
	const text =
		encoding === 'quoted-printable'
			? decodeQuotedPrintable(body)
			: encoding === 'base64'
				? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
				: body;
	return {
		envelopeFrom,
		envelopeTo,
		raw,
		headers,
		subject: headers.get('subject') ?? '',
		messageId: headers.get('message-id') ?? '',
		text: text.replace(/\r\n/g, '\n')
	};
}

function smtpError(code: number): Error {
	return Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code });
}

/** Starts a sink on a free port (or `port`); optionally requires AUTH with these credentials. */
export async function startSmtpSink(opts: { port?: number; auth?: { user: string; pass: string } } = {}): Promise<SmtpSink> {
	const messages: ReceivedEmail[] = [];
	const refusals: number[] = [];
	const build = () =>
		new SMTPServer({
			logger: false,
			disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
			authOptional: !opts.auth,
			allowInsecureAuth: true,
			closeTimeout: 1000,
			onAuth(auth, _session, callback) {
				const ok = opts.auth !== undefined && auth.username === opts.auth.user && auth.password === opts.auth.pass;
				callback(ok ? null : new Error('Invalid username or password'), ok ? { user: auth.username ?? '' } : undefined);
			},
			onData(stream, session, callback) {
				const chunks: Buffer[] = [];
				stream.on('data', (c: Buffer) => chunks.push(c));
				stream.on('end', () => {
					const refusal = refusals.shift();
					if (refusal !== undefined) return callback(smtpError(refusal));
					const from = session.envelope.mailFrom;
					messages.push(
						parseEmail(
							Buffer.concat(chunks).toString('latin1'),
							from ? from.address : '',
							session.envelope.rcptTo.map((r) => r.address)
						)
					);
					callback(null, 'Queued');
				});
			}
		});
	let server = build();
	const listen = (port: number) =>
		new Promise<number>((resolve, reject) => {
			const net = server.listen(port, '127.0.0.1', () => {
				const address = net.address();
				resolve(typeof address === 'object' && address !== null ? address.port : port);
			});
			net.once('error', reject);
		});
	const port = await listen(opts.port ?? 0);
	return {
		port,
		messages,
		refuseNext(code, count = 1) {
			for (let i = 0; i < count; i++) refusals.push(code);
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
		reopen: async () => {
			server = build();
			await listen(port);
		}
	};
}

/**
 * A bare SMTP server that takes a whole message and then drops the connection without
 * answering: the client cannot know whether it was accepted. Counts the messages it took.
 */
export async function startDroppingSmtp(): Promise<{ port: number; received: () => number; close(): Promise<void> }> {
	let received = 0;
	const sockets = new Set<Socket>();
	const server: Server = createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		let inData = false;
		let buffer = '';
		socket.write('220 drop.test ESMTP\r\n');
		socket.on('data', (chunk: Buffer) => {
			buffer += chunk.toString('latin1');
			if (inData) {
				if (buffer.includes('\r\n.\r\n')) {
					received += 1;
					socket.destroy();
				}
				return;
			}
			let end: number;
			while ((end = buffer.indexOf('\r\n')) !== -1) {
				const line = buffer.slice(0, end).toUpperCase();
				buffer = buffer.slice(end + 2);
				if (line.startsWith('EHLO')) socket.write('250-drop.test\r\n250 8BITMIME\r\n');
				else if (line.startsWith('DATA')) {
					inData = true;
					socket.write('354 go ahead\r\n');
					return;
				} else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
				else socket.write('250 OK\r\n');
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : 0;
	return {
		port,
		received: () => received,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			})
	};
}

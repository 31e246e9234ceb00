import { Readable } from 'node:stream';
import { isPermanentResponseCode, type NodemailerError } from 'nodemailer/lib/errors';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection, { type SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';
import type { MailSettings } from '../config';

/**
 * Email over SMTP with nodemailer, built for "at most once": every failure says whether the
 * server can have accepted the message. Nodemailer's transport reports a connection dropped
 * while connecting and one dropped after the message was sent the same way (ECONNECTION), so
 * this drives nodemailer's SMTPConnection step by step and watches the message body: until
 * the server has asked for it (354 after DATA) nothing can have been delivered, and a failure
 * is safe to retry; once the body is on its way, only an explicit reply from the server tells.
 */

export interface OutgoingEmail {
	to: string;
	subject: string;
	text: string;
	/** `<unique@domain>`; the same for every attempt, so a receiving system can spot a repeat. */
	messageId: string;
	date: Date;
}

/** How far the SMTP conversation got when it failed. */
export type SendPhase = 'connect' | 'envelope' | 'body';

export type SendFailure = {
	/**
	 * retry: not delivered, may work later (server down, 4xx, timeout before the message);
	 * rejected: refused for good (5xx), retrying would get the same answer;
	 * uncertain: the connection ended after the message was sent and before the server's
	 * answer; it may have been delivered, so it is not sent again.
	 */
	status: 'retry' | 'rejected' | 'uncertain';
	/** Codes only (never the server's text, which can quote the address): safe to log and store. */
	reason: string;
};
export type SendOutcome = { status: 'sent' } | SendFailure;

export interface Mailer {
	from: string;
	/** Message-IDs are made under this domain (the From address's). */
	messageIdDomain: string;
	/** The public origin for absolute links, or null. */
	origin: string | null;
	send(email: OutgoingEmail): Promise<SendOutcome>;
}

// Far below the job lock (jobs.service DEFAULT_LOCK_MS), so a slow server ends in a timeout,
// never in a second worker taking the job over while this one still talks to the server.
const CONNECTION_TIMEOUT_MS = 30_000;
const GREETING_TIMEOUT_MS = 30_000;
const SOCKET_TIMEOUT_MS = 60_000;

/**
 * A setup problem on our side or the network's (TLS, credentials, DNS): nothing was sent, and it
 * is retried even after a 5xx (535 bad credentials) so mail waits while an admin fixes the setting.
 */
const SETUP_CODES = new Set(['EDNS', 'ETLS', 'EREQUIRETLS', 'EAUTH', 'ENOAUTH', 'EOAUTH2', 'EPROXY']);
/** Our own message or envelope was unusable: trying again cannot help. */
const INVALID_INPUT_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'ECONFIG', 'EMAXRECIPIENTS']);

function reasonOf(err: NodemailerError, phase: SendPhase): string {
	const parts = [err.code ?? 'error'];
	if (err.originalCode) parts.push(err.originalCode);
	if (err.timeoutType) parts.push(err.timeoutType);
	if (typeof err.responseCode === 'number') parts.push(String(err.responseCode));
	if (err.command) parts.push(`at ${err.command}`);
	return `${parts.join(' ')} (${phase})`;
}

/**
 * Decides what a nodemailer error means for delivery (see SendFailure). An explicit SMTP reply
 * settles it whatever the phase: RFC 5321 §4.2.1 makes 5yz permanent and 4yz transient; a
 * refused message was not accepted, so a transient refusal is safe to retry.
 */
export function classifySendError(err: NodemailerError, phase: SendPhase): SendFailure {
	const reason = reasonOf(err, phase);
	if (SETUP_CODES.has(err.code ?? '') && phase !== 'body') return { status: 'retry', reason };
	if (typeof err.responseCode === 'number') {
		return { status: isPermanentResponseCode(err.responseCode) ? 'rejected' : 'retry', reason };
	}
	if (phase === 'body') return { status: 'uncertain', reason };
	if (INVALID_INPUT_CODES.has(err.code ?? '')) return { status: 'rejected', reason };
	// Before the body no server can hold the message: a dropped connection or a timeout here
	// (connecting, greeting, MAIL FROM, RCPT TO, DATA) just means "not yet".
	return { status: 'retry', reason };
}

function connectionOptions(settings: MailSettings): SMTPConnectionOptions {
	return {
		host: settings.host,
		port: settings.port,
		secure: settings.secure,
		requireTLS: settings.requireTLS,
		tls: { rejectUnauthorized: settings.rejectUnauthorized },
		connectionTimeout: CONNECTION_TIMEOUT_MS,
		greetingTimeout: GREETING_TIMEOUT_MS,
		socketTimeout: SOCKET_TIMEOUT_MS,
		logger: false
	};
}

/** The RFC 5322 message: plain text, quoted-printable, marked as automatic. */
async function compose(settings: MailSettings, email: OutgoingEmail): Promise<Buffer> {
	return new MailComposer({
		from: settings.from,
		to: email.to,
		subject: email.subject,
		text: email.text,
		messageId: email.messageId,
		date: email.date,
		encoding: 'quoted-printable',
		// RFC 3834 §5: an automatic message, so vacation responders do not answer it.
		headers: { 'Auto-Submitted': 'auto-generated' }
	})
		.compile()
		.build();
}

/** One SMTP conversation for one message; never rejects, every failure is a SendFailure. */
function converse(settings: MailSettings, email: OutgoingEmail, message: Buffer): Promise<SendOutcome> {
	return new Promise((resolve) => {
		const connection = new SMTPConnection(connectionOptions(settings));
		let phase: SendPhase = 'connect';
		let settled = false;
		const finish = (outcome: SendOutcome) => {
			if (settled) return;
			settled = true;
			if (outcome.status === 'sent') connection.quit();
			else connection.close();
			resolve(outcome);
		};
		const failed = (err: NodemailerError) => finish(classifySendError(err, phase));
		// Nodemailer reports a dropped connection as an 'error' event as well as to the pending
		// callback; both land in `finish`, which takes only the first.
		connection.on('error', failed);

		// The body is pulled only once the server has answered DATA with 354.
		const body = new Readable({
			read() {
				phase = 'body';
				this.push(message);
				this.push(null);
			}
		});
		const send = () => {
			phase = 'envelope';
			connection.send({ from: settings.fromAddress, to: [email.to] }, body, (err) => {
				if (err) failed(err);
				else finish({ status: 'sent' });
			});
		};
		connection.connect((err) => {
			if (err) return failed(err);
			// Like nodemailer's transport: log in when the server offers AUTH and we have credentials.
			if (settings.auth && connection.allowsAuth) {
				connection.login({ credentials: { user: settings.auth.user, pass: settings.auth.pass } }, (loginErr) => {
					if (loginErr) failed(loginErr);
					else send();
				});
			} else send();
		});
	});
}

/** A mailer for the configured SMTP server. Opens one connection per message. */
export function createMailer(settings: MailSettings): Mailer {
	return {
		from: settings.from,
		messageIdDomain: settings.fromDomain,
		origin: settings.origin,
		async send(email) {
			let message: Buffer;
			try {
				message = await compose(settings, email);
			} catch {
				return { status: 'rejected', reason: 'could not compose the message' };
			}
			return converse(settings, email, message);
		}
	};
}

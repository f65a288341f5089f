/**
 * The tests' mailbox: a real Mailpit (SMTP server) started on free ports, and a small client of
 * its HTTP API to read what PocketBase sent and follow the links in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMailpit } from '../../scripts/lib/mailpit.mjs';

export interface MailSummary {
	ID: string;
	Subject: string;
	To: { Address: string }[];
	Created: string;
}

export interface Mail {
	ID: string;
	Subject: string;
	To: { Address: string }[];
	From: { Address: string; Name: string };
	Text: string;
	HTML: string;
}

export interface TestMailbox {
	smtpHost: string;
	smtpPort: number;
	apiUrl: string;
	/** Env for the Trame server so PocketBase sends through this server. */
	env: Record<string, string>;
	/** Every message to `address` (newest first). */
	messagesTo(address: string): Promise<MailSummary[]>;
	/** Waits (≤ 20 s) until `address` has received `count` messages; returns the newest, read. */
	waitFor(address: string, options?: { count?: number; subject?: RegExp }): Promise<Mail>;
	read(id: string): Promise<Mail>;
	stop(): Promise<void>;
}

/** The first link in the plain-text part that starts with `prefix` (e.g. the app's origin). */
export function linkIn(mail: Pick<Mail, 'Text'>, prefix: string): string {
	const link = mail.Text.split(/\s+/).find((word) => word.startsWith(prefix));
	if (!link) throw new Error(`no link starting with ${prefix} in:\n${mail.Text}`);
	return link;
}

export async function startTestMailbox(): Promise<TestMailbox> {
	const dataDir = mkdtempSync(join(tmpdir(), 'trame-mail-test-'));
	const mailpit = await startMailpit({ dataDir });
	const api = async <T>(path: string): Promise<T> => {
		const response = await fetch(`${mailpit.apiUrl}${path}`);
		if (!response.ok) throw new Error(`Mailpit ${path} answered ${response.status}`);
		return (await response.json()) as T;
	};
	const messagesTo = async (address: string) => {
		const query = encodeURIComponent(`to:"${address}"`);
		const page = await api<{ messages: MailSummary[] }>(`/api/v1/search?query=${query}&limit=200`);
		// The search is by substring: keep exact recipients only.
		return page.messages.filter((m) =>
			m.To.some((to) => to.Address.toLowerCase() === address.toLowerCase())
		);
	};
	const read = (id: string) => api<Mail>(`/api/v1/message/${id}`);
	return {
		smtpHost: mailpit.smtpHost,
		smtpPort: mailpit.smtpPort,
		apiUrl: mailpit.apiUrl,
		env: {
			SMTP_HOST: mailpit.smtpHost,
			SMTP_PORT: String(mailpit.smtpPort),
			MAIL_SENDER_ADDRESS: 'ne-pas-repondre@trame.test'
		},
		messagesTo,
		read,
		async waitFor(address, { count = 1, subject } = {}) {
			const deadline = Date.now() + 20_000;
			for (;;) {
				const matching = (await messagesTo(address)).filter(
					(m) => !subject || subject.test(m.Subject)
				);
				if (matching.length >= count) return read(matching[0]!.ID);
				if (Date.now() > deadline) {
					throw new Error(
						`waited 20 s for ${count} message(s) to ${address}; got ${matching.length}:\n${mailpit.output()}`
					);
				}
				await new Promise((done) => setTimeout(done, 100));
			}
		},
		async stop() {
			await mailpit.stop();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

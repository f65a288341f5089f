/**
 * The development and test mail server: Mailpit (github.com/axllent/mailpit), built from its Go
 * module like PocketBase (scripts/mailpit/go.mod pins the version). It is a real SMTP server that
 * keeps every message and serves them through its HTTP API (`/api/v1/...`) and plain views
 * (`/view/<id>.html`, `/view/latest.txt`). Its browsable web UI is not there: its JavaScript is
 * built by npm from Mailpit's own sources and is not part of the Go module, so the page at `/`
 * stays empty; the API and the message views work without it.
 *
 * Plain ESM + JSDoc so that `npm start` can use it before tsx is involved.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from './pocketbase.mjs';

/** @typedef {(message: string) => void} Logger */

const MAILPIT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'mailpit');
export const MAILPIT_BINARY = join(MAILPIT_DIR, 'bin', 'mailpit');
const BUILD_INPUTS = ['go.mod', 'go.sum'].map((file) => join(MAILPIT_DIR, file));

export class MailpitError extends Error {
	/** @param {string} message */
	constructor(message) {
		super(message);
		this.name = 'MailpitError';
	}
}

/** @param {string} path */
function mtimeMs(path) {
	try {
		return statSync(path).mtimeMs;
	} catch {
		return null;
	}
}

function mailpitVersion() {
	const goMod = readFileSync(join(MAILPIT_DIR, 'go.mod'), 'utf8');
	const match = /github\.com\/axllent\/mailpit v(\S+)/.exec(goMod);
	if (!match?.[1]) throw new MailpitError('scripts/mailpit/go.mod does not require Mailpit');
	return match[1];
}

/**
 * Builds scripts/mailpit/bin/mailpit with Go when missing or older than go.mod/go.sum. There is no
 * download fallback: Go is needed (CI and the developers' machines have it).
 * @param {{ log?: Logger }} [options]
 * @returns {string} the binary's path
 */
export function ensureMailpitBinary({ log = console.log } = {}) {
	const built = mtimeMs(MAILPIT_BINARY);
	const newestInput = Math.max(...BUILD_INPUTS.map((file) => mtimeMs(file) ?? 0));
	if (built !== null && built >= newestInput) return MAILPIT_BINARY;

	const go = spawnSync('go', ['version'], { stdio: 'ignore' });
	if (go.error || go.status !== 0) {
		throw new MailpitError(
			'Go is needed to build Mailpit, the local mail server used in development and tests ' +
				'(https://go.dev/dl/). In production, set SMTP_HOST instead.'
		);
	}
	const version = mailpitVersion();
	log(`Building Mailpit v${version} (local mail server) with Go, once…`);
	mkdirSync(dirname(MAILPIT_BINARY), { recursive: true });
	const tmp = `${MAILPIT_BINARY}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
	try {
		const result = spawnSync(
			'go',
			[
				'build',
				'-trimpath',
				'-ldflags',
				`-s -w -X github.com/axllent/mailpit/config.Version=v${version}`,
				'-o',
				tmp,
				'github.com/axllent/mailpit'
			],
			{
				cwd: MAILPIT_DIR,
				env: { ...process.env, CGO_ENABLED: '0' },
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		if (result.error || result.status !== 0) {
			throw new MailpitError(
				`go build of Mailpit failed (exit ${result.status}):\n${result.stderr || result.error?.message}`
			);
		}
		renameSync(tmp, MAILPIT_BINARY);
	} finally {
		rmSync(tmp, { force: true });
	}
	return MAILPIT_BINARY;
}

/**
 * @typedef {object} MailpitProcess
 * @property {string} smtpHost
 * @property {number} smtpPort
 * @property {string} apiUrl Base URL of the HTTP API and views, e.g. http://127.0.0.1:8025
 * @property {() => string} output
 * @property {() => Promise<void>} stop
 */

/** @param {number} ms */
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Starts Mailpit on 127.0.0.1 (free ports unless given), its database in `dataDir` (kept across
 * restarts of `npm start`, at most `maxMessages`), and waits until its API answers.
 * @param {{ dataDir: string, smtpPort?: number, httpPort?: number, maxMessages?: number, log?: Logger }} options
 * @returns {Promise<MailpitProcess>}
 */
export async function startMailpit({
	dataDir,
	smtpPort = 0,
	httpPort = 0,
	maxMessages = 500,
	log = () => {}
}) {
	const binary = ensureMailpitBinary({ log });
	mkdirSync(dataDir, { recursive: true });
	const smtp = smtpPort || (await findFreePort());
	const http = httpPort || (await findFreePort());
	const child = spawn(
		binary,
		[
			'--smtp',
			`127.0.0.1:${smtp}`,
			'--listen',
			`127.0.0.1:${http}`,
			'--database',
			join(dataDir, 'mailpit.db'),
			'--max',
			String(maxMessages),
			'--disable-version-check',
			// Only this machine talks to it; no TLS or auth needed on loopback.
			'--smtp-auth-accept-any',
			'--smtp-auth-allow-insecure',
			'--smtp-disable-rdns',
			'--quiet'
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	let output = '';
	child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-8000)));
	child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-8000)));
	const exited = new Promise((done) => child.once('exit', done));
	const apiUrl = `http://127.0.0.1:${http}`;

	const deadline = Date.now() + 20_000;
	for (;;) {
		if (child.exitCode !== null) {
			throw new MailpitError(`Mailpit exited (code ${child.exitCode}):\n${output}`);
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new MailpitError(`Mailpit did not answer ${apiUrl} within 20 s:\n${output}`);
		}
		const ok = await fetch(`${apiUrl}/api/v1/info`, { signal: AbortSignal.timeout(1000) }).then(
			(response) => response.ok,
			() => false
		);
		if (ok) break;
		await sleep(100);
	}
	return {
		smtpHost: '127.0.0.1',
		smtpPort: smtp,
		apiUrl,
		output: () => output,
		stop: async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
		}
	};
}

/**
 * Trame's PocketBase process: get the binary (build from pocketbase/ with Go, or download the
 * official release and verify its pinned SHA-256), start it on 127.0.0.1 with the repo's
 * migrations and hooks, and manage the superuser secrets. Plain ESM + JSDoc so `npm start` can use
 * it before tsx is involved; the TypeScript test harness imports it too.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';

/** @typedef {(message: string) => void} Logger */

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const POCKETBASE_DIR = join(PROJECT_ROOT, 'pocketbase');
export const MIGRATIONS_DIR = join(POCKETBASE_DIR, 'pb_migrations');
export const HOOKS_DIR = join(POCKETBASE_DIR, 'pb_hooks');
export const BINARY_PATH = join(
	POCKETBASE_DIR,
	'bin',
	process.platform === 'win32' ? 'pocketbase.exe' : 'pocketbase'
);

/** The release the checksums below belong to; must match pocketbase/go.mod. */
export const POCKETBASE_VERSION = '0.39.11';

/**
 * SHA-256 of the official release zips of v0.39.11, keyed by `<os>_<arch>` as in the asset names.
 * GitHub was unreachable when this was written, so these were cross-checked across several
 * independent public pins of the same assets (an AUR PKGBUILD, Dockerfiles, install scripts),
 * not read from the release's checksums.txt. No Windows checksum was found: Windows users build
 * with Go.
 * @type {Readonly<Record<string, string>>}
 */
const RELEASE_SHA256 = Object.freeze({
	linux_amd64: '08b9fcda0d5fd42cb315dc15a36dfa121c993855bd635f01d347c31b4328ec34',
	linux_arm64: '8c785618840df7ebba795fdf4eba33a5fed64ac5307ad8023b955b4ebb82048b',
	linux_armv7: 'ba5cde96576716ea8ecf96a11b53a4e0c376f24d93cd48e70aaee54f620ddc5e',
	darwin_amd64: '888892fe5fe64cea4a1441937671e191b32ed8f322fa09d3d7b3ca2fc1d7be29',
	darwin_arm64: '9da6fbe11e82c5b1704e56f7457b24682e01c510206c29b798a458119fa2be20'
});

/** Sources whose change makes the built binary stale. */
const BUILD_INPUTS = ['main.go', 'calendar_mail.go', 'go.mod', 'go.sum'].map((file) =>
	join(POCKETBASE_DIR, file)
);

export class PocketBaseBinaryError extends Error {
	/** @param {string} message @param {{ cause?: unknown }} [options] */
	constructor(message, options) {
		super(message, options);
		this.name = 'PocketBaseBinaryError';
	}
}

export class PocketBaseStartError extends Error {
	/** @param {string} message @param {{ cause?: unknown }} [options] */
	constructor(message, options) {
		super(message, options);
		this.name = 'PocketBaseStartError';
	}
}

export class SecretsError extends Error {
	/** @param {string} message @param {{ cause?: unknown }} [options] */
	constructor(message, options) {
		super(message, options);
		this.name = 'SecretsError';
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

function goAvailable() {
	const result = spawnSync('go', ['version'], { stdio: 'ignore' });
	return !result.error && result.status === 0;
}

/** The pocketbase module version required by go.mod (stamped into the binary's --version). */
function goModVersion() {
	const goMod = readFileSync(join(POCKETBASE_DIR, 'go.mod'), 'utf8');
	const match = /github\.com\/pocketbase\/pocketbase v(\S+)/.exec(goMod);
	if (!match?.[1]) {
		throw new PocketBaseBinaryError(
			'pocketbase/go.mod does not require github.com/pocketbase/pocketbase'
		);
	}
	return match[1];
}

/** A sibling temp path, renamed over the target once complete (no half-written binary). */
function tempBinaryPath() {
	return `${BINARY_PATH}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** @param {string} tmp @param {Logger} log */
function buildWithGo(tmp, log) {
	const version = goModVersion();
	log(`Building PocketBase v${version} from pocketbase/ with Go (first build takes a minute)…`);
	const result = spawnSync(
		'go',
		[
			'build',
			'-trimpath',
			'-ldflags',
			`-s -w -X github.com/pocketbase/pocketbase.Version=${version}`,
			'-o',
			tmp,
			'.'
		],
		{
			cwd: POCKETBASE_DIR,
			// Pure-Go SQLite: a static binary, identical whatever C toolchain is installed.
			env: { ...process.env, CGO_ENABLED: '0' },
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	if (result.error || result.status !== 0) {
		rmSync(tmp, { force: true });
		throw new PocketBaseBinaryError(
			`go build failed in pocketbase/ (exit ${result.status}):\n${result.stderr || result.error?.message}`,
			{ cause: result.error }
		);
	}
}

function releaseTarget() {
	const os = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[String(process.platform)];
	const arch = { x64: 'amd64', arm64: 'arm64', arm: 'armv7' }[String(process.arch)];
	return os && arch ? `${os}_${arch}` : `${process.platform}_${process.arch}`;
}

/** @param {string} tmp @param {Logger} log */
async function downloadRelease(tmp, log) {
	const target = releaseTarget();
	const expected = RELEASE_SHA256[target];
	if (!expected) {
		throw new PocketBaseBinaryError(
			`No pinned checksum for the PocketBase ${POCKETBASE_VERSION} release on ${target}, so it ` +
				'will not be downloaded unverified. Install Go (https://go.dev/dl/) and run again: ' +
				'the binary is then built from pocketbase/.'
		);
	}
	if (goModVersion() !== POCKETBASE_VERSION) {
		throw new PocketBaseBinaryError(
			`pocketbase/go.mod requires v${goModVersion()} but the pinned release checksums are for ` +
				`v${POCKETBASE_VERSION}: update POCKETBASE_VERSION and RELEASE_SHA256 in ` +
				'scripts/lib/pocketbase.mjs, or install Go.'
		);
	}

	const asset = `pocketbase_${POCKETBASE_VERSION}_${target}.zip`;
	const url = `https://github.com/pocketbase/pocketbase/releases/download/v${POCKETBASE_VERSION}/${asset}`;
	log(`Go not found: downloading ${url}…`);
	/** @type {Response} */
	let response;
	try {
		response = await fetch(url, { signal: AbortSignal.timeout(300_000) });
	} catch (error) {
		throw new PocketBaseBinaryError(`Could not download ${url}; install Go to build instead.`, {
			cause: error
		});
	}
	if (!response.ok) {
		throw new PocketBaseBinaryError(`Downloading ${url} failed: HTTP ${response.status}`);
	}
	const zip = new Uint8Array(await response.arrayBuffer());
	const actual = createHash('sha256').update(zip).digest('hex');
	if (actual !== expected) {
		throw new PocketBaseBinaryError(
			`SHA-256 mismatch for ${asset}: expected ${expected}, got ${actual}. Not installing it.`
		);
	}

	const entry = process.platform === 'win32' ? 'pocketbase.exe' : 'pocketbase';
	const files = unzipSync(zip, { filter: (file) => file.name === entry });
	const binary = files[entry];
	if (!binary) throw new PocketBaseBinaryError(`${asset} has no ${entry} at its root`);
	writeFileSync(tmp, binary, { mode: 0o755 });
}

/**
 * Makes sure pocketbase/bin/pocketbase exists and is not older than its Go sources and go.mod/go.sum:
 * built with Go when `go` is on PATH (fast when the Go build cache is warm), otherwise downloaded
 * from the official release with its pinned SHA-256 verified.
 * @param {{ log?: Logger }} [options]
 * @returns {Promise<string>} the binary's absolute path
 */
export async function ensurePocketBaseBinary({ log = console.log } = {}) {
	const built = mtimeMs(BINARY_PATH);
	const newestInput = Math.max(...BUILD_INPUTS.map((file) => mtimeMs(file) ?? 0));
	if (built !== null && built >= newestInput) return BINARY_PATH;

	mkdirSync(dirname(BINARY_PATH), { recursive: true });
	const tmp = tempBinaryPath();
	try {
		if (goAvailable()) buildWithGo(tmp, log);
		else await downloadRelease(tmp, log);
		renameSync(tmp, BINARY_PATH);
	} finally {
		rmSync(tmp, { force: true });
	}
	log(`PocketBase binary ready: ${BINARY_PATH}`);
	return BINARY_PATH;
}

/**
 * A port that was free a moment ago (the OS picks it). PocketBase binds it right after.
 * @param {string} host
 * @returns {Promise<number>}
 */
export function findFreePort(host = '127.0.0.1') {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, host, () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => (port ? resolvePort(port) : reject(new Error('no port assigned'))));
		});
	});
}

/** Keeps the tail of a child's output for error messages. */
class OutputTail {
	/** @param {number} limit */
	constructor(limit = 16_000) {
		this.limit = limit;
		this.text = '';
	}

	/** @param {Buffer | string} chunk */
	push(chunk) {
		this.text = (this.text + chunk.toString()).slice(-this.limit);
	}
}

/**
 * Runs a PocketBase CLI command to completion.
 * @param {string} binary @param {string[]} args
 * @returns {Promise<{ code: number | null, output: string }>}
 */
function runCli(binary, args) {
	return new Promise((resolveRun, reject) => {
		const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		const tail = new OutputTail();
		child.stdout.on('data', (chunk) => tail.push(chunk));
		child.stderr.on('data', (chunk) => tail.push(chunk));
		child.once('error', reject);
		child.once('close', (code) => resolveRun({ code, output: tail.text }));
	});
}

/** @param {number} ms */
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * @typedef {object} PocketBaseProcess
 * @property {string} url Base URL, e.g. http://127.0.0.1:8090
 * @property {number} port
 * @property {import('node:child_process').ChildProcess} process
 * @property {() => string} output The last lines PocketBase printed (stdout and stderr).
 * @property {() => Promise<void>} stop SIGTERM, then wait for exit (SIGKILL after 10 s).
 * @property {() => Promise<void>} kill SIGKILL, then wait for exit.
 */

/**
 * @typedef {object} StartPocketBaseOptions
 * @property {string} dataDir Trame data directory; PocketBase's own data goes in `<dataDir>/pb_data`.
 * @property {string} [host] Interface to bind; 127.0.0.1 unless you know why.
 * @property {number} [port] 0 picks a free port.
 * @property {string} [migrationsDir] Defaults to the repo's pocketbase/pb_migrations.
 * @property {string} [hooksDir] Defaults to the repo's pocketbase/pb_hooks.
 * @property {{ email: string, password: string }} superuser Upserted before serving.
 * @property {string} [binary] Defaults to pocketbase/bin/pocketbase (see ensurePocketBaseBinary).
 * @property {number} [startTimeoutMs] How long to wait for /api/health (default 30 s).
 * @property {Logger} [log]
 * @property {string[]} [extraArgs] More flags for every PocketBase command (e.g. `--dataSync=normal`).
 */

/**
 * Upserts the superuser, starts `pocketbase serve` and resolves once GET /api/health answers 200.
 * Rejects with PocketBaseStartError (including PocketBase's output) if it exits or times out.
 * @param {StartPocketBaseOptions} options
 * @returns {Promise<PocketBaseProcess>}
 */
export async function startPocketBase({
	dataDir,
	host = '127.0.0.1',
	port = 0,
	migrationsDir = MIGRATIONS_DIR,
	hooksDir = HOOKS_DIR,
	superuser,
	binary = BINARY_PATH,
	startTimeoutMs = 30_000,
	log = console.log,
	extraArgs = []
}) {
	if (!existsSync(binary)) {
		throw new PocketBaseStartError(
			`PocketBase binary not found at ${binary}: call ensurePocketBaseBinary() first.`
		);
	}
	const pbData = join(resolve(dataDir), 'pb_data');
	mkdirSync(pbData, { recursive: true });
	const dirArgs = [
		'--dir',
		pbData,
		'--migrationsDir',
		migrationsDir,
		'--hooksDir',
		hooksDir,
		// Explicit, because the official release binary defaults both to true: no migration files
		// generated from Admin UI edits, no self-restart on hook edits under our supervision.
		'--automigrate=false',
		'--hooksWatch=false',
		// PocketBase turns dev mode on by itself when its binary sits under the temp folder (a
		// clone in /tmp): it then prints every SQL statement, megabytes for nothing.
		'--dev=false',
		...extraArgs
	];

	// Also applies pending migrations, so `serve` starts on an up-to-date schema.
	const upsert = await runCli(binary, [
		'superuser',
		'upsert',
		superuser.email,
		superuser.password,
		...dirArgs
	]);
	if (upsert.code !== 0) {
		throw new PocketBaseStartError(
			`pocketbase superuser upsert failed (exit ${upsert.code}):\n${upsert.output}`
		);
	}

	// An auto-picked port can be taken between probing and binding: retry with another one.
	const attempts = port === 0 ? 3 : 1;
	for (let attempt = 1; ; attempt++) {
		const chosenPort = port === 0 ? await findFreePort(host) : port;
		try {
			return await serve({ binary, host, port: chosenPort, dirArgs, startTimeoutMs, log });
		} catch (error) {
			const portTaken =
				error instanceof PocketBaseStartError && /address already in use/i.test(error.message);
			if (!portTaken || attempt >= attempts) throw error;
		}
	}
}

/**
 * @param {{ binary: string, host: string, port: number, dirArgs: string[], startTimeoutMs: number, log: Logger }} options
 * @returns {Promise<PocketBaseProcess>}
 */
async function serve({ binary, host, port, dirArgs, startTimeoutMs, log }) {
	const hostForUrl = host.includes(':') ? `[${host}]` : host;
	const url = `http://${hostForUrl}:${port}`;
	const child = spawn(binary, ['serve', '--http', `${hostForUrl}:${port}`, ...dirArgs], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const tail = new OutputTail();
	child.stdout.on('data', (chunk) => tail.push(chunk));
	child.stderr.on('data', (chunk) => tail.push(chunk));

	/** @type {Promise<void>} */
	const exited = new Promise((done) => {
		if (child.exitCode !== null || child.signalCode !== null) done();
		else child.once('exit', () => done());
	});
	/** @type {Error | null} */
	let spawnError = null;
	child.once('error', (error) => {
		spawnError = error;
	});

	/** @param {NodeJS.Signals} signal @param {number} [escalateAfterMs] */
	const terminate = async (signal, escalateAfterMs) => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		child.kill(signal);
		if (escalateAfterMs === undefined) return exited;
		const timer = setTimeout(() => child.kill('SIGKILL'), escalateAfterMs);
		await exited;
		clearTimeout(timer);
	};

	const deadline = Date.now() + startTimeoutMs;
	for (;;) {
		if (spawnError || child.exitCode !== null || child.signalCode !== null) {
			await exited;
			throw new PocketBaseStartError(
				`PocketBase exited before answering /api/health (code ${child.exitCode}, ` +
					`signal ${child.signalCode}):\n${tail.text}`,
				{ cause: spawnError ?? undefined }
			);
		}
		if (Date.now() > deadline) {
			await terminate('SIGKILL');
			throw new PocketBaseStartError(
				`PocketBase did not answer ${url}/api/health within ${startTimeoutMs} ms:\n${tail.text}`
			);
		}
		try {
			const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) });
			if (response.status === 200) break;
		} catch {
			// not listening yet
		}
		await sleep(100);
	}

	log(`PocketBase listening on ${url}`);
	return {
		url,
		port,
		process: child,
		output: () => tail.text,
		stop: () => terminate('SIGTERM', 10_000),
		kill: () => terminate('SIGKILL')
	};
}

/**
 * @typedef {object} Secrets
 * @property {string} superuserEmail
 * @property {string} superuserPassword
 */

/** @param {unknown} value @returns {value is Secrets} */
function isSecrets(value) {
	if (typeof value !== 'object' || value === null) return false;
	const record = /** @type {Record<string, unknown>} */ (value);
	return typeof record.superuserEmail === 'string' && typeof record.superuserPassword === 'string';
}

/**
 * The superuser credentials: PB_SUPERUSER_EMAIL / PB_SUPERUSER_PASSWORD when both are set, else
 * `<dataDir>/secrets.json`, generated (random password, file mode 0600) on first use.
 * @param {import('../../server/config.mjs').TrameConfig} config
 * @returns {{ email: string, password: string }}
 */
export function ensureSecrets(config) {
	if (config.superuserFromEnv) return config.superuserFromEnv;
	const path = config.secretsFile;
	/** @type {Secrets} */
	let secrets;
	if (existsSync(path)) {
		/** @type {unknown} */
		let parsed;
		try {
			parsed = JSON.parse(readFileSync(path, 'utf8'));
		} catch (error) {
			throw new SecretsError(`${path} is not valid JSON`, { cause: error });
		}
		if (!isSecrets(parsed)) {
			throw new SecretsError(`${path} must hold { "superuserEmail", "superuserPassword" } strings`);
		}
		secrets = parsed;
	} else {
		secrets = {
			superuserEmail: 'superuser@trame.local',
			// 192 bits; base64url stays within bcrypt's 72-byte limit.
			superuserPassword: randomBytes(24).toString('base64url')
		};
		mkdirSync(dirname(path), { recursive: true });
		try {
			writeFileSync(path, `${JSON.stringify(secrets, null, '\t')}\n`, { mode: 0o600, flag: 'wx' });
		} catch (error) {
			// Another process created it first: use theirs.
			if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EEXIST')
				return ensureSecrets(config);
			throw error;
		}
	}
	return { email: secrets.superuserEmail, password: secrets.superuserPassword };
}

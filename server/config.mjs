/**
 * Trame's server-side configuration: every environment variable the Node side reads, parsed and
 * defaulted in ONE place. The production server (server/index.ts), the app's server code
 * (src/lib/server), the scripts (`npm start`, seed, backup, restore) and the dev collaboration
 * plugin (vite.config.ts) all call `readConfig()`, so two readers can never disagree on a default.
 * Plain ESM + JSDoc so `npm start` can load it before tsx is involved. The table in README.md
 * (Configuration) documents the variables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export class ConfigError extends Error {
	/** @param {string} message @param {{ cause?: unknown }} [options] */
	constructor(message, options) {
		super(message, options);
		this.name = 'ConfigError';
	}
}

/**
 * Tunables of the collaboration server (`COLLAB_*`, `TRAME_AUTO_VERSION_PAUSE_MS`); undefined =
 * the server's own default (server/collab/upgrade.ts).
 * @typedef {object} CollabTunables
 * @property {number | undefined} idleUnloadMs COLLAB_IDLE_UNLOAD_MS
 * @property {number | undefined} compactEvery COLLAB_COMPACT_EVERY
 * @property {number | undefined} accessRecheckMs COLLAB_ACCESS_RECHECK_MS
 * @property {number | undefined} batchWindowMs COLLAB_BATCH_WINDOW_MS
 * @property {number | undefined} minWriteIntervalMs COLLAB_MIN_WRITE_INTERVAL_MS
 * @property {number | undefined} writeGridMs COLLAB_WRITE_GRID_MS
 * @property {number | undefined} autoVersionPauseMs TRAME_AUTO_VERSION_PAUSE_MS
 */

/**
 * @typedef {object} TrameConfig
 * @property {number} port PORT (3000; 5173 for `npm run dev`; 0 = any free port)
 * @property {string} host HOST (127.0.0.1)
 * @property {string} origin ORIGIN (http://localhost:<port>)
 * @property {boolean} originFromEnv whether ORIGIN was set (the dev plugin then allows only it)
 * @property {string[]} extraOrigins TRAME_ALLOWED_ORIGINS, comma-separated
 * @property {string} dataDir TRAME_DATA_DIR (<project>/.data), absolute
 * @property {string} secretsFile `<dataDir>/secrets.json`
 * @property {number} pbPort PB_PORT (8090)
 * @property {string} pbUrl PB_URL (http://127.0.0.1:<pbPort>), without a trailing slash
 * @property {{ email: string, password: string } | null} superuserFromEnv PB_SUPERUSER_EMAIL and
 *   PB_SUPERUSER_PASSWORD when both are set (they override secrets.json)
 * @property {string | undefined} buildDir TRAME_BUILD_DIR (the server's default: build/)
 * @property {boolean} healthRuntime TRAME_HEALTH_RUNTIME=1 (heap, RSS, event-loop delay on /health)
 * @property {string} chromiumPath CHROMIUM_PATH (/usr/bin/chromium), for PDF exports
 * @property {string} sofficePath SOFFICE_PATH (soffice): LibreOffice, for ODT import and export
 * @property {string | null} privacyContact PRIVACY_CONTACT: who answers personal-data requests
 * @property {string} timeZone TRAME_TIME_ZONE (Europe/Paris): the organisation's time zone, an
 *   IANA name; every time a person reads is written in it (src/lib/i18n/format.ts)
 * @property {number | undefined} asyncDayMs TRAME_ASYNC_DAY_MS: the length of a "day" of an
 *   asynchronous consent window (unset: 24 h; tests shorten it)
 * @property {{ smtpPort: number, httpPort: number }} mailpit MAILPIT_SMTP_PORT (1025),
 *   MAILPIT_HTTP_PORT (8025): the local mail catcher `npm start` runs when SMTP_HOST is not set
 * @property {Readonly<Record<string, string>>} accountsEnv the mail (SMTP_*, MAIL_SENDER_*) and
 *   single sign-on (OIDC_*) variables, parsed and checked by server/accounts/config.ts
 * @property {CollabTunables} collab
 * @property {{ redisUrl: string, instanceId: string | undefined,
 *   remoteDurableTimeoutMs: number | undefined } | null} cluster TRAME_REDIS_URL (the bus several
 *   instances share; unset: one process), TRAME_INSTANCE_ID, COLLAB_REMOTE_DURABLE_TIMEOUT_MS
 * @property {{ instances: number, redisPort: number | undefined }} clusterLauncher
 *   `npm run start:cluster`: TRAME_INSTANCES (3), TRAME_REDIS_PORT (any free port)
 * @property {boolean} portFromEnv whether PORT was set
 */

/** Prefixes of the accounts variables (server/accounts/config.ts reads them from `accountsEnv`). */
const ACCOUNTS_PREFIXES = ['SMTP_', 'MAIL_SENDER_', 'OIDC_'];

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @returns {number | undefined}
 */
function optionalNumber(env, name) {
	const raw = env[name];
	if (raw === undefined || raw.trim() === '') return undefined;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0) {
		throw new ConfigError(`${name} must be a number ≥ 0 (got "${raw}")`);
	}
	return value;
}

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @returns {number | undefined}
 */
function optionalPort(env, name) {
	const value = optionalNumber(env, name);
	if (value !== undefined && (!Number.isInteger(value) || value > 65535)) {
		throw new ConfigError(`${name} must be a port number (got "${env[name]}")`);
	}
	return value;
}

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 */
const text = (env, name) => {
	const value = env[name]?.trim();
	return value ? value : undefined;
};

/**
 * TRAME_TIME_ZONE, checked: a wrong name stops the server at start rather than show wrong hours.
 * @param {Record<string, string | undefined>} env
 */
function timeZone(env) {
	const zone = text(env, 'TRAME_TIME_ZONE') ?? 'Europe/Paris';
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
	} catch {
		throw new ConfigError(
			`TRAME_TIME_ZONE « ${zone} » n’est pas un fuseau horaire connu : indiquez un nom IANA, par exemple Europe/Paris.`
		);
	}
	return zone;
}

/**
 * Reads the configuration from `env` (process.env by default). Pure apart from `env`: call it
 * again to see a changed environment. Throws ConfigError on a malformed number or port.
 * @param {Record<string, string | undefined>} [env]
 * @param {{ dev?: boolean }} [options] `dev`: `npm run dev` (Vite's port 5173 by default)
 * @returns {TrameConfig}
 */
export function readConfig(env = process.env, { dev = false } = {}) {
	const envPort = optionalPort(env, 'PORT');
	const port = envPort ?? (dev ? 5173 : 3000);
	const redisUrl = text(env, 'TRAME_REDIS_URL');
	const pbPort = optionalPort(env, 'PB_PORT') ?? 8090;
	const origin = text(env, 'ORIGIN');
	const dataDir = resolve(text(env, 'TRAME_DATA_DIR') ?? join(PROJECT_ROOT, '.data'));
	const email = text(env, 'PB_SUPERUSER_EMAIL');
	const password = env.PB_SUPERUSER_PASSWORD;
	return {
		port,
		portFromEnv: envPort !== undefined,
		host: text(env, 'HOST') ?? '127.0.0.1',
		origin: (origin ?? `http://localhost:${port}`).replace(/\/+$/, ''),
		originFromEnv: origin !== undefined,
		extraOrigins: (env.TRAME_ALLOWED_ORIGINS ?? '')
			.split(',')
			.map((value) => value.trim())
			.filter((value) => value !== ''),
		dataDir,
		secretsFile: join(dataDir, 'secrets.json'),
		pbPort,
		pbUrl: (text(env, 'PB_URL') ?? `http://127.0.0.1:${pbPort}`).replace(/\/+$/, ''),
		superuserFromEnv: email && password ? { email, password } : null,
		buildDir: text(env, 'TRAME_BUILD_DIR'),
		healthRuntime: env.TRAME_HEALTH_RUNTIME === '1',
		chromiumPath: text(env, 'CHROMIUM_PATH') ?? '/usr/bin/chromium',
		sofficePath: text(env, 'SOFFICE_PATH') ?? 'soffice',
		privacyContact: text(env, 'PRIVACY_CONTACT') ?? null,
		timeZone: timeZone(env),
		// 0 would end every window at once: unset instead.
		asyncDayMs: optionalNumber(env, 'TRAME_ASYNC_DAY_MS') || undefined,
		mailpit: {
			smtpPort: optionalPort(env, 'MAILPIT_SMTP_PORT') ?? 1025,
			httpPort: optionalPort(env, 'MAILPIT_HTTP_PORT') ?? 8025
		},
		accountsEnv: Object.freeze(
			Object.fromEntries(
				Object.entries(env).filter(
					/** @returns {entry is [string, string]} */
					(entry) =>
						typeof entry[1] === 'string' &&
						ACCOUNTS_PREFIXES.some((prefix) => entry[0].startsWith(prefix))
				)
			)
		),
		collab: {
			idleUnloadMs: optionalNumber(env, 'COLLAB_IDLE_UNLOAD_MS'),
			compactEvery: optionalNumber(env, 'COLLAB_COMPACT_EVERY'),
			accessRecheckMs: optionalNumber(env, 'COLLAB_ACCESS_RECHECK_MS'),
			batchWindowMs: optionalNumber(env, 'COLLAB_BATCH_WINDOW_MS'),
			minWriteIntervalMs: optionalNumber(env, 'COLLAB_MIN_WRITE_INTERVAL_MS'),
			writeGridMs: optionalNumber(env, 'COLLAB_WRITE_GRID_MS'),
			// 0 would mean "a version after every change": unset instead.
			autoVersionPauseMs: optionalNumber(env, 'TRAME_AUTO_VERSION_PAUSE_MS') || undefined
		},
		cluster: redisUrl
			? {
					redisUrl,
					instanceId: text(env, 'TRAME_INSTANCE_ID'),
					remoteDurableTimeoutMs: optionalNumber(env, 'COLLAB_REMOTE_DURABLE_TIMEOUT_MS')
				}
			: null,
		clusterLauncher: {
			instances: optionalNumber(env, 'TRAME_INSTANCES') ?? 3,
			redisPort: optionalPort(env, 'TRAME_REDIS_PORT') || undefined
		}
	};
}

/**
 * The superuser's credentials: PB_SUPERUSER_EMAIL / PB_SUPERUSER_PASSWORD, else the data
 * directory's secrets.json (read only: `npm start` and the server generate it, see
 * scripts/lib/pocketbase.mjs `ensureSecrets`).
 * @param {TrameConfig} config
 * @returns {{ email: string, password: string }}
 */
export function superuserCredentials(config) {
	if (config.superuserFromEnv) return config.superuserFromEnv;
	const file = config.secretsFile;
	if (!existsSync(file)) {
		throw new ConfigError(
			`No PocketBase superuser credentials: set PB_SUPERUSER_EMAIL and PB_SUPERUSER_PASSWORD, ` +
				`or TRAME_DATA_DIR to the data directory of \`npm start\` (no ${file}).`
		);
	}
	/** @type {unknown} */
	let parsed;
	try {
		parsed = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new ConfigError(`${file} is not valid JSON`, { cause: error });
	}
	const secrets = /** @type {{ superuserEmail?: unknown, superuserPassword?: unknown } | null} */ (
		parsed
	);
	if (typeof secrets?.superuserEmail !== 'string' || typeof secrets.superuserPassword !== 'string')
		throw new ConfigError(`${file} lacks superuserEmail / superuserPassword`);
	return { email: secrets.superuserEmail, password: secrets.superuserPassword };
}

/**
 * Build-time options (vite.config.ts). TRAME_SOURCEMAP: hidden source maps beside the build, for
 * diagnostics only (bench/trace-open.ts maps its CPU profile to the sources with them).
 * @param {NodeJS.ProcessEnv} [env]
 */
export function buildOptions(env = process.env) {
	return { hiddenSourceMaps: text(env, 'TRAME_SOURCEMAP') !== undefined };
}

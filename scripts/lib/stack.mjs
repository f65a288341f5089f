// The set-up steps `npm run setup` and `npm start` share: npm packages, generated code, the
// PocketBase binary, the superuser secrets, the schema (migrations), the demo data and the
// production build. Plain ESM: runs before the npm packages (and tsx) are installed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { readConfig, PROJECT_ROOT } from '../../server/config.mjs';
import { ensureNodeModules } from './deps.mjs';
import { buildIsStale } from './freshness.mjs';

export { PROJECT_ROOT };

/** @typedef {(message: string) => void} Log */

/**
 * Runs a command to its end without blocking this process: PocketBase's output may be piped to
 * us, and a blocked event loop would stop draining it (PocketBase then blocks on its next write).
 * @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<number | null>} the exit code
 */
export function runToEnd(command, args, env = process.env) {
	return new Promise((done, fail) => {
		const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
		child.once('error', fail);
		child.once('exit', (code) => done(code));
	});
}

/**
 * npm packages (`npm ci` from the lock when missing or stale), then the PocketBase binary (built
 * from pocketbase/ with Go, or the verified official release) and the superuser secrets.
 * @param {{ log: Log, dev?: boolean }} options
 */
export async function prepareTools({ log, dev = false }) {
	ensureNodeModules(PROJECT_ROOT, log);
	// Imported after the install: this module depends on npm packages.
	const pocketbase = await import('./pocketbase.mjs');
	const config = readConfig(process.env, { dev });
	const superuser = pocketbase.ensureSecrets(config);
	await pocketbase.ensurePocketBaseBinary({ log });
	return { config, superuser, pocketbase };
}

/** Paraglide's messages and SvelteKit's generated types (`npm run prepare:generated`). */
export async function generateCode() {
	if ((await runToEnd('npm', ['run', 'prepare:generated'])) !== 0)
		throw new Error('npm run prepare:generated failed');
}

/**
 * Creates the demo accounts, experiment and protocol unless they exist (scripts/seed.ts).
 * @param {NodeJS.ProcessEnv} env with PB_URL and the superuser
 */
export async function seedDemoData(env) {
	const code = await runToEnd(
		process.execPath,
		['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'seed.ts')],
		env
	);
	if (code !== 0) throw new Error('seeding the demo data failed');
}

/**
 * The production build, when older than its sources.
 * @param {{ log: Log }} options
 */
export async function buildAppIfStale({ log }) {
	if (!buildIsStale(PROJECT_ROOT)) return;
	log("Construction de l'application…");
	if ((await runToEnd('npm', ['run', 'build'])) !== 0) throw new Error('npm run build failed');
}

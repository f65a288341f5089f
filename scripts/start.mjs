#!/usr/bin/env node
// `npm start`: sets everything up on a fresh clone and runs Trame — PocketBase (built from
// pocketbase/ or the official release), the schema, demo data on first run, the app and the
// collaboration endpoint on one origin. `npm run dev` does the same with Vite's dev server.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ensureNodeModules } from './lib/deps.mjs';
import { buildIsStale } from './lib/freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const log = (/** @type {string} */ msg) => console.log(`[trame] ${msg}`);

ensureNodeModules(root, log);
// Imported after the install: these modules may depend on npm packages.
const { ensurePocketBaseBinary, ensureSecrets, dataDirFromEnv, startPocketBase } =
	await import('./lib/pocketbase.mjs');

const dataDir = dataDirFromEnv();
const secrets = ensureSecrets(dataDir);
await ensurePocketBaseBinary({ log });
{
	const { missingSystemTools, describeMissing, SYSTEM_TOOLS } =
		await import('./lib/system-tools.mjs');
	// Only LibreOffice matters to a running Trame (Pandoc is for the tests).
	const missing = missingSystemTools(SYSTEM_TOOLS.slice(0, 1));
	if (missing.length > 0)
		log(`Attention : l’import et l’export ODT seront refusés sans ${describeMissing(missing)}`);
}

const pbPort = Number(process.env.PB_PORT ?? 8090);
log(`Démarrage de PocketBase (données : ${dataDir})…`);
const pocketbase = await startPocketBase({
	dataDir,
	port: pbPort,
	superuser: { email: secrets.superuserEmail, password: secrets.superuserPassword },
	log
});

const port = Number(process.env.PORT ?? (dev ? 5173 : 3000));
const host = process.env.HOST ?? '127.0.0.1';
const origin = process.env.ORIGIN ?? `http://localhost:${port}`;

// Mail: production sets SMTP_HOST (README, "Configuration"); otherwise a local Mailpit catches
// every message (password resets, email changes, invitations) so that they work out of the box.
/** @type {Awaited<ReturnType<typeof import('./lib/mailpit.mjs').startMailpit>> | null} */
let mailpit = null;
/** @type {Record<string, string>} */
let mailEnv = {};
if (!process.env.SMTP_HOST) {
	const { startMailpit } = await import('./lib/mailpit.mjs');
	try {
		mailpit = await startMailpit({
			dataDir: join(dataDir, 'mailpit'),
			smtpPort: await portOr(Number(process.env.MAILPIT_SMTP_PORT ?? 1025)),
			httpPort: await portOr(Number(process.env.MAILPIT_HTTP_PORT ?? 8025)),
			log
		});
		mailEnv = { SMTP_HOST: mailpit.smtpHost, SMTP_PORT: String(mailpit.smtpPort) };
	} catch (error) {
		log(
			`Pas de serveur de courrier local (${error instanceof Error ? error.message : String(error)}) : ` +
				"les e-mails ne partiront pas, les liens d'invitation s'affichent à l'écran."
		);
	}
}

const childEnv = {
	...process.env,
	...mailEnv,
	PB_URL: pocketbase.url,
	PB_SUPERUSER_EMAIL: secrets.superuserEmail,
	PB_SUPERUSER_PASSWORD: secrets.superuserPassword,
	TRAME_DATA_DIR: dataDir,
	PORT: String(port),
	HOST: host,
	ORIGIN: origin
};

/**
 * `preferred` when nothing listens there, else 0 (any free port).
 * @param {number} preferred
 */
async function portOr(preferred) {
	const { createServer } = await import('node:net');
	return new Promise((resolve) => {
		const probe = createServer();
		probe.once('error', () => resolve(0));
		probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(preferred)));
	});
}

/** Polls `url` until it answers, so the URL is printed only once the app really serves. */
async function waitUntilServing(url, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (app && app.exitCode !== null) return;
		const ok = await fetch(url).then(
			(response) => response.status < 500,
			() => false
		);
		if (ok) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`the server did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/** @type {import('node:child_process').ChildProcess | undefined} */
let app;
let stopping = false;
async function shutdown(code = 0) {
	if (stopping) return;
	stopping = true;
	if (app && app.exitCode === null) {
		app.kill('SIGTERM');
		await new Promise((resolve) => app?.once('exit', resolve));
	}
	await mailpit?.stop();
	await pocketbase.stop();
	process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/**
 * Runs a command to its end without blocking this process: PocketBase's output is piped to us,
 * and a blocked event loop would stop draining it (PocketBase then blocks on its next write).
 * @param {string} command @param {string[]} args
 * @returns {Promise<number | null>} the exit code
 */
function runToEnd(command, args) {
	return new Promise((done, fail) => {
		const child = spawn(command, args, { cwd: root, env: childEnv, stdio: 'inherit' });
		child.once('error', fail);
		child.once('exit', (code) => done(code));
	});
}

try {
	const seeded = await runToEnd(process.execPath, [
		'--import',
		'tsx',
		join(root, 'scripts', 'seed.ts')
	]);
	if (seeded !== 0) throw new Error('seeding the demo data failed');

	if (dev) {
		app = spawn(
			join(root, 'node_modules', '.bin', 'vite'),
			['dev', '--port', String(port), '--host', host, '--strictPort'],
			{
				cwd: root,
				env: childEnv,
				stdio: 'inherit'
			}
		);
	} else {
		if (buildIsStale(root)) {
			log("Construction de l'application…");
			if ((await runToEnd('npm', ['run', 'build'])) !== 0) throw new Error('npm run build failed');
		}
		app = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'index.ts')], {
			cwd: root,
			env: childEnv,
			stdio: 'inherit'
		});
	}
	app.once('exit', (code) => {
		if (!stopping) {
			log(`Le serveur s'est arrêté (code ${code}).`);
			void shutdown(code ?? 1);
		}
	});
	await waitUntilServing(dev ? `http://127.0.0.1:${port}/` : `http://127.0.0.1:${port}/health`);
	if (!stopping) {
		if (mailpit) {
			log(
				`Courriers envoyés (serveur local Mailpit, rien ne sort de cette machine) : ` +
					`${mailpit.apiUrl}/view/latest.html (le dernier), ${mailpit.apiUrl}/api/v1/messages (la liste)`
			);
		}
		log(`Trame est prêt : ${origin}  (Ctrl+C pour arrêter)`);
	}
} catch (error) {
	console.error(`[trame] ${error instanceof Error ? error.message : String(error)}`);
	await shutdown(1);
}

#!/usr/bin/env node
// `npm start`: sets everything up on a fresh clone and runs Trame — PocketBase (built from
// pocketbase/ or the official release), the schema, demo data on first run, the app and the
// collaboration endpoint on one origin. `npm run dev` does the same with Vite's dev server.
// The set-up steps are shared with `npm run setup` (scripts/lib/stack.mjs); the environment is
// read by server/config.mjs.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { buildAppIfStale, prepareTools, PROJECT_ROOT, seedDemoData } from './lib/stack.mjs';

const dev = process.argv.includes('--dev');
const log = (/** @type {string} */ msg) => console.log(`[trame] ${msg}`);

const { config, superuser, pocketbase: pb } = await prepareTools({ log, dev });

{
	const { missingSystemTools, describeMissing, SYSTEM_TOOLS } =
		await import('./lib/system-tools.mjs');
	// Only LibreOffice matters to a running Trame (Pandoc is for the tests).
	const missing = missingSystemTools(SYSTEM_TOOLS.slice(0, 1));
	if (missing.length > 0)
		log(`Attention : l’import et l’export ODT seront refusés sans ${describeMissing(missing)}`);
}

log(`Démarrage de PocketBase (données : ${config.dataDir})…`);
const pocketbase = await pb.startPocketBase({
	dataDir: config.dataDir,
	port: config.pbPort,
	superuser,
	log
});

// Mail: production sets SMTP_HOST (README, "Configuration"); otherwise a local Mailpit catches
// every message (password resets, email changes, invitations) so that they work out of the box.
/** @type {Awaited<ReturnType<typeof import('./lib/mailpit.mjs').startMailpit>> | null} */
let mailpit = null;
/** @type {Record<string, string>} */
let mailEnv = {};
if (!config.accountsEnv.SMTP_HOST) {
	const { startMailpit } = await import('./lib/mailpit.mjs');
	try {
		mailpit = await startMailpit({
			dataDir: join(config.dataDir, 'mailpit'),
			smtpPort: await portOr(config.mailpit.smtpPort),
			httpPort: await portOr(config.mailpit.httpPort),
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
	PB_SUPERUSER_EMAIL: superuser.email,
	PB_SUPERUSER_PASSWORD: superuser.password,
	TRAME_DATA_DIR: config.dataDir,
	PORT: String(config.port),
	HOST: config.host,
	ORIGIN: config.origin
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

try {
	await seedDemoData(childEnv);
	if (dev) {
		app = spawn(
			join(PROJECT_ROOT, 'node_modules', '.bin', 'vite'),
			['dev', '--port', String(config.port), '--host', config.host, '--strictPort'],
			{ cwd: PROJECT_ROOT, env: childEnv, stdio: 'inherit' }
		);
	} else {
		await buildAppIfStale({ log });
		app = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server', 'index.ts')], {
			cwd: PROJECT_ROOT,
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
	const local = `http://127.0.0.1:${config.port}`;
	await waitUntilServing(dev ? `${local}/` : `${local}/health`);
	if (!stopping) {
		if (mailpit) {
			log(
				`Courriers envoyés (serveur local Mailpit, rien ne sort de cette machine) : ` +
					`${mailpit.apiUrl}/view/latest.html (le dernier), ${mailpit.apiUrl}/api/v1/messages (la liste)`
			);
		}
		log(`Trame est prêt : ${config.origin}  (Ctrl+C pour arrêter)`);
	}
} catch (error) {
	console.error(`[trame] ${error instanceof Error ? error.message : String(error)}`);
	await shutdown(1);
}

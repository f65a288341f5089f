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

log(`Démarrage de PocketBase (données : ${config.dataDir})…`);
const pocketbase = await pb.startPocketBase({
	dataDir: config.dataDir,
	port: config.pbPort,
	superuser,
	log
});

const childEnv = {
	...process.env,
	PB_URL: pocketbase.url,
	PB_SUPERUSER_EMAIL: superuser.email,
	PB_SUPERUSER_PASSWORD: superuser.password,
	TRAME_DATA_DIR: config.dataDir,
	PORT: String(config.port),
	HOST: config.host,
	ORIGIN: config.origin
};

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
	if (!stopping) log(`Trame est prêt : ${config.origin}  (Ctrl+C pour arrêter)`);
} catch (error) {
	console.error(`[trame] ${error instanceof Error ? error.message : String(error)}`);
	await shutdown(1);
}

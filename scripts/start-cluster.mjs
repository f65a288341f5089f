#!/usr/bin/env node
// `npm run start:cluster [-- --instances N]`: Trame as a local cluster, to try it — PocketBase
// (one process, as in production), Redis as the bus, N Trame instances (default 3) and HAProxy in
// front on the usual port. Same setup as `npm start` (packages, PocketBase, schema, demo data,
// build), plus Debian's redis-server and haproxy, which it asks for if missing.
// See docs/deployment.md for a production set-up.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureNodeModules } from './lib/deps.mjs';
import { readConfig } from '../server/config.mjs';
import { buildAppIfStale, PROJECT_ROOT as root, prepareTools, seedDemoData } from './lib/stack.mjs';

const log = (/** @type {string} */ msg) => console.log(`[trame] ${msg}`);
const argIndex = process.argv.indexOf('--instances');
const count = Number(
	argIndex > 0 ? process.argv[argIndex + 1] : readConfig().clusterLauncher.instances
);
if (!Number.isInteger(count) || count < 1 || count > 16) {
	console.error('[trame] --instances doit être un entier entre 1 et 16 / must be 1–16');
	process.exit(1);
}

ensureNodeModules(root, log);
const { requireClusterTools, startRedis, startHaproxy } = await import('./lib/cluster.mjs');
try {
	requireClusterTools(['redis', 'haproxy']);
} catch (error) {
	console.error(`[trame] ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
const { config, superuser, pocketbase: pb } = await prepareTools({ log });
const { port, origin } = config;
log(`Démarrage de PocketBase (données : ${config.dataDir})…`);
const pocketbase = await pb.startPocketBase({
	dataDir: config.dataDir,
	port: config.pbPort,
	superuser,
	log
});
const baseEnv = {
	...process.env,
	PB_URL: pocketbase.url,
	PB_SUPERUSER_EMAIL: superuser.email,
	PB_SUPERUSER_PASSWORD: superuser.password,
	TRAME_DATA_DIR: config.dataDir,
	HOST: '127.0.0.1',
	ORIGIN: origin,
	// Behind HAProxy: the browser's address is the last X-Forwarded-For entry (rate limits).
	ADDRESS_HEADER: 'x-forwarded-for',
	XFF_DEPTH: '1'
};

/** @type {import('node:child_process').ChildProcess[]} */
const instances = [];
/** @type {Awaited<ReturnType<typeof startRedis>> | null} */
let redis = null;
/** @type {Awaited<ReturnType<typeof startHaproxy>> | null} */
let proxy = null;
let stopping = false;
async function shutdown(code = 0) {
	if (stopping) return;
	stopping = true;
	await proxy?.stop().catch(() => {});
	await Promise.all(
		instances.map(
			(child) =>
				new Promise((done) => {
					if (child.exitCode !== null) return done(undefined);
					child.once('exit', done);
					child.kill('SIGTERM');
				})
		)
	);
	await redis?.dispose().catch(() => {});
	await pocketbase.stop();
	process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/** @param {string} url */
async function waitHealthy(url, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const ok = await fetch(url).then(
			(response) => response.ok,
			() => false
		);
		if (ok) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

try {
	await seedDemoData(baseEnv);
	await buildAppIfStale({ log });
	redis = await startRedis({ port: config.clusterLauncher.redisPort });
	log(`Bus Redis : ${redis.url}`);
	/** @type {{ name: string, port: number }[]} */
	const backends = [];
	for (let i = 1; i <= count; i++) {
		const instancePort = config.portFromEnv ? port + i : await pb.findFreePort();
		const name = `i${i}`;
		const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'index.ts')], {
			cwd: root,
			env: {
				...baseEnv,
				PORT: String(instancePort),
				TRAME_REDIS_URL: redis.url,
				TRAME_INSTANCE_ID: name
			},
			stdio: 'inherit'
		});
		child.once('exit', (code) => {
			if (!stopping)
				log(`L'instance ${name} s'est arrêtée (code ${code}) ; les autres continuent.`);
		});
		instances.push(child);
		backends.push({ name, port: instancePort });
	}
	await Promise.all(backends.map((b) => waitHealthy(`http://127.0.0.1:${b.port}/health`)));
	proxy = await startHaproxy({ backends, port });
	log(
		`${count} instances (${backends.map((b) => `${b.name}:${b.port}`).join(', ')}) derrière HAProxy.`
	);
	log(`Trame (cluster) est prêt : ${origin}  (Ctrl+C pour arrêter)`);
} catch (error) {
	console.error(`[trame] ${error instanceof Error ? error.message : String(error)}`);
	await shutdown(1);
}

/**
 * The pieces of a local Trame cluster, shared by `npm run start:cluster`, the cluster tests and
 * the bench: Redis (Debian's `redis-server`, the bus) and HAProxy (Debian's `haproxy`, the proxy)
 * as child processes on 127.0.0.1 with temporary files, and the HAProxy configuration that routes
 * `/collab/<documentId>` by consistent hashing of the path and everything else round-robin, both
 * with active health checks on `/health`. Plain ESM + JSDoc like pocketbase.mjs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './pocketbase.mjs';

export class ClusterToolMissing extends Error {
	/** @param {string} message */
	constructor(message) {
		super(message);
		this.name = 'ClusterToolMissing';
	}
}

/** @type {{ redis: { binary: string, debian: string }, haproxy: { binary: string, debian: string } }} */
const TOOLS = {
	redis: { binary: 'redis-server', debian: 'redis-server' },
	haproxy: { binary: 'haproxy', debian: 'haproxy' }
};

/**
 * Throws a French + English message naming the Debian packages to install when a tool is missing.
 * @param {Array<keyof typeof TOOLS>} names
 */
export function requireClusterTools(names = ['redis', 'haproxy']) {
	const missing = names.filter((name) => {
		const found = spawnSync(TOOLS[name].binary, ['-v'], { stdio: 'ignore' });
		return found.error !== undefined;
	});
	if (missing.length === 0) return;
	const packages = missing.map((name) => TOOLS[name].debian).join(' ');
	throw new ClusterToolMissing(
		`Il manque ${missing.map((name) => TOOLS[name].binary).join(' et ')} pour le cluster Trame ` +
			`(bus et proxy). Installez-les : sudo apt-get install ${packages}\n` +
			`Missing ${missing.map((name) => TOOLS[name].binary).join(' and ')} for the Trame cluster ` +
			`(bus and proxy). Install them: sudo apt-get install ${packages}`
	);
}

/** @param {number} ms */
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * Resolves once something accepts TCP connections on the port (or rejects after `timeoutMs`).
 * @param {number} port @param {number} timeoutMs
 */
export async function waitForPort(port, timeoutMs = 10_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const open = await new Promise((done) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				done(true);
			});
			socket.once('error', () => done(false));
		});
		if (open) return;
		if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
		await sleep(50);
	}
}

/**
 * @typedef {object} ManagedProcess
 * @property {import('node:child_process').ChildProcess} child
 * @property {() => string} output
 * @property {() => Promise<void>} stop SIGTERM and wait (SIGKILL after 5 s)
 * @property {() => Promise<void>} kill SIGKILL and wait
 */

/**
 * @param {string} command @param {string[]} args
 * @returns {ManagedProcess}
 */
function managed(command, args) {
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const keep = (/** @type {Buffer} */ chunk) => {
		output = (output + chunk.toString()).slice(-20_000);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const exited = new Promise((done) => child.once('exit', done));
	const gone = () => child.exitCode !== null || child.signalCode !== null;
	return {
		child,
		output: () => output,
		async stop() {
			if (gone()) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
			await exited;
			clearTimeout(timer);
		},
		async kill() {
			if (gone()) return;
			child.kill('SIGKILL');
			await exited;
		}
	};
}

/**
 * @typedef {object} RedisProcess
 * @property {string} url redis://127.0.0.1:<port>
 * @property {number} port
 * @property {() => number | undefined} pid the running redis-server's pid
 * @property {() => Promise<void>} stop stops it (the port stays reserved for `start`)
 * @property {() => Promise<void>} start starts it again on the same port
 * @property {() => Promise<void>} dispose stops it and removes its directory
 * @property {() => string} output
 */

/**
 * Redis as the bus: pub/sub and leases only, so no persistence (`--save ''`, no AOF).
 * @param {{ port?: number }} [options]
 * @returns {Promise<RedisProcess>}
 */
export async function startRedis(options = {}) {
	requireClusterTools(['redis']);
	const dir = mkdtempSync(join(tmpdir(), 'trame-redis-'));
	const port = options.port ?? (await findFreePort());
	/** @type {ManagedProcess | null} */
	let current = null;
	let outputs = '';
	const start = async () => {
		current = managed('redis-server', [
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--protected-mode',
			'yes'
		]);
		await waitForPort(port);
	};
	await start();
	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		pid: () => current?.child.pid,
		output: () => outputs + (current?.output() ?? ''),
		async stop() {
			if (!current) return;
			outputs += current.output();
			await current.stop();
			current = null;
		},
		start,
		async dispose() {
			if (current) await current.stop();
			current = null;
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * @typedef {object} Backend
 * @property {string} name
 * @property {number} port
 */

/**
 * The HAProxy configuration: `/collab/<id>` by consistent hash of the path (document affinity),
 * and so the import pages (an analysis is confirmed on the instance that made it), the rest
 * round-robin, active health checks on /health (every 500 ms, down after 2 failures or
 * at once on a refused connection), failed connections retried on another instance.
 * @param {{ port: number, backends: Backend[], host?: string }} options
 */
export function haproxyConfig({ port, backends, host = '127.0.0.1' }) {
	const servers = backends
		.map((backend) => `  server ${backend.name} 127.0.0.1:${backend.port} check`)
		.join('\n');
	return `# Generated by scripts/lib/cluster.mjs (see docs/deployment.md).
global
  # Each proxied connection holds two file descriptors; stay under common ulimits.
  maxconn 4000

defaults
  mode http
  timeout connect 1s
  timeout client 60s
  timeout server 60s
  # WebSockets and SSE once upgraded/streaming
  timeout tunnel 1h
  # A refused connection (an instance just died) is retried on another instance.
  retries 3
  option redispatch 1

frontend trame
  bind ${host}:${port}
  option forwardfor
  acl collab path_beg /collab/
  # An import is analysed then confirmed on the same page: its analysis waits in that
  # instance's memory, so both requests (same path, query left out) go to the same instance.
  acl import path_reg ^/(experiences|documents)/[a-z0-9]+/importer$
  use_backend collab if collab || import
  default_backend app

backend collab
  # Document affinity: the path /collab/<documentId> (query left out) on a consistent-hash ring,
  # so adding or losing an instance moves only its share of documents.
  balance uri path-only
  hash-type consistent
  option httpchk GET /health
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
${servers}

backend app
  balance roundrobin
  option httpchk GET /health
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
${servers}
`;
}

/**
 * @typedef {object} HaproxyProcess
 * @property {string} url http://127.0.0.1:<port>
 * @property {number} port
 * @property {string} config the configuration text
 * @property {number | undefined} pid
 * @property {() => string} output
 * @property {() => Promise<void>} stop
 */

/**
 * @param {{ backends: Backend[], port?: number }} options
 * @returns {Promise<HaproxyProcess>}
 */
export async function startHaproxy({ backends, port }) {
	requireClusterTools(['haproxy']);
	const dir = mkdtempSync(join(tmpdir(), 'trame-haproxy-'));
	const listen = port ?? (await findFreePort());
	const config = haproxyConfig({ port: listen, backends });
	const file = join(dir, 'haproxy.cfg');
	writeFileSync(file, config);
	const check = spawnSync('haproxy', ['-c', '-q', '-f', file], { encoding: 'utf8' });
	if (check.status !== 0) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`invalid HAProxy configuration:\n${check.stderr}`);
	}
	// -db: foreground, no daemon; -W: master-worker so SIGTERM stops it cleanly.
	const proc = managed('haproxy', ['-W', '-db', '-f', file]);
	try {
		await waitForPort(listen);
	} catch (error) {
		await proc.kill();
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`HAProxy did not start:\n${proc.output()}`, { cause: error });
	}
	return {
		url: `http://127.0.0.1:${listen}`,
		port: listen,
		config,
		pid: proc.child.pid,
		output: proc.output,
		async stop() {
			await proc.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

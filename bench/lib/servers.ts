/**
 * The servers under test, each started as its own process and pinned to the server core:
 * Trame (collab server + PocketBase, both real), the plain y-websocket server, Hocuspocus with
 * SQLite, and Hocuspocus with SQLite and its Redis extension (the scale-out set-up, on a real
 * redis-server started here).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis } from '../../scripts/lib/cluster.mjs';
import { startTestPocketBase, type TestPocketBase } from '../../tests/support/pocketbase';
import { startTrameServerProcess, type TrameServerProcess } from '../../tests/support/trame-server';
import { pidsWithArgument, pin } from './proc';
import { sleep } from './stats';

const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PROJECT_ROOT = resolve(BENCH_DIR, '..');
export const SERVER_CORE = '0';
export const CLIENT_CORE = '1';
/** Off for the harness test: its servers share the cores like any test process. */
export const pinning = { enabled: true };
const pinServer = (pid: number) => pinning.enabled && pin(pid, SERVER_CORE);
/** Pins a process of the servers' side (cluster: instances, Redis, HAProxy) to the server core. */
export const pinToServerCore = pinServer;

export const SERVER_KINDS = ['trame', 'plain', 'hocuspocus', 'hocuspocus-redis'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** Both Hocuspocus set-ups: same provider, same SQLite stores, same debounce. */
export const isHocuspocus = (kind: ServerKind) =>
	kind === 'hocuspocus' || kind === 'hocuspocus-redis';

export interface StoredWrite {
	/** Epoch ms (sub-ms precision) when the write finished. */
	end: number;
	bytes: number;
	document: string;
}

export interface RunningServer {
	kind: ServerKind;
	wsUrl: string;
	/** Pid of the collaboration process (the one whose CPU and memory we report). */
	pid: number;
	/** Trame only: PocketBase (for users, documents, write counts). */
	pb?: TestPocketBase;
	/** Durable writes so far (Trame: PocketBase doc_updates rows; Hocuspocus: SQLite stores). */
	writes(): Promise<StoredWrite[]>;
	stop(): Promise<void>;
	/** Live memory after a full GC (the bench's memory probe preload, same for every server). */
	memory(): Promise<MemorySnapshot>;
	/** Trame: `GET /health` (open documents, connections). */
	health?(): Promise<TrameHealth>;
	/**
	 * Processes beside the server that serve the same clients on the server core (Trame:
	 * PocketBase; Hocuspocus + Redis: redis-server): their CPU counts in S5's CPU verdict.
	 */
	companionPids(): number[];
	/** Hocuspocus: whether the server unloaded this document since it was last loaded. */
	unloaded?(document: string): boolean;
	/**
	 * Stops the server process and starts it again on the same port with the same storage
	 * (Trame: PocketBase keeps running; Hocuspocus: same SQLite file; plain: memory is lost).
	 */
	restart(): Promise<void>;
	output(): string;
}

export interface MemorySnapshot {
	rss: number;
	heapUsed: number;
	external: number;
	/** Event-loop delay since the previous snapshot or the start (ms), read before the GC. */
	eventLoopDelay: { p99: number; max: number };
}

const MEMORY_PROBE = join(BENCH_DIR, 'lib', 'memory-probe.mjs');

/** Environment that loads the memory probe, keeping any NODE_OPTIONS asked for. */
function memoryProbeEnv(file: string, nodeOptions = process.env.NODE_OPTIONS ?? '') {
	return {
		BENCH_MEMORY_FILE: file,
		NODE_OPTIONS: `${nodeOptions} --expose-gc --import ${MEMORY_PROBE}`.trim()
	};
}

/** Signals the probe of `pid()` and waits for the snapshot it writes to `file`. */
function memoryReader(pid: () => number, file: string): () => Promise<MemorySnapshot> {
	return async () => {
		const asked = Date.now();
		process.kill(pid(), 'SIGUSR2');
		// Generous: with BENCH_HEAP_SNAPSHOT_DIR the probe writes a heap snapshot first.
		for (let waited = 0; waited < 60_000; waited += 20) {
			if (existsSync(file)) {
				const snapshot = JSON.parse(readFileSync(file, 'utf8')) as MemorySnapshot & {
					at: number;
				};
				if (snapshot.at >= asked) return snapshot;
			}
			await sleep(20);
		}
		throw new Error(`no memory snapshot from pid ${pid()} (probe not loaded?)`);
	};
}

export interface TrameHealth {
	ok: boolean;
	documents: number;
	connections: number;
}

export interface StartOptions {
	/** Hocuspocus: persist with the SQLite extension. */
	persistence?: boolean;
	/** Hocuspocus: add its Redis extension, on a redis-server started (and stopped) with it. */
	redis?: boolean;
	/** Extra environment for the Trame server. */
	env?: Record<string, string>;
}

/**
 * A bench-only PocketBase hook (beside the repo's hooks) that records every `doc_updates` row
 * inserted (time, bytes, document) so write rate and amplification are measured where the data
 * lands. An SQLite trigger, not a record hook: appends arrive through Trame's lean insert route
 * (pb_hooks/doc_rows.pb.js, plain SQL), compactions through the record API; the trigger sees
 * both, and keeps rows a compaction deletes afterwards.
 */
const WRITE_COUNTER_HOOK = `
// Installed by the bench once PocketBase serves (its migrations have run).
routerAdd('POST', '/api/bench/doc-writes/install', (e) => {
	$app.db().newQuery(
		'CREATE TABLE IF NOT EXISTS _bench_doc_writes (document TEXT, bytes INTEGER, created TEXT)'
	).execute();
	$app.db().newQuery(
		'CREATE TRIGGER IF NOT EXISTS _bench_doc_writes_ai AFTER INSERT ON doc_updates BEGIN ' +
			'INSERT INTO _bench_doc_writes (document, bytes, created) VALUES (NEW.document, NEW.bytes, NEW.created); END'
	).execute();
	return e.noContent(204);
}, $apis.requireSuperuserAuth());
routerAdd('GET', '/api/bench/doc-writes', (e) => {
	const rows = arrayOf(new DynamicModel({ document: '', bytes: 0, created: '' }));
	$app.db().newQuery('SELECT document, bytes, created FROM _bench_doc_writes').all(rows);
	return e.json(200, rows.map((row) => ({
		document: row.document,
		bytes: row.bytes,
		end: Date.parse(row.created.replace(' ', 'T'))
	})));
}, $apis.requireSuperuserAuth());
`;

export async function startPocketBaseForBench(
	options: { extraArgs?: string[] } = {}
): Promise<TestPocketBase> {
	const hooksDir = mkdtempSync(join(tmpdir(), 'trame-bench-hooks-'));
	cpSync(join(PROJECT_ROOT, 'pocketbase', 'pb_hooks'), hooksDir, { recursive: true });
	writeFileSync(join(hooksDir, 'zz_bench_writes.pb.js'), WRITE_COUNTER_HOOK);
	const pb = await startTestPocketBase({ hooksDir, extraArgs: options.extraArgs });
	await pb.admin.send('/api/bench/doc-writes/install', { method: 'POST' });
	for (const pid of pidsWithArgument(pb.dataDir)) pinServer(pid);
	const stop = pb.stop;
	pb.stop = async () => {
		await stop();
		rmSync(hooksDir, { recursive: true, force: true });
	};
	return pb;
}

export async function startTrame(
	pb: TestPocketBase,
	options: StartOptions = {}
): Promise<RunningServer> {
	const memoryFile = join(mkdtempSync(join(tmpdir(), 'trame-bench-memory-')), 'trame.json');
	const env = {
		COLLAB_ACCESS_RECHECK_MS: '5000',
		...options.env,
		...memoryProbeEnv(memoryFile, options.env?.NODE_OPTIONS)
	};
	let server: TrameServerProcess = await startTrameServerProcess({
		pbUrl: pb.url,
		superuser: pb.superuser,
		env
	});
	const pinned = (s: TrameServerProcess) => {
		pinServer(s.child.pid!);
		return s;
	};
	pinned(server);
	const running: RunningServer = {
		kind: 'trame',
		wsUrl: server.wsUrl,
		pid: server.child.pid!,
		pb,
		companionPids: () => pidsWithArgument(pb.dataDir),
		memory: memoryReader(() => running.pid, memoryFile),
		async writes() {
			const rows = await pb.admin.send<StoredWrite[]>('/api/bench/doc-writes', {});
			return rows.sort((a, b) => a.end - b.end);
		},
		async health() {
			const response = await fetch(`${server.url}/health`);
			if (!response.ok) throw new Error(`/health answered ${response.status}`);
			return (await response.json()) as TrameHealth;
		},
		async stop() {
			await server.stop();
			rmSync(dirname(memoryFile), { recursive: true, force: true });
		},
		async restart() {
			await server.stop();
			server = pinned(
				await startTrameServerProcess({
					pbUrl: pb.url,
					superuser: pb.superuser,
					port: server.port,
					env
				})
			);
			running.pid = server.child.pid!;
		},
		output: () => server.output()
	};
	return running;
}

interface ReferenceProcess {
	child: ChildProcess;
	memory(): Promise<MemorySnapshot>;
	port: number;
	lines: Record<string, unknown>[];
	output(): string;
}

async function startReference(
	script: string,
	env: Record<string, string>
): Promise<ReferenceProcess> {
	const memoryFile = join(mkdtempSync(join(tmpdir(), 'trame-bench-memory-')), `${script}.json`);
	const child = spawn(process.execPath, [join(BENCH_DIR, 'references', script)], {
		cwd: PROJECT_ROOT,
		env: {
			...process.env,
			PORT: '0',
			NODE_ENV: 'production',
			...env,
			...memoryProbeEnv(memoryFile)
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	pinServer(child.pid!);
	let output = '';
	let pending = '';
	const lines: Record<string, unknown>[] = [];
	child.once('exit', () => rmSync(dirname(memoryFile), { recursive: true, force: true }));
	child
		.stderr!.setEncoding('utf8')
		.on('data', (chunk: string) => (output += chunk.slice(0, 10_000)));
	const port = await new Promise<number>((resolvePort, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`${script} did not start:\n${output}`)),
			30_000
		);
		child.once('exit', (code) => reject(new Error(`${script} exited ${code}:\n${output}`)));
		child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
			pending += chunk;
			const parts = pending.split('\n');
			pending = parts.pop() ?? '';
			for (const line of parts) {
				if (!line.startsWith('{')) continue;
				const event = JSON.parse(line) as Record<string, unknown>;
				if (event.event === 'listening') {
					clearTimeout(timer);
					resolvePort(Number(event.port));
				} else lines.push(event);
			}
		});
	});
	return {
		child,
		port,
		lines,
		output: () => output,
		memory: memoryReader(() => child.pid!, memoryFile)
	};
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((done) => child.once('exit', done));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(timer);
}

export async function startPlain(): Promise<RunningServer> {
	let ref = await startReference('plain-server.mjs', {});
	const running: RunningServer = {
		kind: 'plain',
		wsUrl: `ws://127.0.0.1:${ref.port}`,
		pid: ref.child.pid!,
		companionPids: () => [],
		memory: () => ref.memory(),
		writes: async () => [],
		stop: () => stopChild(ref.child),
		async restart() {
			await stopChild(ref.child);
			ref = await startReference('plain-server.mjs', { PORT: String(ref.port) });
			running.pid = ref.child.pid!;
		},
		output: () => ref.output()
	};
	return running;
}

export async function startHocuspocus(options: StartOptions = {}): Promise<RunningServer> {
	const kind: ServerKind = options.redis ? 'hocuspocus-redis' : 'hocuspocus';
	const redis: Awaited<ReturnType<typeof startRedis>> | null = options.redis
		? await startRedis()
		: null;
	if (redis) pinServer(redis.pid()!);
	const dir = mkdtempSync(join(tmpdir(), 'trame-bench-hocuspocus-'));
	const env: Record<string, string> = {
		...(options.persistence ? { BENCH_SQLITE_FILE: join(dir, 'db.sqlite') } : {}),
		...(redis ? { BENCH_REDIS_URL: redis.url } : {})
	};
	let ref: ReferenceProcess;
	try {
		ref = await startReference('hocuspocus-server.mjs', env);
	} catch (error) {
		await redis?.dispose();
		throw error;
	}
	const earlierLines: Record<string, unknown>[] = [];
	const events = (name: string) =>
		[...earlierLines, ...ref.lines].filter((line) => line.event === name);
	const running: RunningServer = {
		kind,
		wsUrl: `ws://127.0.0.1:${ref.port}`,
		pid: ref.child.pid!,
		companionPids: () => (redis?.pid() ? [redis.pid()!] : []),
		memory: () => ref.memory(),
		async restart() {
			await stopChild(ref.child);
			earlierLines.push(...ref.lines);
			ref = await startReference('hocuspocus-server.mjs', { ...env, PORT: String(ref.port) });
			running.pid = ref.child.pid!;
		},
		writes: async () =>
			events('stored').map((line) => ({
				end: Number(line.end),
				bytes: Number(line.bytes),
				document: String(line.document)
			})),
		unloaded(document) {
			const last = events('loaded')
				.concat(events('unloaded'))
				.filter((line) => line.document === document)
				.sort((a, b) => Number(a.at) - Number(b.at))
				.at(-1);
			return last?.event === 'unloaded';
		},
		async stop() {
			await stopChild(ref.child);
			await redis?.dispose();
			rmSync(dir, { recursive: true, force: true });
		},
		output: () => ref.output() + (redis ? `\n--- redis-server\n${redis.output()}` : '')
	};
	return running;
}

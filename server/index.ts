/**
 * Trame's production server: one HTTP server on one origin that serves the SvelteKit app
 * (adapter-node's `build/handler.js`, when built) and upgrades `/collab/<documentId>` to the
 * collaboration WebSocket. `GET /health` reports the collab server (counts only, no secrets).
 *
 * Run: `node --import tsx server/index.ts`. Env: PORT (3000; 0 = any free port), HOST
 * (127.0.0.1), ORIGIN (http://localhost:<port>), PB_URL (http://127.0.0.1:<PB_PORT or 8090>),
 * PB_SUPERUSER_EMAIL / PB_SUPERUSER_PASSWORD (else `<TRAME_DATA_DIR>/secrets.json`), and the
 * tunables COLLAB_IDLE_UNLOAD_MS, COLLAB_COMPACT_EVERY, COLLAB_ACCESS_RECHECK_MS,
 * COLLAB_BATCH_WINDOW_MS, COLLAB_MIN_WRITE_INTERVAL_MS, COLLAB_WRITE_GRID_MS; TRAME_HEALTH_RUNTIME=1 (bench: heap, RSS and
 * event-loop delay on /health); TRAME_BUILD_DIR (default `build/`) locates the app build.
 *
 * Logs are JSON lines on stdout. Once listening it prints
 * `{"event":"server.listening","url":"http://127.0.0.1:43210",...}` — tests parse that line.
 * SIGTERM/SIGINT: stop accepting, flush every pending write, close sockets (1012), exit 0.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CollabServer, CollabServerOptions } from './collab/upgrade';
import { createJsonLogger, type Logger } from './log';
import { createPocketBaseCollabServer } from './pocketbase/collab';
import { runtimeStatsEnabled, startRuntimeMonitor, type RuntimeMonitor } from './runtime-stats';
import { provideDocumentChanges } from '../src/lib/server/collab-documents';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

export interface TrameServerOptions {
	/** 0 picks a free port (the bound one is in `url` and in the `server.listening` log). */
	port?: number;
	host?: string;
	/** Public origin of the app; the Origin allowed on browser sockets. */
	origin?: string;
	/** Further origins allowed on browser sockets (e.g. the same app reached by another name). */
	extraOrigins?: readonly string[];
	pbUrl: string;
	superuser: { email: string; password: string };
	logger?: Logger;
	/** Directory of the adapter-node build; the app is served if `<buildDir>/handler.js` exists. */
	buildDir?: string;
	/** Adds heap / RSS / event-loop delay to /health (bench only: TRAME_HEALTH_RUNTIME=1). */
	runtimeStats?: boolean;
	/** Overrides of the collab server's tunables. */
	collab?: Partial<Omit<CollabServerOptions, 'store' | 'auth' | 'allowedOrigins' | 'logger'>>;
}

export interface TrameServer {
	url: string;
	port: number;
	http: Server;
	collab: CollabServer;
	/** Stops accepting, flushes and closes the collab server, then the HTTP server. */
	close(): Promise<void>;
}

export async function startTrameServer(options: TrameServerOptions): Promise<TrameServer> {
	const logger = options.logger ?? createJsonLogger();
	const host = options.host ?? '127.0.0.1';
	const app = await loadAppHandler(options.buildDir ?? join(PROJECT_ROOT, 'build'), logger);
	let collab: CollabServer | null = null;
	const runtime: RuntimeMonitor | null = options.runtimeStats ? startRuntimeMonitor() : null;

	const http = createServer((req, res) => {
		if (req.method === 'GET' && (req.url === '/health' || req.url?.startsWith('/health?'))) {
			res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
			const body = { ok: collab !== null, ...collab?.stats() };
			res.end(JSON.stringify(runtime ? { ...body, runtime: runtime.stats() } : body));
			return;
		}
		if (app) return app(req, res);
		res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
		res.end('Not found (the app is not built: npm run build)\n');
	});
	http.on('clientError', (_error, socket) => socket.destroy());

	await new Promise<void>((resolveListen, reject) => {
		http.once('error', reject);
		http.listen(options.port ?? 3000, host, () => {
			http.off('error', reject);
			resolveListen();
		});
	});
	const port = (http.address() as AddressInfo).port;
	const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
	// Known only after listen when port 0 was asked for; upgrades are attached after this.
	const origin = options.origin ?? `http://localhost:${port}`;
	let collabServer: CollabServer;
	try {
		collabServer = await createPocketBaseCollabServer({
			...options.collab,
			pbUrl: options.pbUrl,
			superuser: options.superuser,
			allowedOrigins: [origin, ...(options.extraOrigins ?? [])],
			logger
		});
	} catch (error) {
		http.close();
		throw error;
	}
	collab = collabServer;
	// The app (same process) writes decisions back into documents through the same server.
	provideDocumentChanges(collabServer.documents);
	http.on('upgrade', (req, socket, head) => {
		if (!collabServer.handleUpgrade(req, socket, head)) socket.destroy();
	});
	logger.info('server.listening', { url, port, origin, pid: process.pid, app: app !== null });

	let closing: Promise<void> | null = null;
	const close = () =>
		(closing ??= (async () => {
			logger.info('server.stopping', {});
			// Stop accepting new connections; open ones (sockets, keep-alive) are closed below.
			const httpClosed = new Promise<void>((done) => http.close(() => done()));
			provideDocumentChanges(null);
			await collabServer.close();
			http.closeIdleConnections();
			setTimeout(() => http.closeAllConnections(), 2_000).unref();
			await httpClosed;
			logger.info('server.stopped', {});
		})());

	return { url, port, http, collab: collabServer, close };
}

async function loadAppHandler(buildDir: string, logger: Logger): Promise<NodeHandler | null> {
	const path = join(buildDir, 'handler.js');
	if (!existsSync(path)) {
		logger.warn('server.app_not_built', { path });
		return null;
	}
	const module = (await import(pathToFileURL(path).href)) as { handler: NodeHandler };
	return module.handler;
}

function numberFromEnv(name: string): number | undefined {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return undefined;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`);
	return value;
}

async function superuserFromEnv(): Promise<{ email: string; password: string }> {
	const email = process.env.PB_SUPERUSER_EMAIL;
	const password = process.env.PB_SUPERUSER_PASSWORD;
	if (email && password) return { email, password };
	const { ensureSecrets, dataDirFromEnv } = await import('../scripts/lib/pocketbase.mjs');
	const secrets = ensureSecrets(dataDirFromEnv());
	return { email: secrets.superuserEmail, password: secrets.superuserPassword };
}

async function main(): Promise<void> {
	const logger = createJsonLogger();
	process.on('unhandledRejection', (reason) => {
		logger.error('process.unhandled_rejection', {
			error: reason instanceof Error ? reason.message : String(reason)
		});
	});
	const port = numberFromEnv('PORT') ?? 3000;
	const pbPort = numberFromEnv('PB_PORT') ?? 8090;
	const server = await startTrameServer({
		port,
		host: process.env.HOST || '127.0.0.1',
		origin: process.env.ORIGIN || undefined,
		extraOrigins: (process.env.TRAME_ALLOWED_ORIGINS ?? '')
			.split(',')
			.map((value) => value.trim())
			.filter((value) => value !== ''),
		pbUrl: process.env.PB_URL || `http://127.0.0.1:${pbPort}`,
		superuser: await superuserFromEnv(),
		logger,
		buildDir: process.env.TRAME_BUILD_DIR || undefined,
		runtimeStats: runtimeStatsEnabled(process.env),
		collab: {
			idleUnloadMs: numberFromEnv('COLLAB_IDLE_UNLOAD_MS'),
			compactEvery: numberFromEnv('COLLAB_COMPACT_EVERY'),
			accessRecheckMs: numberFromEnv('COLLAB_ACCESS_RECHECK_MS'),
			batchWindowMs: numberFromEnv('COLLAB_BATCH_WINDOW_MS'),
			minWriteIntervalMs: numberFromEnv('COLLAB_MIN_WRITE_INTERVAL_MS'),
			writeGridMs: numberFromEnv('COLLAB_WRITE_GRID_MS')
		}
	});
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		logger.info('server.signal', { signal });
		server.close().then(
			() => process.exit(0),
			(error: unknown) => {
				logger.error('server.stop_failed', {
					error: error instanceof Error ? error.message : String(error)
				});
				process.exit(1);
			}
		);
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
	main().catch((error: unknown) => {
		createJsonLogger().error('server.start_failed', {
			error: error instanceof Error ? error.message : String(error)
		});
		process.exit(1);
	});
}

/**
 * Trame's production server: one HTTP server on one origin that serves the SvelteKit app
 * (adapter-node's `build/handler.js`, when built) and upgrades `/collab/<documentId>` to the
 * collaboration WebSocket. `GET /health` reports the collab server (counts only, no secrets).
 *
 * Run: `node --import tsx server/index.ts`. Its environment (PORT, HOST, ORIGIN, PB_URL/PB_PORT,
 * the superuser, TRAME_DATA_DIR, every COLLAB_* tunable, TRAME_BUILD_DIR…) is read by the one
 * config module, server/config.mjs; mail (SMTP_*, MAIL_SENDER_*) and single sign-on (OIDC_*)
 * settings are applied to PocketBase at start (server/accounts).
 * Several instances (a cluster, docs/deployment.md): TRAME_REDIS_URL (the bus; unset = one process,
 * everything in-process), TRAME_INSTANCE_ID, COLLAB_REMOTE_DURABLE_TIMEOUT_MS (see
 * server/collab/remote-ledger.ts), read by the same module.
 *
 * Logs are JSON lines on stdout. Once listening it prints
 * `{"event":"server.listening","url":"http://127.0.0.1:43210",...}` — tests parse that line.
 * SIGTERM/SIGINT: stop accepting, flush every pending write, close sockets (1012), exit 0.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setupAccounts, type AccountsSetup } from './accounts/setup';
import type { CollabServer } from './collab/upgrade';
import { ClusterRelay } from './collab/relay';
import type { Bus } from './cluster/bus';
import { attachLiveRelay } from './cluster/live-relay';
import { connectRedisBus } from './cluster/redis-bus';
import { liveHub } from '../src/lib/server/live/hub';
import { ACCESS_TOPIC } from '../src/lib/server/live/access-events';
import { createJsonLogger, type Logger } from './log';
import { createPocketBaseCollabServer, type PocketBaseCollabOptions } from './pocketbase/collab';
import { connectSuperuser } from './pocketbase/superuser';
import { startRuntimeMonitor, type RuntimeMonitor } from './runtime-stats';
import { ensureSecrets } from '../scripts/lib/pocketbase.mjs';
import { PROJECT_ROOT, readConfig } from './config.mjs';
import { provideServerServices } from './services';
import { createImportConverter } from './import/runner';
import { m } from '../src/lib/paraglide/messages';

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
	collab?: Partial<
		Omit<PocketBaseCollabOptions, 'pbUrl' | 'superuser' | 'allowedOrigins' | 'logger' | 'relay'>
	>;
	/** One of several instances: the bus they share (absent: one process, all in-process). */
	cluster?: ClusterSettings;
	/**
	 * Mail (SMTP_*) and single sign-on (OIDC_*) settings to apply to PocketBase at start
	 * (server/accounts/setup.ts); left out, PocketBase's settings are not touched.
	 */
	accountsEnv?: Record<string, string | undefined>;
}

export interface ClusterSettings {
	/** redis://host:port of the bus. */
	redisUrl: string;
	instanceId?: string;
	/** See ClusterRelayOptions.remoteDurableTimeoutMs. */
	remoteDurableTimeoutMs?: number;
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
	let draining = false;
	const runtime: RuntimeMonitor | null = options.runtimeStats ? startRuntimeMonitor() : null;
	const bus: Bus | null = options.cluster
		? await connectRedisBus({
				url: options.cluster.redisUrl,
				instanceId: options.cluster.instanceId,
				logger
			})
		: null;
	const relay = bus
		? new ClusterRelay({
				bus,
				logger,
				remoteDurableTimeoutMs: options.cluster?.remoteDurableTimeoutMs
			})
		: null;
	// The app's live hub (SSE) reaches the other instances' browsers through the bus.
	const detachLiveRelay = bus ? attachLiveRelay(liveHub(), bus, logger) : () => {};

	const http = createServer((req, res) => {
		if (req.method === 'GET' && (req.url === '/health' || req.url?.startsWith('/health?'))) {
			// 503 while stopping, so a proxy's health check sends nobody new here.
			const ok = collab !== null && !draining;
			res.writeHead(ok ? 200 : 503, {
				'content-type': 'application/json',
				'cache-control': 'no-store'
			});
			const cluster = bus ? { instance: bus.instanceId, bus: bus.connected ? 'up' : 'down' } : {};
			const body = { ok, ...cluster, ...collab?.stats() };
			res.end(JSON.stringify(runtime ? { ...body, runtime: runtime.stats() } : body));
			return;
		}
		// The document's state for the page's head script (collab/state-route.ts).
		if (collab?.handleRequest(req, res)) return;
		if (app) {
			if (bodyTooLarge(req)) {
				refuseBody(req, res);
				return;
			}
			return app(req, res);
		}
		res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
		res.end('Not found (the app is not built: npm run build)\n');
	});
	// A request Node cannot parse (e.g. a URL or headers over 16 KB): a short answer in French
	// rather than a reset connection, when the socket can still take one.
	http.on('clientError', (error: NodeJS.ErrnoException, socket) => {
		if (!socket.writable || error.code === 'ECONNRESET') {
			socket.destroy();
			return;
		}
		const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
		const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
		const body = tooLarge
			? 'Requête trop longue : l’adresse ou les en-têtes dépassent ce que Trame accepte.\n'
			: 'Requête mal formée.\n';
		socket.end(
			`HTTP/1.1 ${status}\r\ncontent-type: text/plain; charset=utf-8\r\n` +
				`content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`
		);
	});

	// Upgrades arriving before the collaboration server is set up (right after a restart, when
	// every client retries at once) wait for it: dropped, each would cost its client a reconnect
	// backoff (up to 2.5 s in y-websocket).
	let settleCollab!: (server: CollabServer | null) => void;
	const collabSettled = new Promise<CollabServer | null>((resolve) => (settleCollab = resolve));
	http.on('upgrade', (req, socket, head) => {
		const accept = (server: CollabServer | null) => {
			if (server === null || !server.handleUpgrade(req, socket, head)) socket.destroy();
		};
		void collabSettled.then(accept);
	});
	await new Promise<void>((resolveListen, reject) => {
		http.once('error', reject);
		http.listen(options.port ?? 3000, host, () => {
			http.off('error', reject);
			resolveListen();
		});
	});
	const port = (http.address() as AddressInfo).port;
	const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
	// Known only after listen when port 0 was asked for; upgrades wait for the collab server.
	const origin = options.origin ?? `http://localhost:${port}`;
	let collabServer: CollabServer;
	try {
		collabServer = await createPocketBaseCollabServer({
			...options.collab,
			pbUrl: options.pbUrl,
			superuser: options.superuser,
			allowedOrigins: [origin, ...(options.extraOrigins ?? [])],
			logger,
			relay: relay ?? undefined
		});
	} catch (error) {
		settleCollab(null);
		http.close();
		detachLiveRelay();
		await bus?.close();
		throw error;
	}
	collab = collabServer;
	// The app (same process) changes live documents and converts imports through these.
	provideServerServices({
		liveDocuments: collabServer.live,
		importConverter: createImportConverter()
	});
	let accounts: AccountsSetup | null = null;
	if (options.accountsEnv) {
		try {
			const admin = await connectSuperuser({ url: options.pbUrl, ...options.superuser });
			accounts = await setupAccounts(admin, { origin, env: options.accountsEnv, logger });
		} catch (error) {
			settleCollab(null);
			await collabServer.close();
			http.close();
			detachLiveRelay();
			relay?.close();
			await bus?.close();
			throw error;
		}
	}
	// A change of memberships (on any instance) re-checks this instance's sockets at once.
	const stopAccessListener = liveHub().subscribe(ACCESS_TOPIC, () => {
		void collabServer.recheckAccess();
	});
	settleCollab(collabServer);
	logger.info('server.listening', {
		url,
		port,
		origin,
		pid: process.pid,
		app: app !== null,
		...(bus ? { instance: bus.instanceId } : {})
	});

	let closing: Promise<void> | null = null;
	const close = () =>
		(closing ??= (async () => {
			logger.info('server.stopping', {});
			draining = true;
			// Stop accepting new connections; open ones (sockets, keep-alive) are closed below.
			const httpClosed = new Promise<void>((done) => http.close(() => done()));
			stopAccessListener();
			await collabServer.close();
			await accounts?.close();
			detachLiveRelay();
			relay?.close();
			await bus?.close();
			http.closeIdleConnections();
			setTimeout(() => http.closeAllConnections(), 2_000).unref();
			await httpClosed;
			logger.info('server.stopped', {});
		})());

	return { url, port, http, collab: collabServer, close };
}

/**
 * Import pages and document-file uploads accept a file of up to 25 MB (src/lib/domain/files.ts;
 * adapter-node's BODY_SIZE_LIMIT, set below, with room for the form); every other route keeps adapter-node's default of 512 KiB, checked here on
 * the declared length (a chunked body is still capped by adapter-node).
 */
const DEFAULT_BODY_LIMIT = 512 * 1024;
const LARGE_BODY_LIMIT = String(26 * 1024 * 1024);
const LARGE_BODY_PATH = /^\/(experiences|documents)\/[a-z0-9]{15}\/(importer|fichiers)(\?|$)/;

/**
 * 413 once the body has been read and dropped: answering earlier makes Node close the
 * connection while the client is still sending, and the client then sees a reset, not the
 * answer. A body past 64 MB is not worth reading: the connection is cut.
 */
function refuseBody(req: IncomingMessage, res: ServerResponse): void {
	let received = 0;
	req.on('data', (chunk: Buffer) => {
		received += chunk.byteLength;
		if (received > 64 * 1024 * 1024) req.destroy();
	});
	req.once('end', () => {
		// A JSON command gets the app's JSON error (src/lib/server/input.ts), a form a short text.
		if (/json/.test(req.headers['content-type'] ?? '')) {
			res.writeHead(413, { 'content-type': 'application/json; charset=utf-8' });
			const max = String(DEFAULT_BODY_LIMIT / 1024);
			res.end(JSON.stringify({ error: 'too_large', message: m.sweep_input_too_large({ max }) }));
			return;
		}
		res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' });
		res.end('Requête trop volumineuse.\n');
	});
}

function bodyTooLarge(req: IncomingMessage): boolean {
	const length = Number(req.headers['content-length']);
	if (!Number.isFinite(length) || length <= DEFAULT_BODY_LIMIT) return false;
	return !LARGE_BODY_PATH.test(req.url ?? '');
}

async function loadAppHandler(buildDir: string, logger: Logger): Promise<NodeHandler | null> {
	// Read by adapter-node when its handler module loads.
	process.env.BODY_SIZE_LIMIT ??= LARGE_BODY_LIMIT;
	const path = join(buildDir, 'handler.js');
	if (!existsSync(path)) {
		logger.warn('server.app_not_built', { path });
		return null;
	}
	const module = (await import(pathToFileURL(path).href)) as { handler: NodeHandler };
	return module.handler;
}

async function main(): Promise<void> {
	const logger = createJsonLogger();
	process.on('unhandledRejection', (reason) => {
		logger.error('process.unhandled_rejection', {
			error: reason instanceof Error ? reason.message : String(reason)
		});
	});
	const config = readConfig();
	const server = await startTrameServer({
		port: config.port,
		host: config.host,
		// Unset: derived from the bound port (PORT=0 picks one).
		origin: config.originFromEnv ? config.origin : undefined,
		extraOrigins: config.extraOrigins,
		pbUrl: config.pbUrl,
		superuser: ensureSecrets(config),
		logger,
		buildDir: config.buildDir,
		runtimeStats: config.healthRuntime,
		accountsEnv: config.accountsEnv,
		cluster: config.cluster ?? undefined,
		collab: config.collab
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

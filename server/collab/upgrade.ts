/**
 * Trame's collaboration server, to attach to any Node `http.Server` (the production server in
 * `server/index.ts`, or Vite's dev server through a plugin).
 *
 * Usage:
 *
 *   const collab = createCollabServer({ store, auth, allowedOrigins: [origin] });
 *   httpServer.on('upgrade', (req, socket, head) => {
 *     if (!collab.handleUpgrade(req, socket, head)) socket.destroy(); // or hand to e.g. Vite HMR
 *   });
 *   // on shutdown, before httpServer.close():
 *   await collab.close(); // flushes every pending write, then closes sockets with 1012
 *
 * `handleUpgrade` returns false (and touches nothing) for paths outside `/collab/`, so other
 * upgrade handlers can share the server. For `/collab/...` it always completes the upgrade; a
 * refused client then gets one `Error` message and a close code from `CloseCode` — never a
 * document or awareness byte. `stats()` is cheap and safe to expose (counts only).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { COLLAB_PATH, MAX_DOCUMENT_BYTES, MAX_MESSAGE_BYTES } from '../../src/lib/collab/protocol';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import type { Authenticator } from '../auth/authenticator';
import type { DocStore } from '../storage/doc-store';
import type { AuthorshipStore } from './authorship';
import { silentLogger, type Logger } from '../log';
import { startAccessMonitor, type AccessMonitor } from './access-monitor';
import { handleConnection, type Session } from './connection';
import { CollabError, CollabErrorId } from './errors';
import { DocumentRegistry, type DocumentMigrator } from './registry';
import type { ClusterRelay } from './relay';
import type { DocumentWatcher } from './text-index';
import { WriteGrid } from './write-grid';
import { liveDocuments, type LiveDocuments } from './live-documents';
import { answerStateRequest } from './state-route';

export interface CollabLimits {
	/** Largest accepted frame; bigger ones are closed by `ws` with 1009. */
	maxMessageBytes?: number;
	/** Largest encoded document; an update that would exceed it is refused. */
	maxDocumentBytes?: number;
}

export interface CollabServerOptions {
	store: DocStore;
	auth: Authenticator;
	/** Origins allowed for browser sockets, e.g. `['https://trame.example.org']`. */
	allowedOrigins: readonly string[];
	limits?: CollabLimits;
	logger?: Logger;
	/** Unload a document this long after its last connection left (flushed and compacted). */
	idleUnloadMs?: number;
	/** Keep an idle document as bytes, not as a Y.Doc, this long after its last connection left. */
	idleDormantMs?: number;
	/** Compact a document's rows once it has this many. */
	compactEvery?: number;
	/** Coalescing window of the first write after an idle period (0–100 ms). */
	batchWindowMs?: number;
	/**
	 * Least time between two store writes of one document (default 100 ms): sustained typing
	 * becomes ≤ 10 rows per second per document, whatever the number of editors.
	 */
	minWriteIntervalMs?: number;
	/**
	 * Timed writes of every document start on a shared grid of this many milliseconds, so the
	 * store can send many documents' rows in one request (default 20; 0 = off).
	 */
	writeGridMs?: number;
	/** How often live connections' access is re-checked. */
	accessRecheckMs?: number;
	pingIntervalMs?: number;
	/** Storage retry backoff, and how long failures last before unsaved sockets are closed. */
	storageRetry?: { baseDelayMs?: number; maxDelayMs?: number; giveUpAfterMs?: number };
	/** How long `close()` waits for pending writes before closing sockets anyway. */
	shutdownFlushTimeoutMs?: number;
	/** Editor schema version clients must announce (`?schema=`). */
	schemaVersion?: number;
	/** Keeps derived data of live documents (the search text, see text-index.ts). */
	watcher?: DocumentWatcher;
	/** Several instances: relays documents through the bus (relay.ts). None in one process. */
	relay?: ClusterRelay;
	/** Brings documents stored under an older schema up to date when they load. */
	migrator?: DocumentMigrator;
	/** Who owns each Yjs client id of a document (who wrote what; in memory when absent). */
	authorship?: AuthorshipStore;
}

export interface CollabStats {
	documents: number;
	connections: number;
	pendingUpdates: number;
}

export interface CollabServer {
	/** Handles `/collab/...` upgrades (returns true); returns false for any other path. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/**
	 * Answers a GET of `/collab/<document>` with the document's state (state-route.ts) and returns
	 * true; returns false (and touches nothing) for any other request.
	 */
	handleRequest(request: IncomingMessage, response: ServerResponse): boolean;
	/** Stops accepting, flushes every pending write, closes sockets with ServiceRestart. */
	close(): Promise<void>;
	stats(): CollabStats;
	/** Re-checks every connection's access now (tests; it also runs periodically). */
	recheckAccess(): Promise<void>;
	/**
	 * Loads a document (running its migrations) and lets it unload again: how a startup job
	 * brings documents nobody opens up to date through the collaboration path.
	 */
	touch(documentName: string): Promise<void>;
	/** Server-side changes to documents through the live Y.Docs (see live-documents.ts). */
	live: LiveDocuments;
}

export function createCollabServer(options: CollabServerOptions): CollabServer {
	const logger = options.logger ?? silentLogger;
	const maxMessageBytes = options.limits?.maxMessageBytes ?? MAX_MESSAGE_BYTES;
	const registry = new DocumentRegistry({
		logger,
		// Under the 30 s the performance target allows between the last disconnect and the unload,
		// with room for the final flush and compaction.
		idleUnloadMs: options.idleUnloadMs ?? 25_000,
		// Long enough for a page reload or a network blip to find the document still live.
		idleDormantMs: options.idleDormantMs ?? 5_000,
		watcher: options.watcher,
		relay: options.relay,
		migrator: options.migrator,
		documentOptions: {
			store: options.store,
			logger,
			maxDocumentBytes: options.limits?.maxDocumentBytes ?? MAX_DOCUMENT_BYTES,
			batchWindowMs: options.batchWindowMs ?? 5,
			minWriteIntervalMs: options.minWriteIntervalMs ?? 100,
			writeGrid: new WriteGrid(options.writeGridMs ?? 20),
			compactEvery: options.compactEvery ?? 100,
			retryBaseDelayMs: options.storageRetry?.baseDelayMs ?? 100,
			retryMaxDelayMs: options.storageRetry?.maxDelayMs ?? 5_000,
			storageGiveUpAfterMs: options.storageRetry?.giveUpAfterMs ?? 10_000,
			authorship: options.authorship
		}
	});
	const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
	const sockets = new Set<WebSocket>();
	const sessions = new Set<Session>();
	let connectionIds = 0;
	let closing = false;
	let frozen = false;
	let closed: Promise<void> | null = null;

	const monitor: AccessMonitor = startAccessMonitor({
		auth: options.auth,
		connections: () => sessions,
		intervalMs: options.accessRecheckMs ?? 5_000,
		logger
	});

	const deps = {
		auth: options.auth,
		allowedOrigins: new Set(options.allowedOrigins),
		schemaVersion: options.schemaVersion ?? EDITOR_SCHEMA_VERSION,
		registry,
		logger,
		pingIntervalMs: options.pingIntervalMs ?? 30_000,
		isClosing: () => closing,
		isFrozen: () => frozen,
		register: (session: Session) => void sessions.add(session),
		unregister: (session: Session) => void sessions.delete(session),
		nextConnectionId: () => ++connectionIds
	};

	const handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
		const target = request.url ?? '/';
		const pathname = target.split('?', 1)[0] ?? '';
		if (pathname !== COLLAB_PATH && !pathname.startsWith(`${COLLAB_PATH}/`)) return false;
		wss.handleUpgrade(request, socket, head, (ws) => {
			sockets.add(ws);
			ws.on('close', () => sockets.delete(ws));
			handleConnection(
				ws,
				{ url: target, headers: request.headers, remoteAddress: request.socket.remoteAddress },
				deps
			).catch((error: unknown) => {
				// Never an unhandled rejection: log and drop this socket only.
				logger.error('collab.connection_crashed', {
					error: error instanceof Error ? error.message : String(error)
				});
				ws.terminate();
			});
		});
		return true;
	};

	const handleRequest = (request: IncomingMessage, response: ServerResponse): boolean => {
		const pathname = (request.url ?? '/').split('?', 1)[0] ?? '';
		if (request.method !== 'GET' || !pathname.startsWith(`${COLLAB_PATH}/`)) return false;
		answerStateRequest(request, response, deps).catch((error: unknown) => {
			logger.error('collab.state_crashed', {
				error: error instanceof Error ? error.message : String(error)
			});
			if (!response.headersSent) response.writeHead(500);
			response.end();
		});
		return true;
	};

	const close = (): Promise<void> => {
		closed ??= (async () => {
			closing = true;
			monitor.stop();
			const flushTimeoutMs = options.shutdownFlushTimeoutMs ?? 10_000;
			let timer: ReturnType<typeof setTimeout> | undefined;
			const timedOut = await Promise.race([
				registry.flushAll().then(() => false),
				new Promise<boolean>((resolve) => {
					timer = setTimeout(() => resolve(true), flushTimeoutMs);
				})
			]);
			clearTimeout(timer);
			frozen = true;
			if (timedOut) logger.error('collab.shutdown_flush_timeout', { timeoutMs: flushTimeoutMs });
			else logger.info('collab.shutdown_flushed', { documents: registry.size });
			const restart = new CollabError(CollabErrorId.ServiceRestart);
			for (const session of sessions) session.closeWith(restart);
			for (const ws of sockets) {
				if (ws.readyState === ws.OPEN) ws.close(restart.closeCode, restart.id);
			}
			await waitForSockets(sockets, 2_000);
			registry.destroyAll();
			await new Promise<void>((resolve) => wss.close(() => resolve()));
		})();
		return closed;
	};

	const stats = (): CollabStats => {
		let pendingUpdates = 0;
		for (const document of registry.documents()) pendingUpdates += document.queue.pendingCount;
		return { documents: registry.size, connections: sockets.size, pendingUpdates };
	};

	const touch = async (documentName: string): Promise<void> => {
		if (closing) return;
		await registry.acquire(documentName);
		registry.release(documentName);
	};

	const live = liveDocuments({ registry, isClosing: () => closing });
	return {
		handleUpgrade,
		handleRequest,
		close,
		stats,
		recheckAccess: () => monitor.checkNow(),
		touch,
		live
	};
}

/** Waits for close handshakes, then terminates stragglers. */
async function waitForSockets(sockets: Set<WebSocket>, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (sockets.size > 0 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	for (const ws of sockets) ws.terminate();
}

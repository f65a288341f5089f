/**
 * S4: memory. `documents` documents of `bytes` each, one client each; then `extraClients` idle
 * clients join one document and leave again (the cost of a connection); then everyone leaves. Memory is read
 * from outside the server logic: the bench's memory probe preload (bench/lib/memory-probe.mjs)
 * runs a full GC and reports heap + external and VmRSS, the same way for every server. One
 * document with its client is opened before the baseline so one-time costs (code loaded and
 * compiled, pools) are not charged to the documents. Trame's documents come from storage (one
 * compacted row each, as after an unload); the references receive theirs from their client
 * (plain keeps nothing, and Hocuspocus would need a store round per document).
 *
 * "Back to baseline" compares the reading once everyone left with an idle reading (nothing open)
 * taken at the start of the run, on a warmed-up server: the first run on each server is preceded
 * by one full cycle of the same size (open, everyone leaves, unload). Without it the first run
 * charged V8's one-time warm-up to the documents: ~2 MB of optimised and baseline code, feedback
 * vectors and the HTTP pool to PocketBase that a busy minute leaves behind (heap snapshot diff,
 * bench/lib/heap-diff.mjs) — 12% of a 17 MB idle heap, kept by any server in production.
 * The idle reading has no document open (the per-document baseline keeps its warm-up document
 * open), so the comparison is like for like.
 */
import * as Y from 'yjs';
import { connectLoadClient, type LoadClient, type Target } from '../lib/clients';
import type { MemorySnapshot, RunningServer } from '../lib/servers';
import { round, sleep } from '../lib/stats';

export interface MemoryResult {
	documents: number;
	bytes: number;
	/** Live memory (heap used + external, after GC) per open document, its client excluded. */
	perDocumentBytes: number;
	/** Same, per idle connection to an open document. */
	perConnectionBytes: number;
	/** RSS growth per open document with its client (RSS keeps what the heap once took). */
	rssPerDocumentBytes: number;
	/**
	 * Live memory per document once all clients left, IDLE_READING_MS later, before the unload,
	 * over the document's encoded size (Trame keeps an idle document as bytes; the references
	 * drop it at once).
	 */
	idlePerEncodedRatio: number;
	/** Trame: ms from the last disconnect until /health reports no open document. */
	unloadMs: number | null;
	/**
	 * Live memory once everyone left (and, for Trame, the documents were unloaded) / the same
	 * on the idle server before the run.
	 */
	liveAfterRatio: number;
	rssAfterRatio: number;
}

export type MemorySeeder = (update: Uint8Array) => Promise<string>;

const live = (m: MemorySnapshot) => m.heapUsed + m.external;

/**
 * After the last disconnect: Trame's 5 s before keeping an idle document as bytes, and margin
 * (half the unload delay when that is shorter, as in the harness test).
 */
const IDLE_READING_MS = 8_000;

/** Servers already through a warm-up cycle (see the header). */
const warmed = new WeakSet<RunningServer>();

export async function runMemory(
	target: Target,
	seed: MemorySeeder | null,
	newRoom: () => Promise<string>,
	update: Uint8Array,
	documents: number,
	extraClients: number,
	unloadTimeoutMs: number,
	/** Wait before each reading, for deferred work (stores, socket buffers) to finish. */
	settleMs: number,
	/** Trame's idle unload delay: the idle reading must come before it. */
	idleUnloadMs: number
): Promise<MemoryResult> {
	const { server } = target;
	const clients: LoadClient[] = [];
	const open = async (room: string, index: number) => {
		const client = connectLoadClient(target, room, index);
		clients.push(client);
		await client.synced();
		if (!seed) Y.applyUpdate(client.doc, update);
		if (client.doc.getXmlFragment('default').length === 0)
			throw new Error('memory: empty document');
	};
	const seedOne = () => (seed ? seed(update) : newRoom());
	const leaveAll = async (whileIdle?: () => Promise<void>) => {
		const left = performance.now();
		for (const client of clients.splice(0)) client.destroy();
		await whileIdle?.();
		return waitForUnload(server, unloadTimeoutMs, left);
	};
	try {
		if (!warmed.has(server)) {
			const warmRooms: string[] = [];
			for (let d = 0; d < documents; d++) warmRooms.push(await seedOne());
			for (let d = 0; d < documents; d++) await open(warmRooms[d]!, d);
			await waitForServerCopies(
				target,
				warmRooms,
				clients[0]!.doc.getXmlFragment('default').length
			);
			await leaveAll();
			warmed.add(server);
		}
		await sleep(settleMs);
		const idle = await server.memory();
		await open(await seedOne(), 0); // warm-up document
		const rooms: string[] = [];
		for (let d = 0; d < documents; d++) rooms.push(await seedOne());
		await sleep(settleMs);
		const baseline = await server.memory();
		for (let d = 0; d < documents; d++) await open(rooms[d]!, d + 1);
		const blocks = clients[0]!.doc.getXmlFragment('default').length;
		await waitForServerCopies(target, rooms, blocks);
		await sleep(settleMs);
		const withDocuments = await server.memory();
		const extra: LoadClient[] = [];
		for (let c = 0; c < extraClients; c++) extra.push(connectLoadClient(target, rooms[0]!, c));
		clients.push(...extra);
		await Promise.all(extra.map((c) => c.synced()));
		await sleep(settleMs);
		const withConnections = await server.memory();
		for (const client of extra) client.destroy();
		clients.splice(clients.length - extra.length);
		await sleep(settleMs);
		const withoutConnections = await server.memory();
		// Measured before and after, so memory still settling from the documents cancels out.
		const perConnection =
			(live(withConnections) - (live(withDocuments) + live(withoutConnections)) / 2) / extraClients;
		const perDocument = (live(withDocuments) - live(baseline)) / documents - perConnection;

		let idleDocuments = withDocuments;
		const unloadMs = await leaveAll(async () => {
			await sleep(Math.min(IDLE_READING_MS, idleUnloadMs / 2));
			idleDocuments = await server.memory();
		});
		// Every document of the run left idle, the warm-up one included (open in `baseline`).
		const perIdleDocument = (live(idleDocuments) - live(idle)) / (documents + 1);
		await sleep(settleMs);
		const after = await server.memory();
		return {
			documents,
			bytes: update.byteLength,
			perDocumentBytes: round(perDocument, 0),
			perConnectionBytes: round(perConnection, 0),
			rssPerDocumentBytes: round((withDocuments.rss - baseline.rss) / documents, 0),
			idlePerEncodedRatio: round(perIdleDocument / update.byteLength, 2),
			unloadMs,
			liveAfterRatio: round(live(after) / live(idle), 3),
			rssAfterRatio: round(after.rss / idle.rss, 3)
		};
	} finally {
		for (const client of clients) client.destroy();
	}
}

/** Trame: ms until /health reports no open document (null for the references: no such signal). */
async function waitForUnload(
	server: RunningServer,
	timeoutMs: number,
	left: number
): Promise<number | null> {
	if (!server.health) return null;
	for (;;) {
		if ((await server.health()).documents === 0) return round(performance.now() - left, 0);
		if (performance.now() - left > timeoutMs)
			throw new Error(`memory: documents still open after ${timeoutMs} ms`);
		await sleep(100);
	}
}

/**
 * The references receive the documents from their clients: a second client per document, which
 * can only get the content from the server, proves the server holds it before memory is read.
 */
async function waitForServerCopies(target: Target, rooms: string[], blocks: number): Promise<void> {
	if (target.server.kind === 'trame') return;
	for (let d = 0; d < rooms.length; d++) {
		const deadline = performance.now() + 30_000;
		for (;;) {
			const probe = connectLoadClient(target, rooms[d]!, d);
			await probe.synced();
			const held = probe.doc.getXmlFragment('default').length;
			probe.destroy();
			if (held >= blocks) break;
			if (performance.now() > deadline)
				throw new Error('memory: the server never got the document');
			await sleep(100);
		}
	}
}

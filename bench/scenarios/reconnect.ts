/**
 * S6: reconnect storm. `clients` clients hold one large document; the server process restarts
 * on the same port (same storage) and every client's provider reconnects on its own, all at
 * once. Per client: server listening again → synced again (includes the provider's own backoff,
 * what a user waits) and its socket's count of opens (2 = one reconnect, more = a loop).
 * Event-loop delay: the server's own monitor from listening again to everyone synced, via the
 * bench's probe preload.
 * Plain y-websocket keeps nothing across a restart: its clients sync an empty document at once
 * and push theirs back.
 */
import * as Y from 'yjs';
import { connectLoadClient, type LoadClient, type Target } from '../lib/clients';
import { round, sleep, summarize, type Summary } from '../lib/stats';

export interface ReconnectResult {
	clients: number;
	bytes: number;
	/** Server listening again → client synced again (ms). */
	restartToSynced: Summary;
	/** Clients that never synced again within the timeout. */
	notResynced: number;
	/** Most socket opens of any one client after the storm (2 = reconnected once). */
	maxOpensPerClient: number;
	/** Server event-loop delay from listening again until every client synced (ms). */
	eventLoopDelayP99: number;
	eventLoopDelayMax: number;
}

const RESYNC_TIMEOUT_MS = 30_000;

export async function runReconnect(
	target: Target,
	room: string,
	update: Uint8Array,
	clients: number,
	/** The document is in storage already (Trame, Hocuspocus); otherwise the first client pushes it. */
	stored: boolean,
	/** Watch after everyone synced again, long enough for a reconnect loop to show. */
	watchMs: number
): Promise<ReconnectResult> {
	const { server } = target;
	const all: LoadClient[] = [];
	try {
		const first = connectLoadClient(target, room, 0);
		all.push(first);
		await first.synced();
		if (!stored) Y.applyUpdate(first.doc, update);
		for (let c = 1; c < clients; c++) all.push(connectLoadClient(target, room, c));
		await Promise.all(all.map((c) => c.synced()));
		await waitUntil(() => all.every((c) => c.doc.getXmlFragment('default').length > 0));
		const before = all.map((c) => c.syncTimes.length);

		await server.restart();
		const listening = performance.now();
		await server.memory(); // resets the event-loop delay monitor: startup is not the storm
		await waitUntil(
			() => all.every((c, i) => c.syncTimes.length > before[i]!),
			RESYNC_TIMEOUT_MS
		).catch(() => {});
		const samples: number[] = [];
		let notResynced = 0;
		all.forEach((c, i) => {
			const again = c.syncTimes[before[i]!];
			if (again === undefined) notResynced++;
			else samples.push(again - listening);
		});
		const { eventLoopDelay } = await server.memory();
		await sleep(watchMs);
		return {
			clients,
			bytes: update.byteLength,
			restartToSynced: summarize(samples),
			notResynced,
			maxOpensPerClient: Math.max(...all.map((c) => c.opens())),
			eventLoopDelayP99: round(eventLoopDelay.p99),
			eventLoopDelayMax: round(eventLoopDelay.max)
		};
	} finally {
		for (const client of all) client.destroy();
	}
}

async function waitUntil(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!condition()) {
		if (performance.now() > deadline) throw new Error('reconnect: timed out');
		await sleep(10);
	}
}

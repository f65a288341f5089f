/**
 * A simulated author on a real y-websocket client: inserts unique markers (`[t3-17]`) at marker
 * boundaries, asks for a save ack after each change, and remembers which of its own updates the
 * server has acknowledged as durable — the exact set a crash must never lose.
 */
import * as Y from 'yjs';
import { connectCollabClient, type CollabClient } from '../../support/collab-client';
import type { Rng } from './rng';

export const MARKER = /\[[a-z0-9-]+\]/g;

export class Typist {
	readonly client: CollabClient;
	/** Every local update, in order. */
	readonly updates: Uint8Array[] = [];
	/** Marker of each local update (same index). */
	readonly markers: string[] = [];
	/** updates[0 .. acked) are acknowledged durable. */
	acked = 0;
	private typing: Promise<void> | null = null;
	private stopRequested = false;
	private closed = false;

	constructor(
		readonly name: string,
		options: { wsUrl: string; documentId: string; token: string },
		private readonly rng: Rng
	) {
		this.client = connectCollabClient(options);
		this.client.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== this.client.provider) this.updates.push(update);
		});
	}

	get text(): string {
		return this.client.text();
	}

	get ready(): boolean {
		return this.client.provider.wsconnected && this.client.provider.synced;
	}

	/** Acknowledged updates and their markers. */
	ackedUpdates(): { update: Uint8Array; marker: string }[] {
		return this.updates
			.slice(0, this.acked)
			.map((update, i) => ({ update, marker: this.markers[i]! }));
	}

	/** Inserts one marker at a random boundary between markers; asks for an ack if connected. */
	typeOne(): void {
		const text = this.text;
		const boundaries = [text.length];
		for (let i = 0; i < text.length; i++) if (text[i] === '[') boundaries.push(i);
		const marker = `[${this.name}-${this.markers.length}]`;
		this.markers.push(marker);
		this.client.doc.getText('text').insert(this.rng.pick(boundaries), marker);
		if (this.ready) this.requestAck();
	}

	/** Sends SaveRequest covering every update so far; records the ack when it comes. */
	requestAck(timeoutMs = 10_000): Promise<boolean> {
		const upTo = this.updates.length;
		return this.client.save(timeoutMs).then(
			() => {
				this.acked = Math.max(this.acked, upTo);
				return true;
			},
			() => false
		);
	}

	/** Types every 5–40 ms until stop(). */
	start(): void {
		this.stopRequested = false;
		this.typing = (async () => {
			while (!this.stopRequested && !this.closed) {
				this.typeOne();
				await new Promise((resolve) => setTimeout(resolve, this.rng.int(5, 40)));
			}
		})();
	}

	async stop(): Promise<void> {
		this.stopRequested = true;
		await this.typing;
	}

	/** Until every local update is acknowledged (reconnecting as needed). */
	async saveAll(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (this.acked < this.updates.length) {
			if (Date.now() > deadline)
				throw new Error(`${this.name}: not everything acknowledged in time`);
			if (this.ready) await this.requestAck(Math.max(100, deadline - Date.now()));
			else await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}

	stateVector(): string {
		return Buffer.from(Y.encodeStateVector(this.client.doc)).toString('base64');
	}

	close(): void {
		this.closed = true;
		this.stopRequested = true;
		this.client.destroy();
	}
}

/** How many times each marker occurs in a text. */
export function markerCounts(text: string): Map<string, number> {
	const counts = new Map<string, number>();
	for (const match of text.matchAll(MARKER)) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
	return counts;
}

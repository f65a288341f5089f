/**
 * S3 (server side): cold open of a large protocol already stored — time from opening the socket
 * to the first complete sync (the client holds the whole document). Trame: the document is one
 * compacted row in PocketBase, as the server leaves it after an unload. Hocuspocus + SQLite: the
 * document is pushed once, stored, unloaded (last client gone), then opened again.
 */
import * as Y from 'yjs';
import { connectLoadClient, type Target } from '../lib/clients';
import { sleep, summarize, type Summary } from '../lib/stats';

export interface ColdOpenResult {
	bytes: number;
	openToSynced: Summary;
}

/** Stores `update` as the document's only (compacted) row, like a compaction leaves it. */
export type Seeder = (update: Uint8Array) => Promise<string>;

export async function runColdOpen(
	target: Target,
	seed: Seeder,
	update: Uint8Array,
	repeats: number
): Promise<ColdOpenResult> {
	const samples: number[] = [];
	for (let r = 0; r < repeats; r++) {
		const room = await seed(update);
		const start = performance.now();
		const client = connectLoadClient(target, room, r);
		await client.synced();
		// Synced is announced once step 2 was applied: check the content really arrived.
		if (client.doc.getXmlFragment('default').length === 0)
			throw new Error('cold open: empty document');
		samples.push(performance.now() - start);
		client.destroy();
	}
	return { bytes: update.byteLength, openToSynced: summarize(samples) };
}

/** Seeder for Hocuspocus: push the document through a client and wait until it was stored. */
export function hocuspocusSeeder(target: Target, newRoom: () => Promise<string>): Seeder {
	return async (update) => {
		const room = await newRoom();
		const before = (await target.server.writes()).filter((w) => w.document === room).length;
		const client = connectLoadClient(target, room, 0);
		await client.synced();
		Y.applyUpdate(client.doc, update);
		for (let waited = 0; waited < 30_000; waited += 100) {
			const stored = (await target.server.writes()).filter((w) => w.document === room);
			if (stored.length > before && stored.at(-1)!.bytes >= update.byteLength * 0.9) break;
			await sleep(100);
		}
		client.destroy();
		// A cold open: wait until the server unloaded it (the Redis extension delays unloads by 1 s).
		const { unloaded } = target.server;
		for (let waited = 0; unloaded && !unloaded(room); waited += 50) {
			if (waited > 30_000) throw new Error(`cold open: ${room} was never unloaded`);
			await sleep(50);
		}
		return room;
	};
}

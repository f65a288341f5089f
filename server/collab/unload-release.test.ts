/**
 * An unloaded document must leave nothing behind: once its last socket is gone and the idle
 * timer fired, no map, timer, watcher or socket of the server may still reach its Y.Doc. The
 * test holds the Y.Doc only weakly and asks V8 to collect it; any strong path from the server
 * (registry entry, text index or auto-version watch, awareness guard, session, access monitor)
 * keeps it alive and fails the test.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { createMemoryLogger } from '../log';
import { startHarness, type Harness } from '../testing/harness';
import type { RawClient } from '../testing/raw-client';
import { AutoVersions, combineWatchers } from './auto-versions';
import { TextIndex, type DocumentWatcher } from './text-index';

const DOCS = ['doc000000000001', 'doc000000000002'];
const ALICE = { id: 'alice0000000001', name: 'Alice' };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Remembers each loaded Y.Doc weakly (a watcher is handed the live Y.Doc at load). */
function weakRecorder(refs: WeakRef<Y.Doc>[]): DocumentWatcher {
	return {
		watch(_name, ydoc) {
			refs.push(new WeakRef(ydoc));
			return { flush: async () => {}, stop: () => {} };
		}
	};
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

/** Collects until every ref is cleared (deref keeps a target alive to the end of the task). */
async function collected(refs: WeakRef<Y.Doc>[]): Promise<boolean> {
	for (let attempt = 0; attempt < 20; attempt++) {
		await tick();
		gc();
		await tick();
		if (refs.every((ref) => ref.deref() === undefined)) return true;
	}
	return false;
}

let h: Harness;
afterEach(() => h.stop());

describe('unloading a document', () => {
	it('leaves nothing that keeps its Y.Doc alive', async () => {
		const refs: WeakRef<Y.Doc>[] = [];
		const logger = createMemoryLogger();
		const writes: string[] = [];
		const writer = { write: async (name: string) => void writes.push(name) };
		h = await startHarness({
			idleUnloadMs: 20,
			batchWindowMs: 0,
			// The production watchers (search text, automatic versions) with recording writers.
			watcher: combineWatchers(
				new TextIndex({ logger, writer, debounceMs: 5 }),
				new AutoVersions({ logger, writer, pauseMs: 5, minIntervalMs: 0 }),
				weakRecorder(refs)
			)
		});
		h.auth.addUser('alice', ALICE);
		for (const doc of DOCS) h.auth.grant(ALICE.id, doc, 'edit');

		const clients: RawClient[] = [];
		for (const [i, doc] of DOCS.entries()) {
			const client = h.connect(doc, { token: 'alice' });
			await client.opened;
			client.sendStep1();
			client.edit((d) => d.getText('text').insert(0, `content ${i}`));
			client.sendAwareness([{ clientId: 100 + i, clock: 1, state: { cursor: i } }]);
			client.sendSaveRequest(1);
			await vi.waitFor(() => expect(client.saved).toEqual([1]));
			clients.push(client);
		}
		await h.collab.recheckAccess();
		expect(refs).toHaveLength(DOCS.length);
		expect(await collected(refs)).toBe(false); // open documents stay

		for (const client of clients) await client.close();
		await vi.waitFor(() => expect(h.collab.stats()).toMatchObject({ documents: 0 }));
		// Flushed at unload by both watchers: they did run on these documents.
		expect(writes.filter((name) => name === DOCS[0]).length).toBeGreaterThan(0);
		expect(await collected(refs)).toBe(true);
	});
});

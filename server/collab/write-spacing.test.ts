import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../log';
import { ControlledStore } from '../testing/fakes';
import { PersistenceQueue } from './persistence';

const DOC = 'spacingdoc00001';

function queueWith(
	store: ControlledStore,
	doc: Y.Doc,
	minWriteIntervalMs: number,
	compactEvery = 1000
) {
	return new PersistenceQueue({
		store,
		documentName: DOC,
		logger: silentLogger,
		batchWindowMs: 0,
		minWriteIntervalMs,
		compactEvery,
		retryBaseDelayMs: 10,
		retryMaxDelayMs: 10,
		giveUpAfterMs: 10_000,
		onStorageFailing: () => {},
		snapshot: () => Y.encodeStateAsUpdate(doc),
		initialRowIds: []
	});
}

/** Types one character every `everyMs` for `durationMs`, enqueueing each update. */
async function type(doc: Y.Doc, queue: PersistenceQueue, durationMs: number, everyMs: number) {
	const onUpdate = (update: Uint8Array) => queue.enqueue(update);
	doc.on('update', onUpdate);
	const end = performance.now() + durationMs;
	while (performance.now() < end) {
		doc.getText('text').insert(0, 'a');
		await new Promise((r) => setTimeout(r, everyMs));
	}
	doc.off('update', onUpdate);
}

describe('persistence write spacing', () => {
	it('starts at most one write per interval under sustained typing, and loses nothing', async () => {
		const store = new ControlledStore();
		const doc = new Y.Doc();
		const queue = queueWith(store, doc, 100);
		await type(doc, queue, 450, 2);
		await queue.flush();
		// ~225 keystrokes in 450 ms: one row per 100 ms window, not one per keystroke.
		expect(store.appends).toBeGreaterThanOrEqual(2);
		expect(store.appends).toBeLessThanOrEqual(6);
		expect(queue.durableSeq).toBe(queue.lastSeq);
		const stored = new Y.Doc();
		for (const row of store.memory.rowsOf(DOC)) Y.applyUpdate(stored, row.data);
		expect(stored.getText('text').toString()).toBe(doc.getText('text').toString());
		queue.destroy();
	});

	it('without spacing, writes back to back (one per store round trip)', async () => {
		const store = new ControlledStore();
		const doc = new Y.Doc();
		const queue = queueWith(store, doc, 0);
		await type(doc, queue, 200, 2);
		await queue.flush();
		expect(store.appends).toBeGreaterThan(10);
		queue.destroy();
	});

	it('flush writes at once, whatever the spacing', async () => {
		const store = new ControlledStore();
		const doc = new Y.Doc();
		const queue = queueWith(store, doc, 10_000);
		doc.on('update', (update: Uint8Array) => queue.enqueue(update));
		doc.getText('text').insert(0, 'first');
		await queue.whenIdle();
		doc.getText('text').insert(0, 'second');
		const started = performance.now();
		await queue.flush();
		expect(performance.now() - started).toBeLessThan(1_000);
		expect(store.appends).toBe(2);
		queue.destroy();
	});

	it('runs a due compaction before further appends, so typing cannot postpone it', async () => {
		const store = new ControlledStore();
		const doc = new Y.Doc();
		const queue = queueWith(store, doc, 20, 5);
		await type(doc, queue, 400, 2);
		await queue.flush();
		expect(store.compactions).toBeGreaterThanOrEqual(2);
		expect(queue.rowCount).toBeLessThan(6);
		const stored = new Y.Doc();
		for (const row of store.memory.rowsOf(DOC)) Y.applyUpdate(stored, row.data);
		expect(stored.getText('text').toString()).toBe(doc.getText('text').toString());
		queue.destroy();
	});
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../log';
import type { DocStore, StoredUpdate } from '../storage/doc-store';
import { PersistenceQueue } from './persistence';
import { onGrid, WriteGrid } from './write-grid';

describe('onGrid', () => {
	it.each([
		// now, delay, grid → wait
		[0, 5, 20, 20],
		[13, 5, 20, 7],
		[15, 5, 20, 5],
		[15.5, 5, 20, 24.5],
		[40, 0, 20, 0],
		[13, 100, 20, 107],
		[13, 5, 0, 5]
	])('now %d + delay %d on a %d ms grid waits %d', (now, delay, grid, wait) => {
		expect(onGrid(now, delay, grid)).toBeCloseTo(wait, 9);
		if (grid > 0) {
			expect(((now + onGrid(now, delay, grid)) / grid) % 1).toBeCloseTo(0, 9);
			expect(onGrid(now, delay, grid)).toBeGreaterThanOrEqual(delay);
		}
	});
});

/** Records in which event-loop turn each append started (turns counted with setImmediate). */
class TurnRecordingStore implements DocStore {
	turn = 0;
	appendTurns: number[] = [];
	private ticking = true;
	constructor() {
		const tick = () => {
			this.turn++;
			if (this.ticking) setImmediate(tick);
		};
		setImmediate(tick);
	}
	stop(): void {
		this.ticking = false;
	}
	async load(): Promise<StoredUpdate[]> {
		return [];
	}
	async append(): Promise<string> {
		this.appendTurns.push(this.turn);
		return `row${this.appendTurns.length}`;
	}
	async compact(): Promise<string> {
		return 'snapshot';
	}
}

function queue(store: DocStore, name: string, writeGrid: WriteGrid): PersistenceQueue {
	const doc = new Y.Doc();
	return new PersistenceQueue({
		store,
		documentName: name,
		logger: silentLogger,
		batchWindowMs: 1,
		minWriteIntervalMs: 0,
		writeGrid,
		compactEvery: 1000,
		retryBaseDelayMs: 10,
		retryMaxDelayMs: 10,
		giveUpAfterMs: 10_000,
		onStorageFailing: () => {},
		snapshot: () => Y.encodeStateAsUpdate(doc),
		initialRowIds: []
	});
}

function update(text: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('text').insert(0, text);
	return Y.encodeStateAsUpdate(doc);
}

describe('shared write grid', () => {
	it('starts the timed writes of documents edited at different moments in the same turn', async () => {
		const store = new TurnRecordingStore();
		// A wide grid (1 s), started in the first tenth of a line: the edits (~10 ms, a few hundred
		// on a loaded machine) all fall before the next line. A 50 ms grid failed under load.
		const grid = new WriteGrid(1000);
		const queues = Array.from({ length: 5 }, (_, i) => queue(store, `griddoc${i}`, grid));
		while (performance.now() % 1000 > 100) await new Promise((resolve) => setTimeout(resolve, 5));
		// Edits spread over ~10 ms, i.e. different turns: without a grid, five separate writes.
		for (const [i, q] of queues.entries()) {
			q.enqueue(update(`document ${i}`));
			await new Promise((resolve) => setTimeout(resolve, 2));
		}
		await Promise.all(queues.map((q) => q.whenIdle()));
		store.stop();
		expect(store.appendTurns).toHaveLength(5);
		expect(new Set(store.appendTurns).size).toBe(1);
		expect(grid.pendingLines).toBe(0);
	});

	it('forgets a grid line when its only write is cancelled (flush)', async () => {
		const store = new TurnRecordingStore();
		const grid = new WriteGrid(1000);
		const q = queue(store, 'flushed', grid);
		q.enqueue(update('vite'));
		expect(grid.pendingLines).toBe(1);
		await q.flush();
		store.stop();
		expect(grid.pendingLines).toBe(0);
		expect(store.appendTurns).toHaveLength(1);
	});

	it('without a grid, the same edits start their writes in different turns', async () => {
		const store = new TurnRecordingStore();
		const queues = Array.from({ length: 5 }, (_, i) =>
			queue(store, `nogrid${i}`, new WriteGrid(0))
		);
		for (const [i, q] of queues.entries()) {
			q.enqueue(update(`document ${i}`));
			await new Promise((resolve) => setTimeout(resolve, 2));
		}
		await Promise.all(queues.map((q) => q.whenIdle()));
		store.stop();
		expect(new Set(store.appendTurns).size).toBeGreaterThan(1);
	});
});

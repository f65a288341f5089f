import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startHarness, type Harness } from '../testing/harness';
import { createMemoryLogger } from '../log';
import { ControlledStore } from '../testing/fakes';
import { liveDocuments, LiveDocumentError } from './live-documents';
import { DocumentRegistry } from './registry';

const DOC = 'doc000000000001';
const ALICE = { id: 'alice0000000001', name: 'Alice' };

let h: Harness;
afterEach(() => h.stop());

function storedText(): string {
	const doc = new Y.Doc();
	for (const row of h.store.memory.rowsOf(DOC)) Y.applyUpdate(doc, row.data);
	return doc.getText('text').toString();
}

describe('server-side changes of live documents (live.change / live.read)', () => {
	it('loads a document nobody has open, stores the change before resolving, and releases it', async () => {
		h = await startHarness({ idleUnloadMs: 30, batchWindowMs: 50 });
		const done = await h.collab.live.change(DOC, (ydoc) => {
			ydoc.getText('text').insert(0, 'décidé');
			return 'ok';
		});
		expect(done.result).toBe('ok');
		expect(done.changed).toBe(true);
		// Durable when it resolves, whatever the batching window.
		expect(storedText()).toBe('décidé');
		const replay = new Y.Doc();
		Y.applyUpdate(replay, done.state);
		expect(Y.encodeStateVector(replay)).toEqual(done.stateVector);
		await vi.waitFor(() => expect(h.collab.stats().documents).toBe(0));
	});

	it('is broadcast to every connected client and read back live', async () => {
		h = await startHarness();
		h.auth.addUser('alice', ALICE);
		h.auth.grant(ALICE.id, DOC, 'edit');
		const alice = h.connect(DOC, { token: 'alice' });
		await alice.opened;
		alice.sendStep1();
		alice.edit((doc) => doc.getText('text').insert(0, 'avant '));
		await vi.waitFor(() => expect(storedText()).toBe('avant '));
		await h.collab.live.change(DOC, (ydoc) => ydoc.getText('text').insert(6, 'après'));
		await vi.waitFor(() => expect(alice.text()).toBe('avant après'));
		expect(await h.collab.live.read(DOC, (ydoc) => ydoc.getText('text').toString())).toBe(
			'avant après'
		);
	});

	it('writes nothing for a change that changes nothing', async () => {
		h = await startHarness();
		const done = await h.collab.live.change(DOC, () => 42);
		expect(done).toMatchObject({ result: 42, changed: false });
		expect(h.store.appends).toBe(0);
	});

	it('says when the store did not confirm in time (the change stays queued and is stored later)', async () => {
		h = await startHarness();
		const store = new ControlledStore();
		const logger = createMemoryLogger();
		const registry = new DocumentRegistry({
			logger,
			idleUnloadMs: 60_000,
			documentOptions: {
				store,
				logger,
				maxDocumentBytes: 1_000_000,
				batchWindowMs: 0,
				compactEvery: 100,
				retryBaseDelayMs: 10,
				retryMaxDelayMs: 10,
				storageGiveUpAfterMs: 60_000
			}
		});
		const live = liveDocuments({ registry, isClosing: () => false, durableTimeoutMs: 50 });
		store.hold();
		const failure = await live
			.change(DOC, (ydoc) => ydoc.getText('text').insert(0, 'x'))
			.catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(LiveDocumentError);
		expect((failure as LiveDocumentError).reason).toBe('unavailable');
		store.release();
		await vi.waitFor(() => expect(store.memory.rowsOf(DOC)).toHaveLength(1));
		registry.destroyAll();
	});
});

/**
 * An idle document (its last connection gone, not yet unloaded) is kept as bytes, not as a
 * Y.Doc: once it is written, its Y.Doc is released, and the next connection gets the same
 * document back, rebuilt from those bytes without reading the store.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CollabErrorId } from './errors';
import { startHarness, type Harness } from '../testing/harness';
import type { RawClient } from '../testing/raw-client';
import type { DocumentWatcher } from './text-index';

const DOC = 'doc000000000001';
const ALICE = { id: 'alice0000000001', name: 'Alice' };
const BOB = { id: 'bob000000000001', name: 'Bob' };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Remembers each Y.Doc the registry hands its watcher (at every load or rebuild), weakly. */
function weakRecorder(refs: WeakRef<Y.Doc>[]): DocumentWatcher {
	return {
		watch(_name, ydoc) {
			refs.push(new WeakRef(ydoc));
			return { flush: async () => {}, stop: () => {} };
		}
	};
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

async function collected(ref: WeakRef<Y.Doc>): Promise<boolean> {
	for (let attempt = 0; attempt < 20; attempt++) {
		await tick();
		gc();
		await tick();
		if (ref.deref() === undefined) return true;
	}
	return false;
}

let h: Harness;
afterEach(() => h.stop());

async function setup(refs: WeakRef<Y.Doc>[], idleUnloadMs = 60_000) {
	h = await startHarness({
		idleDormantMs: 20,
		idleUnloadMs,
		batchWindowMs: 0,
		watcher: weakRecorder(refs)
	});
	h.auth.addUser('alice', ALICE);
	h.auth.addUser('bob', BOB);
	h.auth.grant(ALICE.id, DOC, 'edit');
	h.auth.grant(BOB.id, DOC, 'edit');
}

async function open(token: string): Promise<RawClient> {
	const client = h.connect(DOC, { token });
	await client.opened;
	client.sendStep1();
	return client;
}

const dormantEvents = () => h.logger.entries.filter((e) => e.event === 'collab.document_dormant');

describe('an idle document kept as bytes', () => {
	it('releases its Y.Doc once written, and a reconnect gets the same document back', async () => {
		const refs: WeakRef<Y.Doc>[] = [];
		await setup(refs);
		const alice = await open('alice');
		for (const word of ['protocole ', 'du ', 'Labo']) {
			alice.edit((doc) => doc.getText('text').insert(doc.getText('text').length, word));
		}
		alice.sendSaveRequest(1);
		await vi.waitFor(() => expect(alice.saved).toEqual([1]));
		const before = Y.encodeStateAsUpdate(alice.doc);
		await alice.close();

		await vi.waitFor(() => expect(dormantEvents()).toHaveLength(1));
		// Still a loaded document (not unloaded), but its Y.Doc is gone: only bytes remain.
		expect(h.collab.stats().documents).toBe(1);
		expect(await collected(refs[0]!)).toBe(true);
		// Written (and compacted) before it was let go.
		expect(h.store.memory.rowsOf(DOC)).toHaveLength(1);

		const loads = h.store.loads;
		const bob = await open('bob');
		await vi.waitFor(() => expect(bob.text()).toBe('protocole du Labo'));
		expect(h.store.loads).toBe(loads); // rebuilt from the kept bytes, not from the store
		expect(refs).toHaveLength(2); // the watchers follow the rebuilt Y.Doc
		expect(Y.encodeStateVector(bob.doc)).toEqual(Y.encodeStateVectorFromUpdate(before));

		// The rebuilt document is a full live document: edits are relayed, stored and acked.
		const carol = await open('alice');
		await vi.waitFor(() => expect(carol.text()).toBe('protocole du Labo'));
		bob.edit((doc) => doc.getText('text').insert(0, 'Le '));
		bob.sendSaveRequest(7);
		await vi.waitFor(() => expect(bob.saved).toEqual([7]));
		await vi.waitFor(() => expect(carol.text()).toBe('Le protocole du Labo'));
		const stored = new Y.Doc();
		for (const row of h.store.memory.rowsOf(DOC)) Y.applyUpdate(stored, row.data);
		expect(stored.getText('text').toString()).toBe('Le protocole du Labo');
	});

	it('keeps who typed under which client id across the rebuild', async () => {
		const refs: WeakRef<Y.Doc>[] = [];
		await setup(refs);
		const alice = await open('alice');
		alice.edit((doc) => doc.getText('text').insert(0, 'texte d’Alice'));
		alice.sendSaveRequest(1);
		await vi.waitFor(() => expect(alice.saved).toEqual([1]));
		await alice.close();
		await vi.waitFor(() => expect(dormantEvents()).toHaveLength(1));

		// Bob types under Alice's client id after the rebuild: refused as before.
		const bob = await open('bob');
		await vi.waitFor(() => expect(bob.text()).toBe('texte d’Alice'));
		bob.doc.clientID = alice.doc.clientID;
		bob.edit((doc) => doc.getText('text').insert(0, 'faux '));
		await vi.waitFor(() =>
			expect(bob.errors.map((e) => e.id)).toContain(CollabErrorId.AuthorRefused)
		);
	});

	it('is unloaded from its bytes like any idle document', async () => {
		const refs: WeakRef<Y.Doc>[] = [];
		await setup(refs, 200);
		const alice = await open('alice');
		alice.edit((doc) => doc.getText('text').insert(0, 'abc'));
		alice.sendSaveRequest(1);
		await vi.waitFor(() => expect(alice.saved).toEqual([1]));
		await alice.close();
		await vi.waitFor(() => expect(dormantEvents()).toHaveLength(1));
		await vi.waitFor(() => expect(h.collab.stats().documents).toBe(0));
		const loads = h.store.loads;
		const bob = await open('bob');
		await vi.waitFor(() => expect(bob.text()).toBe('abc'));
		expect(h.store.loads).toBe(loads + 1); // unloaded: read from the store again
	});

	it('is still unloaded when its writes outlast the idle delay', async () => {
		const refs: WeakRef<Y.Doc>[] = [];
		await setup(refs, 100);
		const alice = await open('alice');
		for (const [i, char] of [...'ab'].entries()) {
			alice.edit((doc) => doc.getText('text').insert(0, char));
			alice.sendSaveRequest(i);
			await vi.waitFor(() => expect(alice.saved).toHaveLength(i + 1));
		}
		expect(h.store.memory.rowsOf(DOC)).toHaveLength(2);
		h.store.hold(); // the compaction before keeping it as bytes waits
		await alice.close();
		await vi.waitFor(() => expect(h.store.heldCount).toBe(1));
		await new Promise((resolve) => setTimeout(resolve, 250)); // the unload delay passes
		h.store.release();
		await vi.waitFor(() => expect(h.collab.stats().documents).toBe(0));
		expect(h.store.memory.rowsOf(DOC)).toHaveLength(1);
	});
});

import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { MessageType } from '../../src/lib/collab/protocol';
import { silentLogger } from '../log';
import { MemoryStore } from '../storage/memory-store';
import { CollabDocument, FULL_SYNC_CACHE_IDLE_MS, FULL_SYNC_CACHE_MIN_BYTES } from './document';
import { SyncStep } from './wire';
import { testPeer } from '../testing/document-options';

const DOC = 'broadcastdoc001';

const peer = testPeer;

async function load(): Promise<CollabDocument> {
	return CollabDocument.load(DOC, {
		store: new MemoryStore(),
		logger: silentLogger,
		maxDocumentBytes: 1_000_000,
		batchWindowMs: 0,
		compactEvery: 100,
		retryBaseDelayMs: 10,
		retryMaxDelayMs: 10,
		storageGiveUpAfterMs: 1_000
	});
}

/** Applies every received sync update message to a fresh doc; returns its text. */
function textOf(messages: Uint8Array[]): string {
	const doc = new Y.Doc();
	for (const message of messages) {
		const decoder = decoding.createDecoder(message);
		expect(decoding.readVarUint(decoder)).toBe(MessageType.Sync);
		expect(decoding.readVarUint(decoder)).toBe(SyncStep.Update);
		Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
	}
	return doc.getText('text').toString();
}

function typed(doc: Y.Doc, text: string): Uint8Array[] {
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => void updates.push(update));
	for (const char of text) doc.getText('text').insert(doc.getText('text').length, char);
	return updates;
}

const nextTick = () => new Promise((resolve) => setImmediate(resolve));

describe('broadcast batching', () => {
	it('sends one merged message per peer per tick, never a peer its own updates', async () => {
		const document = await load();
		const [alice, bob, carol] = [peer(1), peer(2), peer(3)];
		for (const p of [alice, bob, carol]) document.addPeer(p);
		const aliceDoc = new Y.Doc();
		const bobDoc = new Y.Doc();
		const fromAlice = typed(aliceDoc, 'bonjour');
		const fromBob = typed(bobDoc, 'salut');
		for (const update of fromAlice) document.applyClientUpdate(update, alice);
		for (const update of fromBob) document.applyClientUpdate(update, bob);
		expect(carol.received).toHaveLength(0); // not yet: at the end of the tick
		await nextTick();
		expect(carol.received).toHaveLength(1);
		expect(alice.received).toHaveLength(1);
		expect(bob.received).toHaveLength(1);
		expect(textOf(carol.received)).toBe(document.ydoc.getText('text').toString());
		expect(textOf(alice.received)).toBe('salut');
		expect(textOf(bob.received)).toBe('bonjour');
		document.destroy();
	});

	it('sends nothing to the only editor of the tick', async () => {
		const document = await load();
		const [alice, bob] = [peer(1), peer(2)];
		document.addPeer(alice);
		document.addPeer(bob);
		for (const update of typed(new Y.Doc(), 'seul')) document.applyClientUpdate(update, alice);
		await nextTick();
		expect(alice.received).toHaveLength(0);
		expect(textOf(bob.received)).toBe('seul');
		document.destroy();
	});
});

/** Client id → state of every awareness message received, applied in order to a fresh Awareness. */
function presenceOf(messages: Uint8Array[]): Map<number, unknown> {
	const awareness = new Awareness(new Y.Doc());
	awareness.setLocalState(null);
	for (const message of messages) {
		const decoder = decoding.createDecoder(message);
		expect(decoding.readVarUint(decoder)).toBe(MessageType.Awareness);
		applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'test');
	}
	return awareness.getStates();
}

function cursorUpdate(clientId: number, clock: number, position: number): Uint8Array {
	const source = new Awareness(new Y.Doc());
	source.clientID = clientId;
	source.meta.set(clientId, { clock: clock - 1, lastUpdated: 0 });
	source.setLocalState({ cursor: position });
	return encodeAwarenessUpdate(source, [clientId]);
}

describe('presence batching', () => {
	it('encodes one presence message per tick with the latest states, the same bytes for every peer', async () => {
		const document = await load();
		const peers = Array.from({ length: 20 }, (_, i) => peer(i + 1));
		for (const p of peers) document.addPeer(p);
		const [alice, bob] = [peers[0]!, peers[1]!];
		// Alice moves her cursor three times and Bob once, all in one tick.
		for (let move = 1; move <= 3; move++) {
			applyAwarenessUpdate(document.awareness, cursorUpdate(101, move, move * 10), alice);
		}
		applyAwarenessUpdate(document.awareness, cursorUpdate(202, 1, 5), bob);
		expect(peers[2]!.received).toHaveLength(0); // not yet: at the end of the tick
		await nextTick();
		for (const p of peers) {
			expect(p.received).toHaveLength(1);
			// One encoding shared by all (authors included), not one per peer.
			expect(p.received[0]).toBe(alice.received[0]);
		}
		expect(presenceOf(peers[2]!.received)).toEqual(
			new Map([
				[101, { cursor: 30 }],
				[202, { cursor: 5 }]
			])
		);
		document.destroy();
	});

	it('leaves an author its own presence when its state comes back in the shared message', async () => {
		const document = await load();
		const [alice, bob] = [peer(1), peer(2)];
		document.addPeer(alice);
		document.addPeer(bob);
		// Alice's client: its local state at clock 1, then a move the server has not seen yet.
		const client = new Awareness(new Y.Doc());
		client.clientID = 101;
		client.meta.set(101, { clock: 0, lastUpdated: 0 });
		client.setLocalState({ cursor: 1 });
		applyAwarenessUpdate(document.awareness, encodeAwarenessUpdate(client, [101]), alice);
		client.setLocalState({ cursor: 2 });
		const changes: unknown[] = [];
		client.on('change', (change: unknown) => void changes.push(change));
		await nextTick();
		for (const message of alice.received) {
			const decoder = decoding.createDecoder(message);
			expect(decoding.readVarUint(decoder)).toBe(MessageType.Awareness);
			applyAwarenessUpdate(client, decoding.readVarUint8Array(decoder), 'server');
		}
		expect(alice.received).toHaveLength(1);
		expect(changes).toEqual([]);
		expect(client.getLocalState()).toEqual({ cursor: 2 });
		expect(presenceOf(bob.received)).toEqual(new Map([[101, { cursor: 1 }]]));
		client.destroy();
		document.destroy();
	});

	it('sends text of the tick before the presence that may point into it', async () => {
		const document = await load();
		const [alice, bob] = [peer(1), peer(2)];
		document.addPeer(alice);
		document.addPeer(bob);
		applyAwarenessUpdate(document.awareness, cursorUpdate(101, 1, 4), alice);
		for (const update of typed(new Y.Doc(), 'abcd')) document.applyClientUpdate(update, alice);
		await nextTick();
		expect(bob.received.map((m) => decoding.readVarUint(decoding.createDecoder(m)))).toEqual([
			MessageType.Sync,
			MessageType.Awareness
		]);
		document.destroy();
	});

	it('tells the others when a peer leaves', async () => {
		const document = await load();
		const [alice, bob] = [peer(1), peer(2)];
		document.addPeer(alice);
		document.addPeer(bob);
		document.guard.filter(alice, [{ clientId: 101, clock: 1, state: { cursor: 1 } }]);
		applyAwarenessUpdate(document.awareness, cursorUpdate(101, 1, 1), alice);
		await nextTick();
		document.removePeer(alice);
		await nextTick();
		expect(presenceOf(bob.received)).toEqual(new Map());
		expect(bob.received).toHaveLength(2);
		document.destroy();
	});
});

describe('sync step 2 for clients that have nothing', () => {
	async function loadStored(text: string) {
		const source = new Y.Doc();
		source.getText('text').insert(0, text);
		const snapshot = Y.encodeStateAsUpdate(source);
		const store = new MemoryStore();
		await store.compact(DOC, snapshot, []);
		const document = await CollabDocument.load(DOC, {
			store,
			logger: silentLogger,
			maxDocumentBytes: 1_000_000,
			batchWindowMs: 0,
			compactEvery: 100,
			retryBaseDelayMs: 10,
			retryMaxDelayMs: 10,
			storageGiveUpAfterMs: 1_000
		});
		return { document, snapshot };
	}
	const empty = Y.encodeStateVector(new Y.Doc());
	const step2Text = (message: Uint8Array) => {
		const decoder = decoding.createDecoder(message);
		expect(decoding.readVarUint(decoder)).toBe(MessageType.Sync);
		expect(decoding.readVarUint(decoder)).toBe(SyncStep.Step2);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
		return doc.getText('text').toString();
	};

	it('answers a large document from the stored snapshot, then from the live state after an update', async () => {
		const stored = 'protocole stocké '.repeat(FULL_SYNC_CACHE_MIN_BYTES / 16);
		const { document, snapshot } = await loadStored(stored);
		const first = document.syncStep2(empty);
		expect(document.syncStep2(empty)).toBe(first); // encoded once
		expect(step2Text(first)).toBe(stored);
		const editor = new Y.Doc();
		Y.applyUpdate(editor, snapshot);
		const [update] = typed(editor, '!');
		document.applyClientUpdate(update!, peer(1));
		const afterUpdate = document.syncStep2(empty);
		expect(step2Text(afterUpdate)).toBe(`${stored}!`);
		expect(document.syncStep2(empty)).toBe(afterUpdate);
		// A client that has something gets the difference, not the cache.
		expect(step2Text(document.syncStep2(Y.encodeStateVector(editor)))).toBe('');
		document.destroy();
	});

	it('drops the copy of a large document once unused for a while', async () => {
		vi.useFakeTimers();
		try {
			const stored = 'protocole stocké '.repeat(FULL_SYNC_CACHE_MIN_BYTES / 16);
			const { document } = await loadStored(stored);
			const first = document.syncStep2(empty);
			vi.advanceTimersByTime(FULL_SYNC_CACHE_IDLE_MS - 1_000);
			expect(document.syncStep2(empty)).toBe(first); // used again: kept longer
			vi.advanceTimersByTime(FULL_SYNC_CACHE_IDLE_MS - 1_000);
			expect(document.syncStep2(empty)).toBe(first);
			vi.advanceTimersByTime(FULL_SYNC_CACHE_IDLE_MS + 1);
			const again = document.syncStep2(empty);
			expect(again).not.toBe(first);
			expect(step2Text(again)).toBe(stored);
			document.destroy();
		} finally {
			vi.useRealTimers();
		}
	});

	it('keeps no copy for a small document: encoding it again is cheaper', async () => {
		const { document } = await loadStored('protocole stocké');
		const first = document.syncStep2(empty);
		const second = document.syncStep2(empty);
		expect(second).not.toBe(first);
		expect(second).toEqual(first);
		expect(step2Text(second)).toBe('protocole stocké');
		document.destroy();
	});
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { MessageType } from '../../src/lib/collab/protocol';
import { silentLogger } from '../log';
import { MemoryStore } from '../storage/memory-store';
import { CollabDocument, type DocumentPeer } from './document';
import { SyncStep } from './wire';

const DOC = 'broadcastdoc001';

function peer(key: number): DocumentPeer & { received: Uint8Array[] } {
	const received: Uint8Array[] = [];
	return {
		key,
		identity: { id: `user${key}`, name: `User ${key}`, color: '#000000' },
		userId: `user${key}`,
		requiredSeq: 0,
		remoteBarrier: null,
		received,
		send: (message) => void received.push(message),
		closeWith: () => {}
	};
}

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
	it('sends one presence message per peer per tick with the latest states, never a peer its own', async () => {
		const document = await load();
		const [alice, bob, carol] = [peer(1), peer(2), peer(3)];
		for (const p of [alice, bob, carol]) document.addPeer(p);
		// Alice moves her cursor three times and Bob once, all in one tick.
		for (let move = 1; move <= 3; move++) {
			applyAwarenessUpdate(document.awareness, cursorUpdate(101, move, move * 10), alice);
		}
		applyAwarenessUpdate(document.awareness, cursorUpdate(202, 1, 5), bob);
		expect(carol.received).toHaveLength(0); // not yet: at the end of the tick
		await nextTick();
		expect(carol.received).toHaveLength(1);
		expect(alice.received).toHaveLength(1);
		expect(bob.received).toHaveLength(1);
		expect(presenceOf(carol.received)).toEqual(
			new Map([
				[101, { cursor: 30 }],
				[202, { cursor: 5 }]
			])
		);
		expect(presenceOf(alice.received)).toEqual(new Map([[202, { cursor: 5 }]]));
		expect(presenceOf(bob.received)).toEqual(new Map([[101, { cursor: 30 }]]));
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
	it('answers from the stored snapshot, then from the live state after an update', async () => {
		const source = new Y.Doc();
		source.getText('text').insert(0, 'protocole stocké');
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
		const empty = Y.encodeStateVector(new Y.Doc());
		const first = document.syncStep2(empty);
		expect(document.syncStep2(empty)).toBe(first); // encoded once
		const step2Text = (message: Uint8Array) => {
			const decoder = decoding.createDecoder(message);
			expect(decoding.readVarUint(decoder)).toBe(MessageType.Sync);
			expect(decoding.readVarUint(decoder)).toBe(SyncStep.Step2);
			const doc = new Y.Doc();
			Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
			return doc.getText('text').toString();
		};
		expect(step2Text(first)).toBe('protocole stocké');
		const editor = new Y.Doc();
		Y.applyUpdate(editor, snapshot);
		const [update] = typed(editor, '!');
		document.applyClientUpdate(update!, peer(1));
		expect(step2Text(document.syncStep2(empty))).toBe('protocole stocké!');
		// A client that has something gets the difference, not the cache.
		expect(step2Text(document.syncStep2(Y.encodeStateVector(editor)))).toBe('');
		document.destroy();
	});
});

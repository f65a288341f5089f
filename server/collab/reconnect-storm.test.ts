/**
 * What a hundred clients reconnecting with the same copy cost the live document. A client's update
 * that changes nothing (a reconnecting copy's sync step 2: no new struct, its deletions already
 * applied) is not applied in a transaction: each would wake every watcher of a large document.
 * Anything new in it still is. The sync step 2 answering a copy is encoded once per state vector
 * until the document changes.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { MemoryStore } from '../storage/memory-store';
import { CollabDocument, FULL_SYNC_CACHE_MIN_BYTES } from './document';
import { changesNothing, inspectUpdate } from './update-check';
import { testDocumentOptions, testPeer } from '../testing/document-options';

const peer = testPeer;

async function loadStored(update: Uint8Array): Promise<CollabDocument> {
	const store = new MemoryStore();
	await store.append('noopdoc00000001', update);
	return CollabDocument.load('noopdoc00000001', testDocumentOptions({ store }));
}

/** A client copy with text typed and partly deleted. */
function copy(): Y.Doc {
	const doc = new Y.Doc();
	const text = doc.getText('t');
	text.insert(0, 'bonjour tout le monde');
	text.delete(7, 5);
	text.insert(0, '» ');
	text.delete(0, 1);
	return doc;
}

/** The update a sync step 2 message carries. */
function syncPayload(message: Uint8Array): Uint8Array {
	const decoder = decoding.createDecoder(message);
	decoding.readVarUint(decoder);
	decoding.readVarUint(decoder);
	return decoding.readVarUint8Array(decoder);
}

const noChange = (update: Uint8Array, ydoc: Y.Doc) => {
	const { ends, deletions } = inspectUpdate(update);
	return changesNothing(ends, deletions, ydoc);
};

describe('updates that change nothing', () => {
	it('recognises a copy syncing back what the document holds, and nothing else', () => {
		const client = copy();
		const server = new Y.Doc();
		Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
		const stepTwo = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
		expect(noChange(stepTwo, server)).toBe(true);
		expect(noChange(Y.encodeStateAsUpdate(client), server)).toBe(true);

		// A struct the document lacks.
		const before = Y.encodeStateVector(client);
		client.getText('t').insert(0, 'x');
		expect(noChange(Y.encodeStateAsUpdate(client, before), server)).toBe(false);
		// A deletion the document lacks (no new struct).
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(server));
		const at = Y.encodeStateVector(other);
		other.getText('t').delete(2, 3);
		const deletion = Y.encodeStateAsUpdate(other, at);
		expect(Y.decodeUpdate(deletion).structs).toHaveLength(0);
		expect(noChange(deletion, server)).toBe(false);
		// Deletions of content the document does not have at all.
		expect(noChange(Y.encodeStateAsUpdate(client), new Y.Doc())).toBe(false);
	});

	it('is acknowledged without a transaction, while a new deletion is applied', async () => {
		const client = copy();
		const document = await loadStored(Y.encodeStateAsUpdate(client));
		let transactions = 0;
		document.ydoc.on('beforeTransaction', () => void transactions++);
		const writer = peer(1);
		const stepTwo = Y.encodeStateAsUpdate(client, Y.encodeStateVector(document.ydoc));
		expect(document.applyClientUpdate(stepTwo, writer, false)).toBe('applied');
		expect(transactions).toBe(0);
		expect(writer.requiredSeq).toBe(document.queue.lastSeq);

		const at = Y.encodeStateVector(client);
		client.getText('t').delete(0, 2);
		expect(document.applyClientUpdate(Y.encodeStateAsUpdate(client, at), writer)).toBe('applied');
		expect(transactions).toBe(1);
		expect(document.ydoc.getText('t').toString()).toBe(client.getText('t').toString());
		document.destroy();
	});
});

describe('answering reconnecting copies of a large document', () => {
	it('encodes the answer once per state vector, until the document changes', async () => {
		const source = new Y.Doc();
		const text = source.getText('t');
		for (let i = 0; text.length < FULL_SYNC_CACHE_MIN_BYTES * 1.2; i++) {
			text.insert(text.length, `phrase ${i} écrite puis en partie effacée, `);
			if (i % 5 === 4) text.delete(text.length - 12, 6);
		}
		const document = await loadStored(Y.encodeStateAsUpdate(source));
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
		const held = Y.encodeStateVector(copy);
		const first = document.syncStep2(held);
		expect(document.syncStep2(Uint8Array.from(held))).toBe(first);

		const writer = peer(1);
		const before = Y.encodeStateVector(source);
		text.insert(0, 'Nouveau : ');
		document.applyClientUpdate(Y.encodeStateAsUpdate(source, before), writer);
		const after = document.syncStep2(held);
		expect(after).not.toBe(first);
		Y.applyUpdate(copy, syncPayload(after));
		expect(copy.getText('t').toString()).toBe(text.toString());
		document.destroy();
	});
});

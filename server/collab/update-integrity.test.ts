/**
 * Updates the server cannot integrate completely. Found by the protocol fuzz: parseable but
 * impossible structs (client ids past 32 bits, zero-length items) or structs whose dependencies
 * the server lacks left the live document with pending structs and an encoding that clients
 * decode differently; a later valid edit then stayed pending on the server (acked, never stored,
 * never broadcast) or a fresh client could not even apply the sync.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../../src/lib/collab/protocol';
import { MemoryStore } from '../storage/memory-store';
import { createRng } from '../../tests/soak/lib/rng';
import { mutate, seedFrames } from '../../tests/soak/lib/protocol-fuzz';
import { CollabDocument, type DocumentPeer } from './document';
import { CollabError } from './errors';
import { SyncStep } from './wire';
import { testDocumentOptions, testPeer } from '../testing/document-options';

const DOC = 'integritydoc001';

const peer = testPeer;

async function load(store = new MemoryStore()): Promise<CollabDocument> {
	return CollabDocument.load(DOC, testDocumentOptions({ store }));
}

/** Applies sync messages (step 2 / update) to `doc`. */
function applyMessages(doc: Y.Doc, messages: Uint8Array[]): void {
	for (const message of messages) {
		const decoder = decoding.createDecoder(message);
		if (decoding.readVarUint(decoder) !== MessageType.Sync) continue;
		const step = decoding.readVarUint(decoder);
		if (step === SyncStep.Step2 || step === SyncStep.Update) {
			Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
		}
	}
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Replays the fuzz corpus of `seed`: every sync-step-2/update payload the document accepts. */
function fuzz(document: CollabDocument, seed: number, fuzzer: DocumentPeer): void {
	const rng = createRng(seed);
	const corpus = seedFrames(rng.fork());
	for (let i = 0; i < 2_000; i++) {
		const bytes = rng.chance(0.1) ? rng.pick(corpus) : mutate(rng, rng.pick(corpus));
		const payload = syncPayload(bytes);
		if (payload === null) continue;
		try {
			document.applyClientUpdate(payload, fuzzer);
		} catch (error) {
			if (!(error instanceof CollabError)) throw error;
		}
	}
}

/** The update in a sync-step-2/update frame, or null for any other or unreadable frame. */
function syncPayload(frame: Uint8Array): Uint8Array | null {
	try {
		const decoder = decoding.createDecoder(frame);
		if (decoding.readVarUint(decoder) !== MessageType.Sync) return null;
		const step = decoding.readVarUint(decoder);
		if (step !== SyncStep.Step2 && step !== SyncStep.Update) return null;
		return decoding.readVarUint8Array(decoder);
	} catch {
		return null;
	}
}

/** One V1 update holding a single string item at the root `text` (hand-encoded on purpose). */
function rawStringUpdate(client: number, text: string): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 1); // clients
	encoding.writeVarUint(encoder, 1); // structs of this client
	encoding.writeVarUint(encoder, client);
	encoding.writeVarUint(encoder, 0); // clock
	encoding.writeUint8(encoder, 4); // ContentString, no origins, no parentSub
	encoding.writeVarUint(encoder, 1); // parent is a root type
	encoding.writeVarString(encoder, 'text');
	encoding.writeVarString(encoder, text);
	encoding.writeVarUint(encoder, 0); // empty delete set
	return encoding.toUint8Array(encoder);
}

describe('updates the document cannot integrate', () => {
	// Seeds whose corpus broke the document before the fix (found with a 2 000-seed model run).
	it.each([17, 111, 156, 206, 266])(
		'fuzz corpus %i: a valid edit afterwards is stored and reaches every peer',
		async (seed) => {
			const store = new MemoryStore();
			const document = await load(store);
			const writer = new Y.Doc();
			writer.getText('text').insert(0, '[original-edited]');
			document.applyClientUpdate(Y.encodeStateAsUpdate(writer), peer(1));
			fuzz(document, seed, peer(2));
			expect(document.ydoc.store.pendingStructs).toBeNull();
			expect(document.ydoc.store.pendingDs).toBeNull();

			const alice = peer(3);
			const bob = peer(4);
			document.addPeer(alice);
			document.addPeer(bob);
			const aliceDoc = new Y.Doc();
			const bobDoc = new Y.Doc();
			applyMessages(aliceDoc, [document.syncStep2(Y.encodeStateVector(aliceDoc))]);
			applyMessages(bobDoc, [document.syncStep2(Y.encodeStateVector(bobDoc))]);
			expect(bobDoc.getText('text').toString()).toBe(document.ydoc.getText('text').toString());

			const before = Y.encodeStateVector(document.ydoc);
			aliceDoc.getText('text').insert(0, '[after]');
			expect(document.applyClientUpdate(Y.encodeStateAsUpdate(aliceDoc, before), alice)).toBe(
				'applied'
			);
			await tick();
			applyMessages(bobDoc, bob.received);
			const text = aliceDoc.getText('text').toString();
			expect(bobDoc.getText('text').toString()).toBe(text);
			expect(document.ydoc.getText('text').toString()).toBe(text);

			await document.queue.flush();
			const reloaded = await load(store);
			expect(reloaded.ydoc.getText('text').toString()).toBe(text);
			document.destroy();
			reloaded.destroy();
		}
	);

	it('refuses an update whose dependencies the document lacks, keeping nothing pending', async () => {
		const document = await load();
		const bob = peer(2);
		document.addPeer(bob);
		const client = new Y.Doc();
		client.getText('text').insert(0, 'first');
		const first = Y.encodeStateVector(client);
		client.getText('text').insert(5, ' second');
		const second = Y.encodeStateAsUpdate(client, first);
		const lastSeq = document.queue.lastSeq;

		expect(document.applyClientUpdate(second, peer(1))).toBe('incomplete');
		expect(document.ydoc.store.pendingStructs).toBeNull();
		expect(document.ydoc.store.pendingDs).toBeNull();
		expect(document.queue.lastSeq).toBe(lastSeq);
		// The whole state, sent again after the client reconnects, integrates cleanly.
		expect(document.applyClientUpdate(Y.encodeStateAsUpdate(client), peer(1))).toBe('applied');
		expect(document.ydoc.getText('text').toString()).toBe('first second');
		document.destroy();
	});

	it('does not count as applied an update Yjs takes only part of (a client listed twice)', async () => {
		const document = await load();
		expect(document.applyClientUpdate(rawStringUpdate(7, 'abc'), peer(1))).toBe('applied');
		// Client 9's "x" after "abc", then client 9 listed again with nothing: Y.decodeUpdate (what
		// the checks read) shows the "x", Y.applyUpdate keeps the second, empty list only.
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 2); // two lists
		encoding.writeVarUint(encoder, 1); // the first: one struct
		encoding.writeVarUint(encoder, 9);
		encoding.writeVarUint(encoder, 0);
		encoding.writeUint8(encoder, 4 | 0x80); // ContentString with an origin
		encoding.writeVarUint(encoder, 7); // origin: client 7, clock 2 (the "c")
		encoding.writeVarUint(encoder, 2);
		encoding.writeVarString(encoder, 'x');
		encoding.writeVarUint(encoder, 0); // the second, same client: no struct
		encoding.writeVarUint(encoder, 9);
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint(encoder, 0); // empty delete set
		const ghost = encoding.toUint8Array(encoder);
		expect(Y.decodeUpdate(ghost).structs).toHaveLength(1);
		expect(document.applyClientUpdate(ghost, peer(1))).toBe('incomplete');
		expect(Y.getState(document.ydoc.store, 9)).toBe(0);
		expect(document.ydoc.getText('text').toString()).toBe('abc');
		document.destroy();
	});

	it('refuses a delete of content the document does not have', async () => {
		const document = await load();
		const client = new Y.Doc();
		client.getText('text').insert(0, 'abc');
		const sv = Y.encodeStateVector(client);
		client.getText('text').delete(0, 1);
		expect(document.applyClientUpdate(Y.encodeStateAsUpdate(client, sv), peer(1))).toBe(
			'incomplete'
		);
		expect(document.ydoc.store.pendingDs).toBeNull();
		document.destroy();
	});

	it.each([
		['a client id past 32 bits', rawStringUpdate(2 ** 33, 'x')],
		['a zero-length item', rawStringUpdate(7, '')]
	])('refuses %s as a protocol error', async (_name, update) => {
		const document = await load();
		// The hand encoding itself is valid: the same bytes with sane values apply.
		expect(document.applyClientUpdate(rawStringUpdate(7, 'ok'), peer(9))).toBe('applied');
		const vector = Y.encodeStateVector(document.ydoc);
		expect(() => document.applyClientUpdate(update, peer(1))).toThrow(CollabError);
		expect(Y.encodeStateVector(document.ydoc)).toEqual(vector);
		document.destroy();
	});
});

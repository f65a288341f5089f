import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryStore } from '../storage/memory-store';
import { CollabDocument } from './document';
import { SLICE_FROM_BYTES, cleanUpFormatting, sliceUpdate } from './sliced-apply';
import { testDocumentOptions } from '../testing/document-options';

/** A small deterministic generator (tests must not depend on Math.random). */
function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

/**
 * A document written by several clients editing concurrently and syncing now and then: text
 * typed and deleted in paragraphs, formatting, blocks added and removed, map entries.
 */
function concurrentHistory(seed: number, clients = 4, steps = 300): Uint8Array {
	const random = seeded(seed);
	const docs = Array.from({ length: clients }, (_, i) => {
		const doc = new Y.Doc();
		doc.clientID = 1000 + i * 7 + seed;
		return doc;
	});
	const sync = (a: Y.Doc, b: Y.Doc) => {
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
	};
	for (let step = 0; step < steps; step++) {
		const doc = docs[Math.floor(random() * clients)]!;
		const body = doc.getXmlFragment('default');
		const action = random();
		if (body.length === 0 || action < 0.15) {
			const paragraph = new Y.XmlElement('paragraph');
			paragraph.insert(0, [new Y.XmlText(`p${step} `)]);
			body.insert(Math.floor(random() * (body.length + 1)), [paragraph]);
		} else if (action < 0.2 && body.length > 1) {
			body.delete(Math.floor(random() * body.length), 1);
		} else if (action < 0.3) {
			doc.getMap('meta').set(`k${Math.floor(random() * 5)}`, { step, note: `n${step}` });
		} else {
			const paragraph = body.get(Math.floor(random() * body.length));
			const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
			if (!(text instanceof Y.XmlText)) continue;
			const at = Math.floor(random() * (text.length + 1));
			if (action < 0.75) text.insert(at, `w${step} `);
			else if (action < 0.85 && text.length > 2) text.format(0, 2, { bold: true });
			else if (text.length > 3) text.delete(Math.min(at, text.length - 2), 2);
		}
		if (random() < 0.2) {
			const a = docs[Math.floor(random() * clients)]!;
			const b = docs[Math.floor(random() * clients)]!;
			if (a !== b) sync(a, b);
		}
	}
	for (const doc of docs.slice(1)) sync(docs[0]!, doc);
	return Y.mergeUpdates(docs.map((doc) => Y.encodeStateAsUpdate(doc)));
}

/** Applies the slices one by one as the load does, checking that none leaves anything pending. */
function applySlices(ydoc: Y.Doc, slices: Iterable<Uint8Array>): number {
	let count = 0;
	for (const slice of slices) {
		Y.transact(ydoc, (transaction) => {
			Y.applyUpdate(ydoc, slice);
			transaction.local = true;
		});
		count++;
		expect(ydoc.store.pendingStructs).toBeNull();
		expect(ydoc.store.pendingDs).toBeNull();
	}
	Y.transact(ydoc, () => cleanUpFormatting(ydoc));
	return count;
}

/** The document as an editor shows it: every text with its marks, every map entry. */
function rendered(ydoc: Y.Doc): unknown {
	const body = ydoc.getXmlFragment('default');
	return {
		body: body
			.toArray()
			.map((block) =>
				block instanceof Y.XmlElement
					? block.toArray().map((child) => (child instanceof Y.XmlText ? child.toDelta() : null))
					: null
			),
		meta: ydoc.getMap('meta').toJSON()
	};
}

function expectSameDocument(actual: Y.Doc, expected: Y.Doc): void {
	expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected));
	expect(rendered(actual)).toEqual(rendered(expected));
	expect(actual.getXmlFragment('default').toString()).toBe(
		expected.getXmlFragment('default').toString()
	);
	// What a client that applies the stored row at once would hold: the same deletions too.
	expect(
		Y.equalDeleteSets(
			Y.createDeleteSetFromStructStore(actual.store),
			Y.createDeleteSetFromStructStore(expected.store)
		)
	).toBe(true);
}

describe('sliceUpdate', () => {
	it.each([1, 2, 3, 4, 5, 6, 7, 8])(
		'builds the same document as one apply (concurrent history, seed %d)',
		(seed) => {
			const update = concurrentHistory(seed);
			const whole = new Y.Doc();
			Y.applyUpdate(whole, update);
			for (const perSlice of [1, 3, 17, 100_000]) {
				const sliced = new Y.Doc();
				const slices = sliceUpdate(update, sliced, perSlice);
				expect(slices).not.toBeNull();
				const count = applySlices(sliced, slices!);
				if (perSlice === 1) expect(count).toBeGreaterThan(10);
				expectSameDocument(sliced, whole);
			}
		}
	);

	it('continues a document that holds an earlier state of the same history', () => {
		const writer = new Y.Doc();
		const text = writer.getText('t');
		text.insert(0, 'hello world');
		const earlier = Y.encodeStateAsUpdate(writer);
		const before = Y.encodeStateVector(writer);
		text.delete(0, 6);
		text.insert(text.length, ' and more');
		const later = Y.encodeStateAsUpdate(writer, before);
		const ydoc = new Y.Doc();
		Y.applyUpdate(ydoc, earlier);
		const slices = sliceUpdate(later, ydoc, 1);
		expect(slices).not.toBeNull();
		applySlices(ydoc, slices!);
		expect(ydoc.getText('t').toString()).toBe('world and more');
	});

	it('refuses an update whose dependencies the document lacks', () => {
		const writer = new Y.Doc();
		writer.getText('t').insert(0, 'abc');
		const before = Y.encodeStateVector(writer);
		writer.getText('t').insert(3, 'def');
		const increment = Y.encodeStateAsUpdate(writer, before);
		expect(sliceUpdate(increment, new Y.Doc())).toBeNull();
	});

	it('refuses an update overlapping what the document already holds', () => {
		const writer = new Y.Doc();
		writer.getText('t').insert(0, 'abc');
		const ydoc = new Y.Doc();
		Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(writer));
		expect(sliceUpdate(Y.encodeStateAsUpdate(writer), ydoc)).toBeNull();
	});

	it('throws on a malformed update (the load sets the row aside)', () => {
		expect(() => sliceUpdate(new Uint8Array([5, 200, 1, 7]), new Y.Doc())).toThrow();
	});
});

describe('loading a large stored document', () => {
	it('builds it in slices, letting the event loop run in between, to the same document', async () => {
		const random = seeded(42);
		const source = new Y.Doc();
		const body = source.getXmlFragment('default');
		const phrase = 'une phrase du protocole, écrite puis reprise par plusieurs personnes ; ';
		for (let i = 0; body.length < 250; i++) {
			const paragraph = new Y.XmlElement('paragraph');
			const text = new Y.XmlText();
			paragraph.insert(0, [text]);
			body.insert(body.length, [paragraph]);
			for (let k = 0; k < 8; k++) {
				text.insert(Math.floor(random() * (text.length + 1)), `${i}-${k} ${phrase}`);
				if (k % 3 === 2) text.delete(0, 4);
				if (k === 4) text.format(0, 6, { bold: true });
			}
		}
		const stored = Y.encodeStateAsUpdate(source);
		expect(stored.byteLength).toBeGreaterThan(SLICE_FROM_BYTES);
		const store = new MemoryStore();
		await store.append('largedoc0000001', stored);

		let turns = 0;
		let ticking = true;
		const tick = () => {
			turns++;
			if (ticking) setImmediate(tick);
		};
		setImmediate(tick);
		const document = await CollabDocument.load('largedoc0000001', testDocumentOptions({ store }));
		ticking = false;
		expect(turns).toBeGreaterThan(3);
		expectSameXml(document.ydoc, source);
		// Built exactly from its one stored row: nothing beyond it to send.
		expect(document.updateBeyondStored()).toBeNull();
		document.destroy();
	}, 30_000);
});

function expectSameXml(actual: Y.Doc, expected: Y.Doc): void {
	expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected));
	expect(actual.getXmlFragment('default').toString()).toBe(
		expected.getXmlFragment('default').toString()
	);
	expect(Y.encodeStateAsUpdate(actual)).toEqual(Y.encodeStateAsUpdate(expected));
}

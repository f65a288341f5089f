import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../log';
import { DocumentAuthors, MemoryAuthorshipStore, clientsWithNewStructs } from './authorship';

/** An update typing `text` at the start of a shared text, from a doc with client id `client`. */
function typed(base: Y.Doc, client: number, text: string): Uint8Array {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	// Set after loading: Yjs draws a new id when an update brings structs under its own.
	doc.clientID = client;
	const known = Y.encodeStateVector(doc);
	doc.getText('t').insert(0, text);
	return Y.encodeStateAsUpdate(doc, known);
}

async function authorsWith(owners: [number, string][]): Promise<DocumentAuthors> {
	const store = new MemoryAuthorshipStore();
	await store.record('doc', new Map(owners));
	return DocumentAuthors.load('doc', store, silentLogger);
}

describe('who owns a client id (server side)', () => {
	it.each<[string, [number, string][], number, string, { unowned: number[]; foreign: number[] }]>([
		[
			'a new client id is claimed by the socket’s user',
			[],
			7,
			'lea',
			{ unowned: [7], foreign: [] }
		],
		[
			'one’s own client id again claims nothing new',
			[[7, 'lea']],
			7,
			'lea',
			{ unowned: [], foreign: [] }
		],
		[
			'text under someone else’s client id is foreign',
			[[7, 'karim']],
			7,
			'lea',
			{ unowned: [], foreign: [7] }
		]
	])('%s', async (_name, owners, client, user, expected) => {
		const authors = await authorsWith(owners);
		const ydoc = new Y.Doc();
		expect(authors.claims(typed(ydoc, client, 'abc'), ydoc, user)).toEqual(expected);
	});

	it('a resent update the document already holds is nobody’s new text', async () => {
		const ydoc = new Y.Doc();
		const update = typed(ydoc, 7, 'abc');
		Y.applyUpdate(ydoc, update);
		expect(clientsWithNewStructs(update, ydoc)).toEqual([]);
		const authors = await authorsWith([[7, 'karim']]);
		// Karim's text resent by Léa's browser (e.g. after a reconnect) is not a forgery.
		expect(authors.claims(update, ydoc, 'lea')).toEqual({ unowned: [], foreign: [] });
	});

	it('records the owner once applied, and stores it durably', async () => {
		const store = new MemoryAuthorshipStore();
		const authors = await DocumentAuthors.load('doc', store, silentLogger);
		const ydoc = new Y.Doc();
		const update = typed(ydoc, 9, 'Budget');
		const claimed = authors.claims(update, ydoc, 'lea');
		expect(claimed).toEqual({ unowned: [9], foreign: [] });
		Y.applyUpdate(ydoc, update);
		authors.commit(claimed.unowned, ydoc, 'lea');
		await authors.durable();
		expect(authors.ownerOf(9)).toBe('lea');
		expect(store.documents.get('doc')?.get(9)).toBe('lea');
		// Now Karim cannot write under it.
		expect(authors.claims(typed(ydoc, 9, 'X'), ydoc, 'karim')).toEqual({
			unowned: [],
			foreign: [9]
		});
	});

	it('retries a failed write before the ack goes out', async () => {
		const inner = new MemoryAuthorshipStore();
		let failures = 1;
		const flaky = {
			load: (name: string) => inner.load(name),
			async record(name: string, owners: ReadonlyMap<number, string>) {
				if (failures-- > 0) throw new Error('store down');
				await inner.record(name, owners);
			}
		};
		const authors = await DocumentAuthors.load('doc', flaky, silentLogger);
		const ydoc = new Y.Doc();
		const update = typed(ydoc, 4, 'x');
		Y.applyUpdate(ydoc, update);
		authors.commit([4], ydoc, 'lea');
		await authors.durable();
		expect(inner.documents.get('doc')?.get(4)).toBe('lea');
	});
});

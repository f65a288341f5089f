import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { createMemoryLogger } from '../log';
import { ChangeLog, type ChangeRow } from './change-log';
import { REMOTE_ORIGIN, SERVER_ORIGIN } from './document';
import type { DocumentWatch } from './text-index';

const heading = (text: string) => ({
	type: 'heading',
	attrs: { level: 2 },
	content: [{ type: 'text', text }]
});
const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });

function protocol(): Y.Doc {
	return prosemirrorJSONToYDoc(
		editorSchema(),
		{
			type: 'doc',
			content: [
				heading('Contexte'),
				paragraph('Le territoire.'),
				heading('Calendrier'),
				paragraph('Juin.')
			]
		},
		EDITOR_FIELD
	);
}

/** The text of the n-th top-level block. */
function blockText(doc: Y.Doc, index: number): Y.XmlText {
	return (doc.getXmlFragment(EDITOR_FIELD).get(index) as Y.XmlElement).get(0) as Y.XmlText;
}

const karim = { userId: 'karim0000000001' };
const sophie = { userId: 'sophie000000001' };
const jean = { userId: 'jean00000000001' };

function suggestionAttrs(id: string, author: string, authorName: string) {
	return { id, author, authorName, time: 1 };
}

describe('ChangeLog', () => {
	const writes: { document: string; rows: ChangeRow[] }[] = [];
	const logger = createMemoryLogger();
	const log = new ChangeLog({
		logger,
		debounceMs: 60_000,
		writer: {
			async write(document, rows) {
				writes.push({ document, rows });
			}
		}
	});
	let watch: DocumentWatch | null = null;
	afterEach(() => {
		watch?.stop();
		writes.length = 0;
	});

	it('attributes text typed in a section to the person whose socket sent it', async () => {
		const doc = protocol();
		watch = log.watch('doc1', doc);
		doc.transact(() => blockText(doc, 3).insert(4, ' et juillet'), karim);
		doc.transact(() => blockText(doc, 1).delete(0, 3), sophie);
		await watch.flush();
		expect(writes).toHaveLength(1);
		expect(writes[0]!.rows).toEqual([
			{
				kind: 'text',
				authors: [sophie.userId],
				authorNames: [],
				section: 'Contexte',
				added: 0,
				removed: 3,
				excerpt: '',
				changeId: ''
			},
			{
				kind: 'text',
				authors: [karim.userId],
				authorNames: [],
				section: 'Calendrier',
				added: 11,
				removed: 0,
				excerpt: 'et juillet',
				changeId: ''
			}
		]);
	});

	it('logs a tracked change proposed, then resolved by the editor who accepted it', async () => {
		const doc = protocol();
		watch = log.watch('doc1', doc);
		doc.transact(
			() =>
				blockText(doc, 3).insert(4, ' 2027', {
					'suggestionInsert--abcd1234': suggestionAttrs('s1', jean.userId, 'Jean Lefèvre')
				}),
			jean
		);
		await watch.flush();
		expect(writes.at(-1)!.rows).toEqual([
			expect.objectContaining({
				kind: 'suggestion',
				authors: [jean.userId],
				authorNames: ['Jean Lefèvre'],
				section: 'Calendrier',
				excerpt: '2027',
				changeId: 's1'
			})
		]);
		// Accepting: the mark goes, the text stays (now accepted text, written in by Karim).
		doc.transact(
			() => blockText(doc, 3).format(4, 5, { 'suggestionInsert--abcd1234': null }),
			karim
		);
		await watch.flush();
		expect(writes.at(-1)!.rows).toEqual([
			expect.objectContaining({
				kind: 'text',
				authors: [karim.userId],
				section: 'Calendrier',
				added: 5
			}),
			expect.objectContaining({
				kind: 'suggestion_resolved',
				authors: [karim.userId],
				authorNames: ['Jean Lefèvre'],
				changeId: 's1'
			})
		]);
	});

	it('logs nothing for changes made by the server or relayed from another instance', async () => {
		const doc = protocol();
		watch = log.watch('doc1', doc);
		doc.transact(() => blockText(doc, 1).insert(0, 'Adopté : '), SERVER_ORIGIN);
		doc.transact(() => blockText(doc, 3).insert(0, 'Dès '), REMOTE_ORIGIN);
		await watch.flush();
		// …and a later local edit is not blamed for them: the reading moved on.
		doc.transact(() => blockText(doc, 3).insert(0, 'x'), karim);
		await watch.flush();
		expect(writes).toHaveLength(1);
		expect(writes[0]!.rows).toEqual([
			expect.objectContaining({ section: 'Calendrier', added: 1, authors: [karim.userId] })
		]);
	});

	it('reads the document only once it changes, as it was just before', async () => {
		const doc = protocol();
		const walk = vi.spyOn(doc.getXmlFragment(EDITOR_FIELD), 'toArray');
		watch = log.watch('doc1', doc);
		// Watching a document nobody edits (or syncing a client that brings nothing) walks nothing.
		expect(walk).not.toHaveBeenCalled();
		doc.transact(() => blockText(doc, 1).insert(0, 'Tout '), karim);
		expect(walk).toHaveBeenCalled();
		await watch.flush();
		expect(writes[0]!.rows).toEqual([
			expect.objectContaining({ section: 'Contexte', added: 5, authors: [karim.userId] })
		]);
	});

	it('names a section added at the top level after its author', async () => {
		const doc = protocol();
		watch = log.watch('doc1', doc);
		doc.transact(() => {
			const h = new Y.XmlElement('heading');
			h.setAttribute('level', 2 as unknown as string);
			h.insert(0, [new Y.XmlText('Budget')]);
			const fragment = doc.getXmlFragment(EDITOR_FIELD);
			fragment.insert(fragment.length, [h]);
		}, sophie);
		await watch.flush();
		expect(writes[0]!.rows).toEqual([
			expect.objectContaining({ kind: 'text', section: 'Budget', authors: [sophie.userId] })
		]);
	});
});

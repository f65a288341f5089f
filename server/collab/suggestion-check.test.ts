import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { DELETE_MARK, INSERT_MARK } from '../../src/lib/editor/suggestions/marks';
import { suggestionViolation } from './suggestion-check';

const schema = editorSchema();
const mark = (author: string, id = 'c1') => ({ id, author, authorName: author, time: 1 });

/** The server's document: one paragraph "Budget 2026", with Léa's pending insertion " TTC". */
function serverDoc(): Y.Doc {
	return prosemirrorJSONToYDoc(
		schema,
		{
			type: 'doc',
			content: [
				{
					type: 'paragraph',
					content: [
						{ type: 'text', text: 'Budget 2026' },
						{ type: 'text', text: ' TTC', marks: [{ type: INSERT_MARK, attrs: mark('lea', 'l1') }] }
					]
				}
			]
		},
		EDITOR_FIELD
	);
}

/** The update a client synced with `server` produces by `edit` on the paragraph's text. */
function updateBy(server: Y.Doc, edit: (text: Y.XmlText, doc: Y.Doc) => void): Uint8Array {
	const client = new Y.Doc();
	Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
	const before = Y.encodeStateVector(client);
	const paragraph = client.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement;
	client.transact(() => edit(paragraph.get(0) as Y.XmlText, client));
	return Y.encodeStateAsUpdate(client, before);
}

type Edit = (text: Y.XmlText, doc: Y.Doc) => void;

describe('a comment-role update may only carry its author’s own suggestions', () => {
	it.each<[string, Edit, string | null]>([
		[
			'inserts text with their insertion mark',
			(t: Y.XmlText) => t.insert(6, ' prévisionnel', { [INSERT_MARK]: mark('karim') }),
			null
		],
		[
			'strikes text with their deletion mark',
			(t: Y.XmlText) => t.format(0, 6, { [DELETE_MARK]: mark('karim') }),
			null
		],
		[
			'replaces: strike and insert in one change',
			(t: Y.XmlText) => {
				t.format(7, 4, { [DELETE_MARK]: mark('karim') });
				t.insert(11, '2027', { [INSERT_MARK]: mark('karim') });
			},
			null
		],
		[
			'types plain text (a direct edit)',
			(t: Y.XmlText) => t.insert(0, 'Vandal '),
			'not_a_suggestion'
		],
		['deletes text', (t: Y.XmlText) => t.delete(0, 7), 'not_a_suggestion'],
		['withdraws Léa’s insertion', (t: Y.XmlText) => t.delete(11, 4), 'not_a_suggestion'],
		[
			'writes under Léa’s name (forged author)',
			(t: Y.XmlText) => t.insert(0, 'X', { [INSERT_MARK]: mark('lea') }),
			'not_a_suggestion'
		],
		[
			'strikes under Léa’s name',
			(t: Y.XmlText) => t.format(0, 6, { [DELETE_MARK]: mark('lea') }),
			'not_a_suggestion'
		],
		[
			'claims existing text as their insertion',
			(t: Y.XmlText) => t.format(0, 6, { [INSERT_MARK]: mark('karim') }),
			'not_a_suggestion'
		],
		['makes text bold', (t: Y.XmlText) => t.format(0, 6, { bold: {} }), 'not_a_suggestion'],
		[
			'adds a paragraph',
			(_t: Y.XmlText, doc: Y.Doc) =>
				doc.getXmlFragment(EDITOR_FIELD).push([new Y.XmlElement('paragraph')]),
			'not_a_suggestion'
		],
		[
			'writes to another shared type',
			(_t: Y.XmlText, doc: Y.Doc) => doc.getMap('meta').set('x', 1),
			'outside_body'
		]
	])('%s → %s', (_name, edit, expected) => {
		const server = serverDoc();
		const before = Y.encodeStateAsUpdate(server);
		expect(suggestionViolation(server, updateBy(server, edit), 'karim')).toBe(expected);
		// Checking never changes the live document.
		expect(Y.encodeStateAsUpdate(server)).toEqual(before);
	});

	it('lets the author withdraw their own pending suggestion', () => {
		const server = serverDoc();
		expect(
			suggestionViolation(
				server,
				updateBy(server, (t) => t.delete(11, 4)),
				'lea'
			)
		).toBeNull();
	});

	it('refuses an update that does not decode', () => {
		expect(suggestionViolation(serverDoc(), new Uint8Array([1, 2, 3, 250, 7]), 'karim')).toBe(
			'unreadable'
		);
	});
});

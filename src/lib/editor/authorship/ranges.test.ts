import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../extensions';
import {
	authorRanges,
	authorsInOrder,
	authorsPerBlock,
	clientRanges,
	unknownClients,
	type AuthorRange
} from './ranges';
import { RESTORED_FIELD, trackRestoredAuthors } from './restored';

const schema = editorSchema();
const isLeaf = (name: string) => schema.nodes[name]?.isLeaf ?? false;

/** Léa = client 1, Karim = client 2; client 3 (before the feature) has no owner. */
const OWNERS = new Map([
	[1, 'lea'],
	[2, 'karim']
]);

function docOf(client: number): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = client;
	return doc;
}

function sync(...docs: Y.Doc[]): void {
	for (const from of docs)
		for (const to of docs) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from));
}

/** The first paragraph's text of `doc` (y-prosemirror keeps one Y.XmlText per run of text). */
function firstText(doc: Y.Doc, block = 0): Y.XmlText {
	const element = doc.getXmlFragment(EDITOR_FIELD).get(block) as Y.XmlElement;
	return element.get(0) as Y.XmlText;
}

function seeded(client: number, paragraphs: string[]): Y.Doc {
	const doc = docOf(client);
	prosemirrorJSONToYXmlFragment(
		schema,
		{
			type: 'doc',
			content: paragraphs.map((text) => ({
				type: 'paragraph',
				content: text ? [{ type: 'text', text }] : []
			}))
		},
		doc.getXmlFragment(EDITOR_FIELD)
	);
	return doc;
}

/** "author: text" for each range, read back through the editor schema. */
function read(doc: Y.Doc): string[] {
	const body = doc.getXmlFragment(EDITOR_FIELD);
	const node = yXmlFragmentToProseMirrorRootNode(body, schema);
	const { ranges, size } = clientRanges(body, isLeaf);
	expect(size).toBe(node.content.size);
	return authorRanges(ranges, OWNERS).map(
		(range) => `${range.author ?? '?'}: ${node.textBetween(range.from, range.to, '|', '#')}`
	);
}

/** An undo manager on the body that records whose text its undos and redos give back. */
function undoerOf(doc: Y.Doc): Y.UndoManager {
	const undo = new Y.UndoManager(doc.getXmlFragment(EDITOR_FIELD), { captureTimeout: 0 });
	trackRestoredAuthors(undo);
	return undo;
}

describe('who wrote what (Yjs items → author ranges)', () => {
	it.each<[string, () => Y.Doc, string[]]>([
		['one author', () => seeded(1, ['Contexte du territoire']), ['lea: Contexte du territoire']],
		[
			'text written before the feature has no owner',
			() => seeded(3, ['Texte ancien']),
			['?: Texte ancien']
		],
		[
			'a second author types inside the first one’s sentence',
			() => {
				const lea = seeded(1, ['Budget annuel']);
				const karim = docOf(2);
				sync(lea, karim);
				firstText(karim).insert(7, 'participatif ');
				sync(lea, karim);
				return lea;
			},
			['lea: Budget ', 'karim: participatif ', 'lea: annuel']
		],
		[
			'deleted text is nobody’s',
			() => {
				const lea = seeded(1, ['Un texte à revoir']);
				const karim = docOf(2);
				sync(lea, karim);
				firstText(karim).delete(2, 6);
				firstText(karim).insert(2, ' ');
				sync(lea, karim);
				return karim;
			},
			['lea: Un', 'karim:  ', 'lea:  à revoir']
		],
		[
			'concurrent inserts at one place converge, each keeps its author',
			() => {
				const lea = seeded(1, ['AB']);
				const karim = docOf(2);
				sync(lea, karim);
				firstText(lea).insert(1, 'lea');
				firstText(karim).insert(1, 'karim');
				sync(lea, karim);
				expect(read(lea)).toEqual(read(karim));
				return lea;
			},
			['lea: Alea', 'karim: karim', 'lea: B']
		],
		[
			'paragraphs and an unknown client between two authors',
			() => {
				const old = seeded(3, ['Ancien', '']);
				const lea = docOf(1);
				sync(old, lea);
				const empty = lea.getXmlFragment(EDITOR_FIELD).get(1) as Y.XmlElement;
				const text = new Y.XmlText();
				empty.insert(0, [text]);
				text.insert(0, 'Nouveau');
				return lea;
			},
			['?: Ancien', 'lea: Nouveau']
		],
		[
			'formatting is not authorship (a bold run keeps its writer)',
			() => {
				const lea = seeded(1, ['Fort et clair']);
				const karim = docOf(2);
				sync(lea, karim);
				firstText(karim).format(0, 4, { bold: true });
				sync(lea, karim);
				return lea;
			},
			['lea: Fort et clair']
		],
		[
			'undoing a deletion of one’s own text gives it back to its writer',
			() => {
				const lea = seeded(1, ['Garder ceci']);
				const undo = new Y.UndoManager(lea.getXmlFragment(EDITOR_FIELD), { captureTimeout: 0 });
				firstText(lea).delete(0, 7);
				undo.undo();
				return lea;
			},
			['lea: Garder ceci']
		],
		[
			'undoing a deletion of someone else’s text gives it back to its writer, not the undoer',
			() => {
				const lea = seeded(1, ['Un texte à revoir']);
				const karim = docOf(2);
				sync(lea, karim);
				const undo = undoerOf(karim);
				firstText(karim).delete(2, 6);
				undo.undo();
				sync(lea, karim);
				expect(read(karim)).toEqual(read(lea));
				return lea;
			},
			['lea: Un texte à revoir']
		],
		[
			'a restored run keeps its writer when typed into, deleted again and restored again',
			() => {
				const lea = seeded(1, ['Un texte à revoir']);
				const karim = docOf(2);
				sync(lea, karim);
				const undo = undoerOf(karim);
				firstText(karim).delete(0, 8);
				undo.undo();
				undo.redo();
				undo.undo();
				sync(lea, karim);
				firstText(lea).insert(3, 'petit ');
				firstText(karim).insert(1, 'n');
				sync(lea, karim);
				expect(read(karim)).toEqual(read(lea));
				return lea;
			},
			['lea: U', 'karim: n', 'lea: n petit texte à revoir']
		],
		[
			'a deleted paragraph of two writers comes back with both',
			() => {
				const lea = seeded(1, ['Premier', 'Second']);
				const karim = docOf(2);
				sync(lea, karim);
				firstText(karim, 1).insert(6, ' ajout');
				const undo = undoerOf(karim);
				karim.getXmlFragment(EDITOR_FIELD).delete(1, 1);
				undo.undo();
				sync(lea, karim);
				return lea;
			},
			['lea: Premier', 'lea: Second', 'karim:  ajout']
		],
		[
			'undoing and redoing one’s own insertion keeps it one’s own',
			() => {
				const lea = seeded(1, ['Texte']);
				const karim = docOf(2);
				sync(lea, karim);
				const undo = undoerOf(karim);
				firstText(karim).insert(5, ' de Karim');
				undo.undo();
				undo.redo();
				sync(lea, karim);
				expect(karim.getMap(RESTORED_FIELD).size).toBe(0);
				return lea;
			},
			['lea: Texte', 'karim:  de Karim']
		],
		[
			'undoing a formatting change writes nothing: formatting is nobody’s text',
			() => {
				const lea = seeded(1, ['Fort et clair']);
				firstText(lea).format(0, 4, { bold: true });
				const karim = docOf(2);
				sync(lea, karim);
				const undo = undoerOf(karim);
				firstText(karim).format(0, 4, { bold: null });
				undo.undo();
				sync(lea, karim);
				expect(karim.getMap(RESTORED_FIELD).size).toBe(0);
				expect(firstText(lea).toDelta()[0]).toMatchObject({ attributes: { bold: true } });
				return lea;
			},
			['lea: Fort et clair']
		],
		[
			'an undo racing with the writer’s own edits converges with the right writers',
			() => {
				const lea = seeded(1, ['Alpha Beta']);
				const karim = docOf(2);
				sync(lea, karim);
				const undo = undoerOf(karim);
				firstText(karim).delete(0, 6);
				sync(lea, karim);
				firstText(lea).insert(4, ' Gamma');
				undo.undo();
				firstText(lea).delete(0, 4);
				sync(lea, karim);
				expect(read(karim)).toEqual(read(lea));
				return lea;
			},
			['lea: Alpha  Gamma']
		]
	])('%s', (_name, build, expected) => {
		expect(read(build())).toEqual(expected);
	});

	it('counts a leaf node (an image) as one position of its inserter', () => {
		const doc = docOf(2);
		prosemirrorJSONToYXmlFragment(
			schema,
			{
				type: 'doc',
				content: [
					{ type: 'paragraph', content: [{ type: 'text', text: 'Avant' }] },
					{ type: 'horizontalRule' },
					{ type: 'paragraph', content: [{ type: 'text', text: 'Après' }] }
				]
			},
			doc.getXmlFragment(EDITOR_FIELD)
		);
		const body = doc.getXmlFragment(EDITOR_FIELD);
		const { ranges, size } = clientRanges(body, isLeaf);
		expect(size).toBe(yXmlFragmentToProseMirrorRootNode(body, schema).content.size);
		// "Avant" 1–6, the rule at 7, "Après" 9–14: all written by client 2.
		expect(ranges).toEqual([
			{ from: 1, to: 6, client: 2 },
			{ from: 7, to: 8, client: 2 },
			{ from: 9, to: 14, client: 2 }
		]);
	});

	it('lists the client ids without an owner, the authors in order and per block', () => {
		const ranges = [
			{ from: 1, to: 4, client: 2 },
			{ from: 4, to: 6, client: 9 },
			{ from: 8, to: 10, client: 1 }
		];
		expect([...unknownClients(ranges, OWNERS)]).toEqual([9]);
		const authors: AuthorRange[] = authorRanges(ranges, OWNERS);
		expect(authorsInOrder(authors)).toEqual(['karim', null, 'lea']);
		expect(
			authorsPerBlock(authors, [
				{ from: 0, to: 7 },
				{ from: 7, to: 11 },
				{ from: 11, to: 13 }
			])
		).toEqual([['karim', null], ['lea'], []]);
	});
});

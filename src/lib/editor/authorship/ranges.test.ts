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

/**
 * Images and attached files in the Yjs document: two people inserting images in the same
 * paragraph at the same time both keep theirs and end with the same document; the nodes survive
 * the schema round trip with their attributes.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from '@tiptap/pm/state';
import {
	initProseMirrorDoc,
	prosemirrorJSONToYDoc,
	updateYFragment,
	yXmlFragmentToProseMirrorRootNode
} from '@tiptap/y-tiptap';
import type { Node as PMNode } from '@tiptap/pm/model';
import { EDITOR_FIELD, editorSchema } from '../extensions';
import { FILE_NODE, IMAGE_NODE } from './nodes';
import { blockInsertPosition, insertMedia } from './commands';

const schema = editorSchema();
const START = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Titre' }] },
		{ type: 'paragraph', content: [{ type: 'text', text: 'Avant la salle, après la salle.' }] }
	]
};

/** What an editor does: a ProseMirror change on the current document, written into Yjs. */
function edit(ydoc: Y.Doc, change: (state: EditorState) => EditorState['tr']) {
	const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
	const { doc, mapping } = initProseMirrorDoc(fragment, schema);
	const next = change(EditorState.create({ schema, doc })).doc;
	ydoc.transact(() => updateYFragment(ydoc, fragment, next, { mapping, isOMark: new Map() }));
}

const image = (file: string, alt: string) =>
	schema.nodes[IMAGE_NODE]!.create({ file, alt, width: 800, height: 600 });

function paragraphPos(doc: PMNode, text: string): number {
	let found = -1;
	doc.descendants((node, pos) => {
		if (found < 0 && node.isText && node.text?.includes(text))
			found = pos + node.text.indexOf(text);
	});
	return found;
}

const sync = (a: Y.Doc, b: Y.Doc) => {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

const json = (ydoc: Y.Doc) =>
	yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(EDITOR_FIELD), schema).toJSON();

describe('images in a shared document', () => {
	it('two people inserting an image in the same paragraph converge, both images kept', () => {
		const alice = prosemirrorJSONToYDoc(schema, START, EDITOR_FIELD);
		const bob = new Y.Doc();
		Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice));

		// Each with the cursor at a different place of the same paragraph.
		edit(alice, (state) => {
			const at = paragraphPos(state.doc, 'après');
			return insertMedia(state, [image('aaaaaaaaaaaaaaa', 'Plan de la salle')], at)!;
		});
		edit(bob, (state) => {
			const at = paragraphPos(state.doc, 'la salle,');
			return insertMedia(state, [image('bbbbbbbbbbbbbbb', 'Photo de groupe')], at)!;
		});
		sync(alice, bob);

		expect(json(alice)).toEqual(json(bob));
		const images: string[] = [];
		let text = '';
		schema.nodeFromJSON(json(alice)).descendants((node) => {
			if (node.type.name === IMAGE_NODE) images.push(String(node.attrs.alt));
			if (node.isText) text += node.text;
		});
		expect(images.sort()).toEqual(['Photo de groupe', 'Plan de la salle']);
		expect(text).toBe('TitreAvant la salle, après la salle.'); // no text lost
	});

	it('goes after the block holding the cursor, at the deepest level that accepts it', () => {
		const doc = schema.nodeFromJSON({
			type: 'doc',
			content: [
				{
					type: 'bulletList',
					content: [
						{
							type: 'listItem',
							content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Point' }] }]
						}
					]
				},
				{ type: 'budgetPart', content: [] }
			]
		});
		const img = image('eeeeeeeeeeeeeee', 'x');
		// Inside the list item's paragraph: after that paragraph, still in the item.
		expect(blockInsertPosition(doc.resolve(4), img)).toBe(9);
		const state = EditorState.create({ schema, doc });
		const tr = insertMedia(state, [img], 4)!;
		expect(tr.doc.child(0).child(0).child(1).type.name).toBe(IMAGE_NODE);
	});

	it('keeps the attributes of images and files through Yjs', () => {
		const content = {
			type: 'doc',
			content: [
				{
					type: IMAGE_NODE,
					attrs: { file: 'ccccccccccccccc', alt: 'Carte', width: 1200, height: 900 }
				},
				{
					type: FILE_NODE,
					attrs: { file: 'ddddddddddddddd', name: 'budget.xlsx', size: 2048, mime: 'x' }
				}
			]
		};
		const ydoc = prosemirrorJSONToYDoc(schema, content, EDITOR_FIELD);
		expect(json(ydoc)).toEqual(schema.nodeFromJSON(content).toJSON());
	});
});

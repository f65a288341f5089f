import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import {
	initProseMirrorDoc,
	updateYFragment,
	yXmlFragmentToProseMirrorRootNode
} from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../extensions';
import { createDocumentState } from '../template-state';
import { protocolTemplate, type ProseMirrorJSON } from '../../domain/templates/protocol';
import {
	FIELD_NODE,
	PART_FIELDS,
	PART_KINDS,
	PART_NODES,
	type PartKind
} from '../../domain/structured-parts';
import { addRow, createRow, moveRow, removeRow, rowInput, setEnjeu } from './commands';

const schema = editorSchema();

function row(kind: PartKind, texts: string[], attrs?: Record<string, string>): ProseMirrorJSON {
	return {
		type: PART_NODES[kind].row,
		...(attrs ? { attrs } : {}),
		content: PART_FIELDS[kind].map((name, i) => ({
			type: FIELD_NODE,
			attrs: { name },
			...(texts[i] ? { content: [{ type: 'text', text: texts[i] }] } : {})
		}))
	};
}

/** A document with every part filled with one or two rows. */
const FILLED: ProseMirrorJSON = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Protocole' }] },
		{
			type: PART_NODES.enjeux.block,
			content: [row('enjeux', ['Toucher les jeunes'], { enjeu: 'diversification' })]
		},
		{ type: PART_NODES.copil.block, content: [row('copil', ['Hélène Dubois', 'Mairie', 'élu·e'])] },
		{
			type: PART_NODES.calendar.block,
			content: [row('calendar', ['Tirage au sort', '12/03/2027', 'Sophie'])]
		},
		{
			type: PART_NODES.budget.block,
			content: [
				row('budget', ['Animation', '1 500,50', 'Région']),
				row('budget', ['Indemnités', 'douze', ''])
			]
		},
		{ type: PART_NODES.indicators.block, content: [row('indicators', ['Taux', '5 %', '15 %', ''])] }
	]
};

/** One editor bound to a Y.Doc the way y-prosemirror's sync plugin does it, without a view. */
class Peer {
	readonly ydoc = new Y.Doc();
	state!: EditorState;
	private meta!: ReturnType<typeof initProseMirrorDoc>['meta'];

	constructor(update: Uint8Array) {
		Y.applyUpdate(this.ydoc, update);
		this.reload();
	}

	get fragment() {
		return this.ydoc.getXmlFragment(EDITOR_FIELD);
	}

	/** Reads the Y.Doc again, as the sync plugin does after remote changes. */
	reload() {
		const { doc, meta } = initProseMirrorDoc(this.fragment, schema);
		this.state = EditorState.create({ schema, doc });
		this.meta = meta;
	}

	apply(build: (state: EditorState) => Transaction | null) {
		const tr = build(this.state);
		if (!tr) throw new Error('command refused');
		this.state = this.state.apply(tr);
		this.ydoc.transact(() => updateYFragment(this.ydoc, this.fragment, this.state.doc, this.meta));
	}

	type(text: string, at: number) {
		this.apply((state) => state.tr.insertText(text, at));
	}
}

function sync(a: Peer, b: Peer) {
	Y.applyUpdate(a.ydoc, Y.encodeStateAsUpdate(b.ydoc, Y.encodeStateVector(a.ydoc)));
	Y.applyUpdate(b.ydoc, Y.encodeStateAsUpdate(a.ydoc, Y.encodeStateVector(b.ydoc)));
	a.reload();
	b.reload();
}

function blockPos(doc: PMNode, kind: PartKind): number {
	let found = -1;
	doc.descendants((node, pos) => {
		if (node.type.name === PART_NODES[kind].block) found = pos;
		return found < 0;
	});
	if (found < 0) throw new Error(`no ${kind} part`);
	return found;
}

/** Position of the row `index` of a part. */
function rowPos(doc: PMNode, kind: PartKind, index: number): number {
	const start = blockPos(doc, kind);
	const block = doc.nodeAt(start)!;
	let pos = start + 1;
	for (let i = 0; i < index; i++) pos += block.child(i).nodeSize;
	return pos;
}

/** Position at the end of the text of field `field` of row `index`. */
function fieldEnd(doc: PMNode, kind: PartKind, index: number, field: number): number {
	const start = rowPos(doc, kind, index);
	const rowNode = doc.nodeAt(start)!;
	let pos = start + 1;
	for (let i = 0; i < field; i++) pos += rowNode.child(i).nodeSize;
	return pos + 1 + rowNode.child(field).content.size;
}

function budgetRows(doc: PMNode) {
	return (doc.nodeAt(blockPos(doc, 'budget'))?.content.content ?? []).map(
		(r) => rowInput(r).fields
	);
}

describe('structured parts schema', () => {
	it('knows every part, row and field node in Node', () => {
		expect(typeof document).toBe('undefined');
		for (const kind of PART_KINDS) {
			expect(schema.nodes[PART_NODES[kind].block], kind).toBeDefined();
			expect(schema.nodes[PART_NODES[kind].row], kind).toBeDefined();
		}
		expect(schema.nodes[FIELD_NODE]).toBeDefined();
	});

	it('refuses a row with the wrong number of fields', () => {
		const bad = { type: 'doc', content: [{ type: 'budgetPart', content: [row('copil', [])] }] };
		expect(() => schema.nodeFromJSON(bad).check()).toThrow();
		const short = {
			type: 'doc',
			content: [
				{ type: 'budgetPart', content: [{ type: 'budgetLine', content: [{ type: FIELD_NODE }] }] }
			]
		};
		expect(() => schema.nodeFromJSON(short).check()).toThrow();
	});

	it.each([
		['filled parts', FILLED],
		['protocol template', protocolTemplate('fr')],
		['protocol template (en)', protocolTemplate('en')]
	])('round-trips %s: ProseMirror → Y.Doc → ProseMirror → Y.Doc', (_name, json) => {
		const first = new Y.Doc();
		Y.applyUpdate(first, createDocumentState(json));
		const node = yXmlFragmentToProseMirrorRootNode(first.getXmlFragment(EDITOR_FIELD), schema);
		expect(node.toJSON()).toEqual(schema.nodeFromJSON(json).toJSON());
		const second = new Y.Doc();
		Y.applyUpdate(second, createDocumentState(node.toJSON() as ProseMirrorJSON));
		expect(second.getXmlFragment(EDITOR_FIELD).toJSON()).toEqual(
			first.getXmlFragment(EDITOR_FIELD).toJSON()
		);
	});
});

describe('row commands', () => {
	const fresh = () => EditorState.create({ schema, doc: schema.nodeFromJSON(FILLED) });

	it('creates empty rows with named fields', () => {
		expect(createRow(schema, 'budget').toJSON()).toEqual(row('budget', []));
		expect(createRow(schema, 'enjeux').attrs.enjeu).toBe('');
	});

	it('adds a row at the end and puts the cursor in its first field', () => {
		const state = fresh();
		const next = state.apply(addRow(state, blockPos(state.doc, 'budget'))!);
		expect(budgetRows(next.doc).map((r) => r.item)).toEqual(['Animation', 'Indemnités', '']);
		expect(next.selection.$from.parent.type.name).toBe(FIELD_NODE);
		expect(next.selection.from).toBe(fieldEnd(next.doc, 'budget', 2, 0));
		expect(addRow(state, rowPos(state.doc, 'budget', 0))).toBeNull();
	});

	it('removes and reorders rows', () => {
		const state = fresh();
		const moved = state.apply(moveRow(state, rowPos(state.doc, 'budget', 1), -1)!);
		expect(budgetRows(moved.doc).map((r) => r.item)).toEqual(['Indemnités', 'Animation']);
		const back = moved.apply(moveRow(moved, rowPos(moved.doc, 'budget', 0), 1)!);
		expect(budgetRows(back.doc).map((r) => r.item)).toEqual(['Animation', 'Indemnités']);
		expect(moveRow(state, rowPos(state.doc, 'budget', 0), -1)).toBeNull();
		expect(moveRow(state, rowPos(state.doc, 'budget', 1), 1)).toBeNull();
		const removed = state.apply(removeRow(state, rowPos(state.doc, 'budget', 0))!);
		expect(budgetRows(removed.doc)).toEqual([{ item: 'Indemnités', amount: 'douze', funder: '' }]);
	});

	it('sets the enjeu of a row, nothing else', () => {
		const state = fresh();
		const next = state.apply(setEnjeu(state, rowPos(state.doc, 'enjeux', 0), 'confiance')!);
		expect(rowInput(next.doc.nodeAt(rowPos(next.doc, 'enjeux', 0))!)).toEqual({
			fields: { why: 'Toucher les jeunes' },
			enjeu: 'confiance'
		});
		expect(setEnjeu(state, rowPos(state.doc, 'budget', 0), 'confiance')).toBeNull();
	});
});

describe('concurrent editing of the budget (two Y.Docs with the editor schema)', () => {
	it('keeps a row added by one and text typed by the other in an existing cell', () => {
		const initial = createDocumentState(FILLED);
		const a = new Peer(initial);
		const b = new Peer(initial);
		a.apply((state) => addRow(state, blockPos(state.doc, 'budget')));
		a.type('Location de salle', a.state.selection.from);
		b.type(' et facilitation', fieldEnd(b.state.doc, 'budget', 0, 0));
		sync(a, b);
		expect(a.state.doc.toJSON()).toEqual(b.state.doc.toJSON());
		expect(budgetRows(a.state.doc)).toEqual([
			{ item: 'Animation et facilitation', amount: '1 500,50', funder: 'Région' },
			{ item: 'Indemnités', amount: 'douze', funder: '' },
			{ item: 'Location de salle', amount: '', funder: '' }
		]);
	});

	it('keeps both texts when two people type in the same cell', () => {
		const initial = createDocumentState(FILLED);
		const a = new Peer(initial);
		const b = new Peer(initial);
		a.type(' (Camille)', fieldEnd(a.state.doc, 'budget', 0, 2));
		b.type(' (Karim)', fieldEnd(b.state.doc, 'budget', 0, 2));
		// Meanwhile both also type in the same amount cell: the merge is visible, never dropped.
		a.type('0', fieldEnd(a.state.doc, 'budget', 0, 1));
		b.type('9', fieldEnd(b.state.doc, 'budget', 0, 1));
		sync(a, b);
		expect(a.state.doc.toJSON()).toEqual(b.state.doc.toJSON());
		const [first] = budgetRows(a.state.doc);
		expect(first?.funder).toContain(' (Camille)');
		expect(first?.funder).toContain(' (Karim)');
		expect(first?.funder).toHaveLength('Région (Camille) (Karim)'.length);
		expect(first?.amount).toMatch(/^1 500,50(09|90)$/);
		expect(b.state.doc.check()).toBeUndefined();
	});

	it('keeps both rows when both add one at the same time', () => {
		const initial = createDocumentState(FILLED);
		const a = new Peer(initial);
		const b = new Peer(initial);
		a.apply((state) => addRow(state, blockPos(state.doc, 'budget')));
		a.type('Affiches', a.state.selection.from);
		b.apply((state) => addRow(state, blockPos(state.doc, 'budget')));
		b.type('Traduction', b.state.selection.from);
		sync(a, b);
		expect(a.state.doc.toJSON()).toEqual(b.state.doc.toJSON());
		const items = budgetRows(a.state.doc).map((r) => r.item);
		expect(items).toHaveLength(4);
		expect(items).toEqual(expect.arrayContaining(['Affiches', 'Traduction']));
	});
});

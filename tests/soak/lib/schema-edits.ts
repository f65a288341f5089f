/**
 * Random schema-valid edits on a Trame document, as ProseMirror transactions: text inserts and
 * deletes, bold/italic, paragraph splits and merges, list items, table rows and cell text,
 * structured-part rows (through the app's own `addRow`/`removeRow`). Every result is checked
 * against the schema before it is used, so a fuzz run only ever writes documents the editor
 * itself could produce.
 */
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { canJoin, canSplit } from '@tiptap/pm/transform';
import { addRow, removeRow } from '../../../src/lib/editor/structured/commands';
import { partKindOfBlock, partKindOfRow } from '../../../src/lib/domain/structured-parts';
import { protocolTemplate, type ProseMirrorJSON } from '../../../src/lib/domain/templates/protocol';
import type { Rng } from './rng';

export const EDIT_KINDS = [
	'insert-text',
	'delete-text',
	'bold',
	'italic',
	'split',
	'merge',
	'add-list-item',
	'remove-list-item',
	'add-table-row',
	'remove-table-row',
	'add-part-row',
	'remove-part-row'
] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

const WORDS = [
	'budget',
	'vote',
	'quartier',
	'atelier',
	'tirage',
	'jury',
	'1 500,50',
	'été',
	'ε',
	'🌱'
];

function paragraph(text: string): ProseMirrorJSON {
	return { type: 'paragraph', content: [{ type: 'text', text }] };
}

/** The French protocol template plus a list and a table, so every edit kind has a target. */
export function fuzzInitialDocument(): ProseMirrorJSON {
	const template = protocolTemplate('fr', 'Protocole de convergence');
	const cell = (type: 'tableCell' | 'tableHeader', text: string): ProseMirrorJSON => ({
		type,
		content: [paragraph(text)]
	});
	const row = (type: 'tableCell' | 'tableHeader', texts: string[]): ProseMirrorJSON => ({
		type: 'tableRow',
		content: texts.map((text) => cell(type, text))
	});
	return {
		...template,
		content: [
			...(template.content ?? []),
			{
				type: 'bulletList',
				content: ['un', 'deux', 'trois'].map((text) => ({
					type: 'listItem',
					content: [paragraph(`Point ${text}`)]
				}))
			},
			{
				type: 'table',
				content: [
					row('tableHeader', ['Acteur', 'Rôle']),
					row('tableCell', ['Mairie', 'Pilote']),
					row('tableCell', ['Habitants', 'Jury'])
				]
			}
		]
	};
}

interface Located {
	node: PMNode;
	pos: number;
}

function collect(doc: PMNode, keep: (node: PMNode, parent: PMNode | null) => boolean): Located[] {
	const found: Located[] = [];
	doc.descendants((node, pos, parent) => {
		if (keep(node, parent)) found.push({ node, pos });
	});
	return found;
}

/** A random range inside one textblock: [from, to] in document positions. */
function textRange(rng: Rng, doc: PMNode, filter: (node: PMNode) => boolean) {
	const blocks = collect(doc, (node) => node.isTextblock && filter(node));
	if (blocks.length === 0) return null;
	const { node, pos } = rng.pick(blocks);
	const size = node.content.size;
	const a = rng.int(0, size);
	const b = rng.int(0, size);
	return { from: pos + 1 + Math.min(a, b), to: pos + 1 + Math.max(a, b), node };
}

function build(rng: Rng, state: EditorState, kind: EditKind): Transaction | null {
	const { doc, schema } = state;
	const tr = state.tr;
	switch (kind) {
		case 'insert-text': {
			const range = textRange(rng, doc, () => true);
			if (!range) return null;
			return tr.insertText(`${rng.pick(WORDS)} `, range.from);
		}
		case 'delete-text': {
			const range = textRange(rng, doc, (node) => node.content.size > 0);
			if (!range || range.from === range.to) return null;
			return tr.delete(range.from, Math.min(range.to, range.from + rng.int(1, 12)));
		}
		case 'bold':
		case 'italic': {
			const mark = schema.marks[kind]!;
			const range = textRange(rng, doc, (node) => node.type.allowsMarkType(mark));
			if (!range || range.from === range.to) return null;
			return rng.chance(0.5)
				? tr.addMark(range.from, range.to, mark.create())
				: tr.removeMark(range.from, range.to, mark);
		}
		case 'split': {
			const range = textRange(rng, doc, (node) => node.type.name === 'paragraph');
			if (!range || !canSplit(doc, range.from)) return null;
			return tr.split(range.from);
		}
		case 'merge': {
			// Two sibling paragraphs joined into one (Backspace at the start of the second).
			const joins = collect(doc, (node) => node.type.name === 'paragraph')
				.map(({ pos }) => pos)
				.filter((pos) => {
					const $pos = doc.resolve(pos);
					return $pos.nodeBefore?.type.name === 'paragraph' && canJoin(doc, pos);
				});
			if (joins.length === 0) return null;
			return tr.join(rng.pick(joins));
		}
		case 'add-list-item': {
			const lists = collect(doc, (node) => node.type.name === 'bulletList');
			if (lists.length === 0) return null;
			const { node, pos } = rng.pick(lists);
			let at = pos + 1;
			const index = rng.int(0, node.childCount);
			for (let i = 0; i < index; i++) at += node.child(i).nodeSize;
			const item = schema.nodes.listItem!.create(
				null,
				schema.nodes.paragraph!.create(null, schema.text(`Point ${rng.pick(WORDS)}`))
			);
			return tr.insert(at, item);
		}
		case 'remove-list-item': {
			const items = collect(
				doc,
				(node, parent) => node.type.name === 'listItem' && (parent?.childCount ?? 0) > 1
			);
			if (items.length === 0) return null;
			const { node, pos } = rng.pick(items);
			return tr.delete(pos, pos + node.nodeSize);
		}
		case 'add-table-row': {
			const rows = collect(doc, (node) => node.type.name === 'tableRow');
			if (rows.length === 0) return null;
			const { node, pos } = rng.pick(rows);
			const cells: PMNode[] = [];
			node.forEach((cell) =>
				cells.push(
					schema.nodes.tableCell!.create(
						cell.attrs,
						schema.nodes.paragraph!.create(null, schema.text(rng.pick(WORDS)))
					)
				)
			);
			return tr.insert(pos + node.nodeSize, schema.nodes.tableRow!.create(null, cells));
		}
		case 'remove-table-row': {
			const rows = collect(
				doc,
				(node, parent) => node.type.name === 'tableRow' && (parent?.childCount ?? 0) > 1
			);
			if (rows.length === 0) return null;
			const { node, pos } = rng.pick(rows);
			return tr.delete(pos, pos + node.nodeSize);
		}
		case 'add-part-row': {
			const blocks = collect(doc, (node) => partKindOfBlock(node.type.name) !== null);
			if (blocks.length === 0) return null;
			const { pos } = rng.pick(blocks);
			const added = addRow(state, pos);
			if (!added) return null;
			// Fill the new row's first field, like someone adding a budget line does.
			return added.insertText(rng.pick(WORDS), added.selection.from);
		}
		case 'remove-part-row': {
			const rows = collect(doc, (node) => partKindOfRow(node.type.name) !== null);
			if (rows.length === 0) return null;
			return removeRow(state, rng.pick(rows).pos);
		}
	}
}

/**
 * One random edit on `doc`: the new document and the edit's kind, or null when the chosen kind
 * has no target here. Throws if a transaction ever produces a schema-invalid document.
 */
export function randomEdit(
	rng: Rng,
	schema: Schema,
	doc: PMNode,
	/** Rewrites the edit (suggestion mode); null drops it. */
	rewrite?: (tr: Transaction, state: EditorState) => Transaction | null
): { doc: PMNode; kind: EditKind } | null {
	const kind = rng.pick(EDIT_KINDS);
	const state = EditorState.create({ schema, doc });
	const built = build(rng, state, kind);
	if (!built || !built.docChanged) return null;
	const tr = rewrite ? rewrite(built, state) : built;
	if (!tr || !tr.docChanged) return null;
	tr.doc.check();
	return { doc: tr.doc, kind };
}

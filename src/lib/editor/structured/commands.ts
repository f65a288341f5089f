/**
 * Row operations on structured parts as ProseMirror transactions (no DOM: used by the node views
 * and by the tests). Positions are the positions of the block or row node itself.
 */
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import {
	FIELD_NODE,
	PART_FIELDS,
	PART_NODES,
	partKindOfBlock,
	partKindOfRow,
	type PartKind,
	type RowInput
} from '../../domain/structured-parts';

/** An empty row of a part, its fields named in display order. */
export function createRow(schema: Schema, kind: PartKind): PMNode {
	const fields = PART_FIELDS[kind].map((name) => schema.nodes[FIELD_NODE]!.create({ name }));
	return schema.nodes[PART_NODES[kind].row]!.create(null, fields);
}

/** What a row holds, its fields read by position (the schema fixes their order). */
export function rowInput(row: PMNode): RowInput {
	const kind = partKindOfRow(row.type.name);
	const names: readonly string[] = kind ? PART_FIELDS[kind] : [];
	const fields: Record<string, string> = {};
	row.forEach((field, _offset, index) => {
		const name = names[index];
		if (name) fields[name] = field.textContent;
	});
	return kind === 'enjeux' ? { fields, enjeu: String(row.attrs.enjeu ?? '') } : { fields };
}

/** Appends an empty row to the part at `blockPos` and puts the cursor in its first field. */
export function addRow(state: EditorState, blockPos: number): Transaction | null {
	const block = state.doc.nodeAt(blockPos);
	const kind = block ? partKindOfBlock(block.type.name) : null;
	if (!block || !kind) return null;
	const insertAt = blockPos + block.nodeSize - 1;
	const tr = state.tr.insert(insertAt, createRow(state.schema, kind));
	// insertAt is the row's start; +1 enters the row, +1 enters its first field.
	return tr.setSelection(TextSelection.create(tr.doc, insertAt + 2)).scrollIntoView();
}

export function removeRow(state: EditorState, rowPos: number): Transaction | null {
	const row = state.doc.nodeAt(rowPos);
	if (!row || !partKindOfRow(row.type.name)) return null;
	return state.tr.delete(rowPos, rowPos + row.nodeSize);
}

/**
 * Swaps the row at `rowPos` with its previous (-1) or next (+1) sibling. In Yjs this deletes and
 * re-inserts the two rows: text someone types in them at that very moment may be lost, unlike
 * typing anywhere else.
 */
export function moveRow(state: EditorState, rowPos: number, direction: -1 | 1): Transaction | null {
	const row = state.doc.nodeAt(rowPos);
	if (!row || !partKindOfRow(row.type.name)) return null;
	const $row = state.doc.resolve(rowPos);
	const index = $row.index();
	const sibling = $row.parent.maybeChild(index + direction);
	if (!sibling) return null;
	const from = direction === -1 ? rowPos - sibling.nodeSize : rowPos;
	const to = direction === -1 ? rowPos + row.nodeSize : rowPos + row.nodeSize + sibling.nodeSize;
	const swapped = direction === -1 ? [row, sibling] : [sibling, row];
	const tr = state.tr.replaceWith(from, to, swapped);
	const newRowPos = direction === -1 ? from : from + sibling.nodeSize;
	return tr.setSelection(TextSelection.create(tr.doc, newRowPos + 2));
}

export function setEnjeu(state: EditorState, rowPos: number, enjeu: string): Transaction | null {
	const row = state.doc.nodeAt(rowPos);
	if (!row || row.type.name !== PART_NODES.enjeux.row) return null;
	return state.tr.setNodeMarkup(rowPos, undefined, { ...row.attrs, enjeu });
}

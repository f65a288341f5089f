/**
 * Where images and files go: never inside a paragraph (splitting a paragraph while someone else
 * splits it too would duplicate its end in Yjs), but right after the block holding the cursor, at
 * the deepest level that accepts them (inside a list item or a table cell, after a structured
 * part). Pure ProseMirror: used by the toolbar, paste and drop, and the tests.
 */
import type { Node as PMNode, ResolvedPos } from '@tiptap/pm/model';
import { NodeSelection, type EditorState, type Transaction } from '@tiptap/pm/state';

/** The position right after the block around `$pos` where `node` may be inserted. */
export function blockInsertPosition($pos: ResolvedPos, node: PMNode): number {
	for (let depth = $pos.depth; depth >= 1; depth--) {
		const parent = $pos.node(depth - 1);
		const index = $pos.index(depth - 1) + 1;
		if (parent.canReplaceWith(index, index, node.type)) return $pos.after(depth);
	}
	return $pos.doc.content.size;
}

/** Inserts media nodes after the block holding the selection (or `at`), and selects the last. */
export function insertMedia(
	state: EditorState,
	nodes: readonly PMNode[],
	at?: number
): Transaction | null {
	if (nodes.length === 0) return null;
	const $pos = at === undefined ? state.selection.$to : state.doc.resolve(at);
	// An image or file that is itself selected: insert after it.
	const pos =
		state.selection instanceof NodeSelection && at === undefined
			? state.selection.to
			: blockInsertPosition($pos, nodes[0]!);
	const tr = state.tr.insert(pos, nodes);
	const last = pos + nodes.slice(0, -1).reduce((sum, n) => sum + n.nodeSize, 0);
	return tr.setSelection(NodeSelection.create(tr.doc, last)).scrollIntoView();
}

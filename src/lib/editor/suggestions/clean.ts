/**
 * The text as accepted so far: pending insertions left out, pending deletions kept as ordinary
 * text. What "clean" exports and publications show (suggestions are proposals, not the text).
 */
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import { DELETE_MARK, INSERT_MARK } from './marks';

export function withoutPendingChanges(node: ProseMirrorJSON): ProseMirrorJSON {
	if (!node.content) return node;
	const content: ProseMirrorJSON[] = [];
	for (const child of node.content) {
		if (child.marks?.some((m) => m.type === INSERT_MARK)) continue;
		const marks = child.marks?.filter((m) => m.type !== DELETE_MARK);
		const next = withoutPendingChanges({ ...child, ...(child.marks ? { marks } : {}) });
		if (next.marks?.length === 0) delete next.marks;
		content.push(next);
	}
	return { ...node, content };
}

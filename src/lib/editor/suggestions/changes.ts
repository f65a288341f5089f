/**
 * The pending tracked changes of a document, read from its marks, and the edits that accept or
 * reject them. Accepting an insertion keeps the text without the mark, accepting a deletion
 * removes the text; rejecting does the opposite. Both are ordinary edits of the document, sent
 * through the collaboration path like any other.
 */
import type { Mark, Node } from '@tiptap/pm/model';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { DELETE_MARK, INSERT_MARK } from './marks';

export interface ChangeSegment {
	kind: 'insert' | 'delete';
	/** The mark itself: accepting or rejecting removes exactly this one. */
	mark: Mark;
	from: number;
	to: number;
	text: string;
}

export interface TrackedChange {
	id: string;
	author: string;
	authorName: string;
	time: number;
	/** Where the change starts and ends in the document. */
	from: number;
	to: number;
	inserted: string;
	deleted: string;
	segments: ChangeSegment[];
}

/** Meta set on accept/reject transactions: suggestion mode lets them through untracked. */
export const RESOLVE_META = 'trameSuggestionResolve';

/** Pending changes in document order (by where each starts). */
export function trackedChanges(doc: Node): TrackedChange[] {
	const byId = new Map<string, TrackedChange>();
	doc.descendants((node, pos) => {
		if (!node.isInline) return true;
		for (const mark of node.marks) {
			const kind =
				mark.type.name === INSERT_MARK
					? 'insert'
					: mark.type.name === DELETE_MARK
						? 'delete'
						: null;
			if (!kind) continue;
			const id = String(mark.attrs.id);
			let change = byId.get(id);
			if (!change) {
				change = {
					id,
					author: String(mark.attrs.author),
					authorName: String(mark.attrs.authorName),
					time: Number(mark.attrs.time) || 0,
					from: pos,
					to: pos + node.nodeSize,
					inserted: '',
					deleted: '',
					segments: []
				};
				byId.set(id, change);
			}
			const text = node.isText ? node.text! : '\u00a0';
			const last = change.segments.at(-1);
			if (last && last.kind === kind && last.to === pos && last.mark.eq(mark)) {
				last.to = pos + node.nodeSize;
				last.text += text;
			} else change.segments.push({ kind, mark, from: pos, to: pos + node.nodeSize, text });
			if (kind === 'insert') change.inserted += text;
			else change.deleted += text;
			change.to = Math.max(change.to, pos + node.nodeSize);
		}
		return false;
	});
	return [...byId.values()].sort((a, b) => a.from - b.from);
}

/**
 * Whether some text of the change lies in [from, to): "accept / reject in the selection" resolves
 * every change the selection touches, whole (a change is one decision, as on its card).
 */
export function touchesRange(change: TrackedChange, from: number, to: number): boolean {
	return from < to && change.segments.some((s) => s.from < to && s.to > from);
}

/**
 * The transaction accepting or rejecting the given changes (null when none is pending), or
 * applying `decision` to every change `pick` selects.
 */
export function resolveChanges(
	state: EditorState,
	pick: (change: TrackedChange) => boolean,
	decision: 'accept' | 'reject'
): Transaction | null {
	const segments = trackedChanges(state.doc)
		.filter(pick)
		.flatMap((change) => change.segments)
		.sort((a, b) => b.from - a.from);
	if (segments.length === 0) return null;
	const tr = state.tr;
	// From the end: each edit leaves the positions before it unchanged.
	for (const segment of segments) {
		const keep = (segment.kind === 'insert') === (decision === 'accept');
		if (keep) tr.removeMark(segment.from, segment.to, segment.mark);
		else tr.delete(segment.from, segment.to);
	}
	return tr.setMeta(RESOLVE_META, decision).setMeta('addToHistory', true);
}

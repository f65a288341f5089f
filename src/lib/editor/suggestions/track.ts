/**
 * Suggestion mode as a pure rewrite of ProseMirror transactions: what the person typed becomes
 * text with their insertion mark, what they deleted stays in place with their deletion mark
 * (their own pending insertions are really removed: editing one's own proposal). Only inline
 * text changes are tracked; a change of structure (new paragraph, list, formatting) is refused
 * in suggestion mode rather than written untracked, so that what a commenter's client sends is
 * always acceptable to the collaboration server (server/collab/suggestion-check.ts).
 */
import { Fragment, type Mark, type Node, type Schema, type Slice } from '@tiptap/pm/model';
import { TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Mapping, ReplaceStep } from '@tiptap/pm/transform';
import { DELETE_MARK, INSERT_MARK, type SuggestionAttrs } from './marks';

export interface SuggestionAuthor {
	id: string;
	name: string;
}

export interface TrackContext {
	author: SuggestionAuthor;
	now: number;
	newId: () => string;
}

function isSuggestionMark(mark: Mark): boolean {
	return mark.type.name === INSERT_MARK || mark.type.name === DELETE_MARK;
}

function ownMark(node: Node | null | undefined, type: string, author: string): Mark | null {
	const mark = node?.marks.find((m) => m.type.name === type);
	return mark && mark.attrs.author === author ? mark : null;
}

/** True when `pos` falls between the two halves of a character outside the BMP (an emoji). */
function splitsCharacter(doc: Node, pos: number): boolean {
	const $pos = doc.resolve(pos);
	const before = $pos.nodeBefore?.text;
	const after = $pos.nodeAfter?.text;
	return Boolean(
		before && after && /[\uD800-\uDBFF]$/.test(before) && /^[\uDC00-\uDFFF]/.test(after)
	);
}

/** The inline content a slice inserts, or null when it changes the structure. */
export function inlineContent(slice: Slice): Fragment | null {
	if (slice.size === 0) return Fragment.empty;
	let content = slice.content;
	if (slice.openStart !== slice.openEnd) return null;
	for (let depth = 0; depth < slice.openStart; depth++) {
		if (content.childCount !== 1) return null;
		content = content.firstChild!.content;
	}
	let inline = true;
	content.forEach((node) => {
		if (!node.isInline) inline = false;
	});
	return inline ? content : null;
}

function markedContent(content: Fragment, mark: Mark): Fragment {
	const nodes: Node[] = [];
	content.forEach((node) => {
		const kept = node.marks.filter((m) => !isSuggestionMark(m));
		nodes.push(node.mark(mark.addToSet(kept)));
	});
	return Fragment.fromArray(nodes);
}

function suggestionMark(schema: Schema, type: string, attrs: SuggestionAttrs): Mark {
	return schema.marks[type]!.create(attrs);
}

/**
 * The transaction to dispatch instead of `tr` in suggestion mode, or null when it cannot be
 * tracked (refused). Transactions that do not change the document pass unchanged.
 */
export function trackTransaction(
	tr: Transaction,
	state: EditorState,
	context: TrackContext
): Transaction | null {
	if (!tr.docChanged) return tr;
	const { author, now } = context;
	const schema = state.schema;
	const out = state.tr;
	let cursor: { pos: number; steps: number } | null = null;
	for (let i = 0; i < tr.steps.length; i++) {
		const step = tr.steps[i];
		if (!(step instanceof ReplaceStep)) return null;
		const content = inlineContent(step.slice);
		if (content === null) return null;
		// Positions of step i are in tr.docs[i]: back to the original document, then forward.
		const back = new Mapping(tr.mapping.maps.slice(0, i)).invert();
		const from = out.mapping.map(back.map(step.from, -1), -1);
		const to = Math.max(from, out.mapping.map(back.map(step.to, 1), 1));
		const doc = out.doc;
		// A mark boundary inside a character would split it in two (Yjs then stores U+FFFD).
		if (splitsCharacter(doc, from) || splitsCharacter(doc, to)) return null;
		const $to = doc.resolve(to);
		const insertAt = $to.parent.inlineContent ? to : from;
		const host = doc.resolve(insertAt).parent;
		// Where marks are not allowed (some structured fields), text could only go in untracked.
		if (
			content.size > 0 &&
			(!host.inlineContent || !host.type.allowsMarkType(schema.marks[INSERT_MARK]!))
		)
			return null;

		let changeId: string | null = null;
		if (content.size > 0) {
			const before = ownMark(doc.resolve(insertAt).nodeBefore, INSERT_MARK, author.id);
			const attrs: SuggestionAttrs = before
				? (before.attrs as SuggestionAttrs)
				: { id: context.newId(), author: author.id, authorName: author.name, time: now };
			changeId = attrs.id;
			out.insert(insertAt, markedContent(content, suggestionMark(schema, INSERT_MARK, attrs)));
			cursor = { pos: insertAt + content.size, steps: out.steps.length };
		}

		if (to > from) {
			const neighbour =
				ownMark(doc.resolve(from).nodeBefore, DELETE_MARK, author.id) ??
				ownMark(doc.resolve(to).nodeAfter, DELETE_MARK, author.id);
			const attrs: SuggestionAttrs =
				changeId !== null
					? { id: changeId, author: author.id, authorName: author.name, time: now }
					: neighbour
						? (neighbour.attrs as SuggestionAttrs)
						: { id: context.newId(), author: author.id, authorName: author.name, time: now };
			const mark = suggestionMark(schema, DELETE_MARK, attrs);
			const removals: [number, number][] = [];
			doc.nodesBetween(from, to, (node, pos) => {
				if (!node.isInline) return true;
				const start = Math.max(pos, from);
				const end = Math.min(pos + node.nodeSize, to);
				if (end <= start) return false;
				if (ownMark(node, INSERT_MARK, author.id)) removals.push([start, end]);
				else if (!node.marks.some((m) => m.type.name === DELETE_MARK))
					out.addMark(start, end, mark);
				return false;
			});
			for (const [start, end] of removals.reverse()) out.delete(start, end);
			if (content.size === 0) {
				// Backspace leaves the caret before the struck text; Delete, after it.
				const backward = state.selection.empty && state.selection.head >= to;
				cursor = { pos: backward ? from : to, steps: out.steps.length - removals.length };
			}
		}
	}
	if (cursor) {
		const pos = new Mapping(out.mapping.maps.slice(cursor.steps)).map(cursor.pos);
		out.setSelection(TextSelection.create(out.doc, Math.min(pos, out.doc.content.size)));
	}
	if (tr.scrolledIntoView) out.scrollIntoView();
	if (tr.storedMarksSet) out.setStoredMarks(tr.storedMarks);
	return out;
}

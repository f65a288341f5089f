/**
 * What a comment-role socket may write: suggestions, nothing else. The update is applied to a
 * throwaway copy of the document and both versions are read through the editor schema; once the
 * author's own pending suggestions are taken out of each (their inserted text removed, their
 * deletion marks lifted), the two must be identical. So the update may add text carrying THEIR
 * insertion mark, strike text with THEIR deletion mark, and withdraw their own pending
 * suggestions; it may not change anyone's text, marks or structure, write under someone else's
 * name, or touch any shared type other than the document body.
 */
import * as Y from 'yjs';
import type { Node, Schema } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { DELETE_MARK, INSERT_MARK } from '../../src/lib/editor/suggestions/marks';

export type SuggestionViolation = 'outside_body' | 'not_a_suggestion' | 'unreadable';

let schema: Schema | null = null;

interface JsonNode {
	type: string;
	text?: string;
	attrs?: Record<string, unknown>;
	marks?: { type: string; attrs?: Record<string, unknown> }[];
	content?: JsonNode[];
}

/**
 * The document without `author`'s pending suggestions, adjacent equal text runs merged, keys in
 * one order (so that two equal documents serialise alike).
 */
function withoutOwnSuggestions(node: JsonNode, author: string): JsonNode {
	const canonical: JsonNode = { type: node.type, attrs: node.attrs ?? {}, marks: node.marks ?? [] };
	if (node.text !== undefined) {
		canonical.text = node.text;
		return canonical;
	}
	const content: JsonNode[] = [];
	for (const child of node.content ?? []) {
		const marks = child.marks ?? [];
		if (marks.some((m) => m.type === INSERT_MARK && m.attrs?.author === author)) continue;
		const kept = marks.filter((m) => !(m.type === DELETE_MARK && m.attrs?.author === author));
		const next = withoutOwnSuggestions({ ...child, marks: kept }, author);
		const last = content.at(-1);
		if (
			last?.text !== undefined &&
			next.text !== undefined &&
			JSON.stringify(last.marks) === JSON.stringify(next.marks)
		) {
			last.text += next.text;
		} else content.push(next);
	}
	canonical.content = content;
	return canonical;
}

function bodyOf(ydoc: Y.Doc): Node {
	schema ??= editorSchema();
	return yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(EDITOR_FIELD), schema);
}

/** The editor schema the check reads documents through (built once). */
export function checkSchema(): Schema {
	schema ??= editorSchema();
	return schema;
}

/**
 * One top-level block as the whole-document check sees it (`withoutOwnSuggestions` of the
 * document is the list of these, blocks carrying no marks), serialised for comparison.
 */
export function canonicalBlock(block: Node, author: string): string {
	return JSON.stringify(
		withoutOwnSuggestions({ ...(block.toJSON() as JsonNode), marks: [] }, author)
	);
}

/** Null when `update` only adds, strikes or withdraws `author`'s own suggestions. */
export function suggestionViolation(
	ydoc: Y.Doc,
	update: Uint8Array,
	author: string
): SuggestionViolation | null {
	// Both sides are read from copies: reading through the schema may repair (write) a Y.Doc.
	const state = Y.encodeStateAsUpdate(ydoc);
	const original = new Y.Doc();
	Y.applyUpdate(original, state);
	const probe = new Y.Doc();
	Y.applyUpdate(probe, state);
	const body = probe.getXmlFragment(EDITOR_FIELD);
	let outside = false;
	probe.on('afterTransaction', (transaction: Y.Transaction) => {
		for (const type of transaction.changed.keys()) {
			let root = type;
			while (root._item?.parent instanceof Y.AbstractType) root = root._item.parent as typeof type;
			if ((root as unknown) !== body) outside = true;
		}
	});
	try {
		Y.applyUpdate(probe, update);
		if (outside) return 'outside_body';
		const before = withoutOwnSuggestions(bodyOf(original).toJSON() as JsonNode, author);
		const after = withoutOwnSuggestions(bodyOf(probe).toJSON() as JsonNode, author);
		return JSON.stringify(before) === JSON.stringify(after) ? null : 'not_a_suggestion';
	} catch {
		return 'unreadable';
	} finally {
		original.destroy();
		probe.destroy();
	}
}

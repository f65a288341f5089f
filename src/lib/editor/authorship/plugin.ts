/**
 * Decorations of "Qui a écrit quoi": one inline decoration per author range, never in the
 * document (a plugin's state, mapped through edits between two readings, replaced by each new
 * reading). The spec keeps the author so that the text under the cursor can be named.
 */
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Node } from '@tiptap/pm/model';
import type { AuthorRange } from './ranges';

export const authorshipKey = new PluginKey<DecorationSet>('authorship');

export interface AuthorStyle {
	/** Index into the palette (`author-<n>`), or null for "auteur inconnu". */
	index: number | null;
	name: string;
}

export interface AuthorSpec {
	author: string | null;
}

export function authorDecorations(
	doc: Node,
	ranges: readonly AuthorRange[],
	styleOf: (author: string | null) => AuthorStyle,
	describe: (name: string) => string
): DecorationSet {
	const decorations: Decoration[] = [];
	const max = doc.content.size;
	for (const range of ranges) {
		if (range.from >= range.to || range.to > max) continue;
		const style = styleOf(range.author);
		decorations.push(
			Decoration.inline(
				range.from,
				range.to,
				{
					class: `author-mark ${style.index === null ? 'author-unknown' : `author-${style.index % 8}`}`,
					title: style.name,
					'aria-description': describe(style.name)
				},
				{ author: range.author } satisfies AuthorSpec
			)
		);
	}
	return DecorationSet.create(doc, decorations);
}

export function authorshipPlugin(): Plugin<DecorationSet> {
	return new Plugin<DecorationSet>({
		key: authorshipKey,
		state: {
			init: () => DecorationSet.empty,
			apply(tr: Transaction, set: DecorationSet) {
				const next = tr.getMeta(authorshipKey) as DecorationSet | undefined;
				return next ?? set.map(tr.mapping, tr.doc);
			}
		},
		props: {
			decorations: (state: EditorState) => authorshipKey.getState(state)
		}
	});
}

/** The author of the text at `pos` (undefined: no decoration there). */
export function authorAt(state: EditorState, pos: number): string | null | undefined {
	const set = authorshipKey.getState(state);
	if (!set) return undefined;
	const found = set.find(Math.max(0, pos - 1), pos + 1);
	const exact = found.find((d) => d.from <= pos && pos <= d.to) ?? found[0];
	return exact ? (exact.spec as AuthorSpec).author : undefined;
}

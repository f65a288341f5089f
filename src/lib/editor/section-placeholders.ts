/**
 * Placeholders of empty paragraphs, as ProseMirror decorations (never document content): an empty
 * paragraph right under a template heading, in a section with no text yet, shows that section's
 * guidance (see src/lib/domain/templates/placeholders.ts); the empty paragraph holding the cursor
 * shows a generic "start writing" line. Shown only while the editor is editable.
 */
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { placeholderAfter, type TemplatePrompt } from '../domain/templates/placeholders';
import { partKindOfBlock } from '../domain/structured-parts';

export interface SectionPlaceholderOptions {
	prompts: readonly TemplatePrompt[];
	/** Shown in the empty paragraph holding the cursor when it has no prompt of its own. */
	generic: string;
}

export const sectionPlaceholderKey = new PluginKey<DecorationSet>('trameSectionPlaceholders');

const isEmptyParagraph = (node: PMNode) => node.type.name === 'paragraph' && node.childCount === 0;

/**
 * True when the section from block `index` on (up to the next heading) has no text of its own:
 * its structured parts aside (they show their own guidance), it is all empty paragraphs. Once
 * text is written there (typed, imported or an adopted decision written back below the empty
 * paragraph the template left), the section's guidance is no longer shown above it.
 */
function sectionHasNoText(doc: PMNode, index: number): boolean {
	for (let i = index; i < doc.childCount; i++) {
		const node = doc.child(i);
		if (node.type.name === 'heading') return true;
		if (partKindOfBlock(node.type.name) !== null) continue;
		if (node.textContent.trim() !== '' || node.type.name !== 'paragraph') return false;
	}
	return true;
}

/** The guidance of the top-level empty paragraphs, by position (pure: tested without a DOM). */
export function sectionPrompts(
	doc: PMNode,
	prompts: readonly TemplatePrompt[]
): Map<number, string> {
	const found = new Map<number, string>();
	if (prompts.length === 0) return found;
	let previous: PMNode | null = null;
	doc.forEach((node, offset, index) => {
		if (
			isEmptyParagraph(node) &&
			previous?.type.name === 'heading' &&
			sectionHasNoText(doc, index + 1)
		) {
			const text = placeholderAfter(prompts, {
				text: previous.textContent,
				isTitle: index === 1 && previous.attrs.level === 1
			});
			if (text) found.set(offset, text);
		}
		previous = node;
	});
	return found;
}

function decorations(
	state: EditorState,
	prompts: Map<number, string>,
	generic: string
): DecorationSet {
	const list: Decoration[] = [];
	for (const [pos, text] of prompts) {
		const node = state.doc.nodeAt(pos);
		if (!node) continue;
		list.push(
			Decoration.node(pos, pos + node.nodeSize, {
				class: 'is-empty has-prompt',
				'data-placeholder': text
			})
		);
	}
	const { $from, empty } = state.selection;
	if (generic && empty && $from.depth >= 1 && isEmptyParagraph($from.parent)) {
		const pos = $from.before();
		if (!prompts.has(pos))
			list.push(
				Decoration.node(pos, pos + $from.parent.nodeSize, {
					class: 'is-empty',
					'data-placeholder': generic
				})
			);
	}
	return DecorationSet.create(state.doc, list);
}

export const SectionPlaceholders = Extension.create<SectionPlaceholderOptions>({
	name: 'trameSectionPlaceholders',
	addOptions: () => ({ prompts: [], generic: '' }),
	addProseMirrorPlugins() {
		const { prompts, generic } = this.options;
		const editor = this.editor;
		return [
			new Plugin<Map<number, string>>({
				key: new PluginKey('trameSectionPrompts'),
				state: {
					init: (_, state) => sectionPrompts(state.doc, prompts),
					apply: (tr, previous, _old, state) =>
						tr.docChanged ? sectionPrompts(state.doc, prompts) : previous
				},
				props: {
					decorations(state) {
						if (!editor.isEditable) return DecorationSet.empty;
						return decorations(state, this.getState(state) ?? new Map(), generic);
					}
				}
			})
		];
	}
});

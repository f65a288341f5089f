/**
 * A live document read as its sections' accepted text and its pending tracked changes, through
 * the editor schema (for the change log). Accepted text: pending insertions left out, pending
 * deletions kept, as the clean exports read it. Sections start at each heading of level 1 or 2.
 */
import type * as Y from 'yjs';
import type { Node, Schema } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { DELETE_MARK, INSERT_MARK } from '../../src/lib/editor/suggestions/marks';
import type { SectionText } from '../../src/lib/domain/section-changes';

export interface PendingSuggestion {
	author: string;
	authorName: string;
	/** Index in `sections`. */
	section: number;
	text: string;
}

export interface DocumentReading {
	sections: SectionText[];
	/** For each top-level block, the index of its section. */
	blockSection: number[];
	pending: Map<string, PendingSuggestion>;
}

let schema: Schema | null = null;

function isSectionHeading(node: Node): boolean {
	return node.type.name === 'heading' && Number(node.attrs.level) <= 2;
}

export function readDocument(ydoc: Y.Doc): DocumentReading {
	schema ??= editorSchema();
	const root = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(EDITOR_FIELD), schema);
	const sections: SectionText[] = [{ title: '', text: '' }];
	const blockSection: number[] = [];
	const pending = new Map<string, PendingSuggestion>();
	root.forEach((block) => {
		if (isSectionHeading(block)) {
			sections.push({ title: block.textContent.trim(), text: '' });
			blockSection.push(sections.length - 1);
			return;
		}
		const section = sections.length - 1;
		blockSection.push(section);
		let text = '';
		block.descendants((node) => {
			if (node.isBlock && text !== '') text += '\n';
			if (!node.isText) return true;
			const inserted = node.marks.find((m) => m.type.name === INSERT_MARK);
			const deleted = node.marks.find((m) => m.type.name === DELETE_MARK);
			for (const mark of [inserted, deleted]) {
				if (!mark) continue;
				const id = String(mark.attrs.id);
				const known = pending.get(id);
				if (known) known.text += node.text;
				else
					pending.set(id, {
						author: String(mark.attrs.author),
						authorName: String(mark.attrs.authorName),
						section,
						text: node.text ?? ''
					});
			}
			if (!inserted) text += node.text;
			return false;
		});
		const current = sections[section]!;
		current.text += (current.text ? '\n' : '') + text;
	});
	return { sections, blockSection, pending };
}

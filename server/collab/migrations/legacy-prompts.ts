/**
 * Schema 3 migration of a live document: the template prompts that older documents hold as real
 * italic text, and that nobody has touched, are deleted, leaving the empty paragraph where the
 * editor now shows them as placeholders (src/lib/domain/templates/placeholders.ts).
 *
 * Done on the live Y.Doc as one Yjs transaction of deletions: the prompt paragraphs keep their
 * identity (comment anchors around them stay valid), every other edit is kept, and connected or
 * offline editors merge it like any other change. Never rebuilt from HTML or JSON.
 */
import * as Y from 'yjs';
import { EDITOR_FIELD } from '../../../src/lib/editor/extensions';
import { allPromptTexts } from '../../../src/lib/domain/templates/placeholders';

/** Transaction origin of migrations (persisted and broadcast like any update). */
export const MIGRATION_ORIGIN = Symbol('migration');

/** The untouched prompt text of a top-level paragraph, if it is one (see `isLegacyPrompt`). */
function legacyPromptText(node: Y.XmlElement | Y.XmlText): Y.XmlText | null {
	if (!(node instanceof Y.XmlElement) || node.nodeName !== 'paragraph') return null;
	if (node.length !== 1) return null;
	const only = node.get(0);
	if (!(only instanceof Y.XmlText)) return null;
	const delta = only.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
	if (delta.length !== 1) return null;
	const [run] = delta;
	if (typeof run!.insert !== 'string') return null;
	const marks = Object.keys(run!.attributes ?? {});
	if (marks.length !== 1 || marks[0] !== 'italic') return null;
	const text = run!.insert;
	return text === text.trim() && allPromptTexts().has(text) ? only : null;
}

/** Deletes every untouched legacy prompt's text in one transaction; returns how many. */
export function removeLegacyPrompts(ydoc: Y.Doc): number {
	const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
	const texts: Y.XmlText[] = [];
	for (const child of fragment.toArray()) {
		const text = legacyPromptText(child as Y.XmlElement | Y.XmlText);
		if (text) texts.push(text);
	}
	if (texts.length === 0) return 0;
	ydoc.transact(() => {
		for (const text of texts) text.delete(0, text.length);
	}, MIGRATION_ORIGIN);
	return texts.length;
}

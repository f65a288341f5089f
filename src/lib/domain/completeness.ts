/**
 * Which sections of a protocol are still empty, read from the document's ProseMirror JSON. A
 * section is an H2 and what follows it up to the next H2. It is empty when it holds nothing but
 * blank paragraphs (where the editor shows the template's placeholder), a template prompt still
 * stored as text by an older document, and structured parts with no filled row. Pure.
 */
import type { ProseMirrorJSON } from './templates/protocol';
import { allPromptTexts } from './templates/placeholders';
import {
	FIELD_NODE,
	PART_FIELDS,
	partKindOfBlock,
	partKindOfRow,
	rowIsBlank
} from './structured-parts';

export interface SectionStatus {
	/** The heading's text, e.g. "8. Calendrier". */
	title: string;
	/** Index of the heading among the document's top-level nodes (to jump to it). */
	nodeIndex: number;
	empty: boolean;
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

function textOf(node: ProseMirrorJSON): string {
	return node.text ?? (node.content ?? []).map(textOf).join('');
}

function rowHasContent(row: ProseMirrorJSON): boolean {
	const kind = partKindOfRow(row.type);
	const names: readonly string[] = kind ? PART_FIELDS[kind] : [];
	const fields: Record<string, string> = {};
	(row.content ?? [])
		.filter((child) => child.type === FIELD_NODE)
		.forEach((field, i) => (fields[names[i] ?? String(i)] = textOf(field)));
	return !rowIsBlank({
		fields,
		enjeu: typeof row.attrs?.enjeu === 'string' ? row.attrs.enjeu : ''
	});
}

/** True when a node inside a section adds something beyond the template. */
function hasContent(node: ProseMirrorJSON, prompts: ReadonlySet<string>): boolean {
	if (partKindOfBlock(node.type)) return (node.content ?? []).some(rowHasContent);
	if (node.type === 'horizontalRule') return false;
	const text = normalize(textOf(node));
	if (text === '') return false;
	return !(node.type === 'paragraph' && prompts.has(text));
}

export function sectionCompleteness(
	doc: ProseMirrorJSON,
	prompts: ReadonlySet<string> = allPromptTexts()
): SectionStatus[] {
	const sections: SectionStatus[] = [];
	(doc.content ?? []).forEach((node, nodeIndex) => {
		if (node.type === 'heading' && node.attrs?.level === 2) {
			sections.push({ title: normalize(textOf(node)), nodeIndex, empty: true });
			return;
		}
		const current = sections[sections.length - 1];
		if (current?.empty && hasContent(node, prompts)) current.empty = false;
	});
	return sections;
}

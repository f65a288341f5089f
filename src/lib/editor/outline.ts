/**
 * The document's outline: its headings with their positions, and which one the cursor is under.
 * Pure over ProseMirror nodes (no DOM), so it is tested in Node.
 */
import type { Node as PMNode } from '@tiptap/pm/model';

export interface OutlineEntry {
	level: number;
	text: string;
	/** Position of the heading node. */
	pos: number;
}

export function outlineOf(doc: PMNode): OutlineEntry[] {
	const entries: OutlineEntry[] = [];
	doc.forEach((node, pos) => {
		if (node.type.name !== 'heading') return;
		const text = node.textContent.replace(/\s+/g, ' ').trim();
		if (text) entries.push({ level: Number(node.attrs.level), text, pos });
	});
	return entries;
}

/** Index of the heading whose section holds `pos` (the last one at or before it), or -1. */
export function currentEntry(entries: readonly OutlineEntry[], pos: number): number {
	let current = -1;
	entries.forEach((entry, index) => {
		if (entry.pos <= pos) current = index;
	});
	return current;
}

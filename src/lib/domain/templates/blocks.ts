/**
 * Small builders of ProseMirror JSON for the document templates. Only nodes and marks of the
 * editor schema (src/lib/editor/extensions.ts): headings 1–3, paragraphs, bullet/ordered lists,
 * tables, bold/italic.
 */
import type { ProseMirrorJSON, ProseMirrorMark } from './protocol';

export const text = (value: string, marks?: ProseMirrorMark[]): ProseMirrorJSON =>
	marks ? { type: 'text', text: value, marks } : { type: 'text', text: value };

export const heading = (level: 1 | 2 | 3, value: string): ProseMirrorJSON => ({
	type: 'heading',
	attrs: { level },
	content: [text(value)]
});

export const paragraph = (value = ''): ProseMirrorJSON =>
	value === '' ? { type: 'paragraph' } : { type: 'paragraph', content: [text(value)] };

/**
 * An empty paragraph where the authors write, with what to write as its placeholder: shown by the
 * editor while the paragraph is empty, never stored (see placeholders.ts).
 */
export const prompt = (value: string): ProseMirrorJSON => ({
	type: 'paragraph',
	placeholder: value
});

/** A paragraph starting with a bold label: "**Date :** …". */
export const labelled = (label: string, value = ''): ProseMirrorJSON => ({
	type: 'paragraph',
	content:
		value === ''
			? [text(label, [{ type: 'bold' }])]
			: [text(label, [{ type: 'bold' }]), text(` ${value}`)]
});

export const bulletList = (items: readonly string[]): ProseMirrorJSON => ({
	type: 'bulletList',
	content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] }))
});

const cell = (type: 'tableHeader' | 'tableCell', value: string): ProseMirrorJSON => ({
	type,
	content: [paragraph(value)]
});

/** A table with a header row and `rows` empty rows. */
export const table = (headers: readonly string[], rows = 2): ProseMirrorJSON => ({
	type: 'table',
	content: [
		{ type: 'tableRow', content: headers.map((h) => cell('tableHeader', h)) },
		...Array.from({ length: rows }, () => ({
			type: 'tableRow',
			content: headers.map(() => cell('tableCell', ''))
		}))
	]
});

export const doc = (content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'doc', content });

/**
 * A proposal taken from the protocol: the sections of a document (its H2 headings) and the plain
 * text of one section, read from the document's ProseMirror JSON. A section is its heading and
 * every block after it until the next heading of the same or a higher level (H1 or H2). The text
 * is what gets frozen (and hashed) as the proposal, so it must be deterministic: one line per
 * block, list items prefixed, table and structured-part rows rendered as their fields joined by
 * " | ". Pure: no TipTap or Yjs import.
 */
import type { ProseMirrorJSON } from './templates/protocol';
import { FIELD_NODE, partKindOfBlock, partKindOfRow } from './structured-parts';

export const SECTION_LEVEL = 2;

export interface DocumentSection {
	/** Position among the document's H2 headings (0 for the first). */
	index: number;
	heading: string;
}

export type SectionError = 'section_not_found' | 'section_changed' | 'section_empty';

export type SectionResult =
	{ ok: true; heading: string; text: string } | { ok: false; error: SectionError };

export interface SectionTextOptions {
	/** How an enjeu row's chosen challenge is written (its stored key by default). */
	enjeuLabel?: (value: string) => string;
}

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

function inlineText(node: ProseMirrorJSON): string {
	if (node.type === 'text') return node.text ?? '';
	if (node.type === 'hardBreak') return '\n';
	return (node.content ?? []).map(inlineText).join('');
}

function headingLevel(node: ProseMirrorJSON): number | null {
	if (node.type !== 'heading') return null;
	const level = Number(node.attrs?.level);
	return Number.isInteger(level) ? level : null;
}

/** The document's sections: its H2 headings, in order (empty headings are skipped). */
export function documentSections(doc: ProseMirrorJSON): DocumentSection[] {
	const sections: DocumentSection[] = [];
	let index = 0;
	for (const node of doc.content ?? []) {
		if (headingLevel(node) !== SECTION_LEVEL) continue;
		const heading = clean(inlineText(node));
		if (heading !== '') sections.push({ index, heading });
		index++;
	}
	return sections;
}

/** Row attributes written by decisions (an elected person's role and term on a COPIL seat). */
export const DECIDED_ROW_ATTRS = ['role', 'term'] as const;

function rowLine(row: ProseMirrorJSON, options: SectionTextOptions): string {
	const cells: string[] = [];
	const enjeu = row.attrs?.enjeu;
	if (typeof enjeu === 'string' && enjeu !== '') cells.push((options.enjeuLabel ?? String)(enjeu));
	for (const child of row.content ?? []) {
		const text = clean(child.type === FIELD_NODE ? inlineText(child) : blockText(child, options));
		if (text !== '') cells.push(text);
	}
	for (const name of DECIDED_ROW_ATTRS) {
		const value = row.attrs?.[name];
		if (typeof value === 'string' && clean(value) !== '') cells.push(clean(value));
	}
	return cells.join(' | ');
}

function listLines(node: ProseMirrorJSON, options: SectionTextOptions, depth: number): string[] {
	const ordered = node.type === 'orderedList';
	const start = Number(node.attrs?.start ?? 1) || 1;
	const indent = '  '.repeat(depth);
	const lines: string[] = [];
	(node.content ?? []).forEach((item, i) => {
		const marker = ordered ? `${start + i}.` : '-';
		let first = true;
		for (const child of item.content ?? []) {
			if (child.type === 'bulletList' || child.type === 'orderedList') {
				lines.push(...listLines(child, options, depth + 1));
				continue;
			}
			for (const line of blockLines(child, options, depth + 1)) {
				lines.push(first ? `${indent}${marker} ${line.trimStart()}` : line);
				first = false;
			}
		}
		if (first) lines.push(`${indent}${marker}`);
	});
	return lines;
}

function blockText(node: ProseMirrorJSON, options: SectionTextOptions): string {
	return blockLines(node, options, 0).join(' ');
}

/** The lines of one top-level block of a section (empty paragraphs give none). */
export function sectionBlockLines(
	node: ProseMirrorJSON,
	options: SectionTextOptions = {}
): string[] {
	return blockLines(node, options, 0);
}

/** The lines of one block (empty paragraphs give none). */
function blockLines(node: ProseMirrorJSON, options: SectionTextOptions, depth = 0): string[] {
	const indent = '  '.repeat(depth);
	switch (node.type) {
		case 'heading':
		case 'paragraph':
		case 'codeBlock': {
			const text = inlineText(node);
			return text.trim() === ''
				? []
				: text.split('\n').map((line) => `${indent}${line.replace(/\s+$/, '')}`);
		}
		case 'bulletList':
		case 'orderedList':
			return listLines(node, options, depth);
		case 'blockquote':
			return (node.content ?? []).flatMap((child) =>
				blockLines(child, options, depth).map((line) => `> ${line}`)
			);
		case 'horizontalRule':
			return [];
		case 'tableCell':
		case 'tableHeader': {
			const text = (node.content ?? []).flatMap((child) => blockLines(child, options)).join(' ');
			return text.trim() === '' ? [] : [`${indent}${text.trim()}`];
		}
		case 'table':
			return (node.content ?? [])
				.map((row) => rowLine(row, options))
				.filter((line) => line !== '')
				.map((line) => `${indent}${line}`);
		default: {
			if (partKindOfBlock(node.type) || partKindOfRow(node.type) === null) {
				// A structured part (or any unknown block): one line per row of fields.
				return (node.content ?? [])
					.map((row) => (row.type === 'text' ? clean(row.text ?? '') : rowLine(row, options)))
					.filter((line) => line !== '')
					.map((line) => `${indent}${line}`);
			}
			const line = rowLine(node, options);
			return line === '' ? [] : [`${indent}${line}`];
		}
	}
}

/**
 * The text of section `index`, checked against the heading the person chose (so a document edited
 * meanwhile is not frozen under the wrong heading).
 */
export function sectionText(
	doc: ProseMirrorJSON,
	choice: { index: number; heading: string },
	options: SectionTextOptions = {}
): SectionResult {
	const nodes = doc.content ?? [];
	let seen = -1;
	let start = -1;
	for (let i = 0; i < nodes.length; i++) {
		if (headingLevel(nodes[i]!) !== SECTION_LEVEL) continue;
		seen++;
		if (seen === choice.index) {
			start = i;
			break;
		}
	}
	if (start < 0) return { ok: false, error: 'section_not_found' };
	const heading = clean(inlineText(nodes[start]!));
	if (heading !== clean(choice.heading)) return { ok: false, error: 'section_changed' };
	const lines = [heading];
	for (let i = start + 1; i < nodes.length; i++) {
		const level = headingLevel(nodes[i]!);
		if (level !== null && level <= SECTION_LEVEL) break;
		lines.push(...blockLines(nodes[i]!, options));
	}
	if (heading === '') return { ok: false, error: 'section_empty' };
	return { ok: true, heading, text: lines.join('\n') };
}

/** The text of a heading as a section's first line (whitespace collapsed). */
export function headingLine(node: ProseMirrorJSON): string {
	return clean(inlineText(node));
}

/**
 * The section that starts at top-level node `start` (its heading, found by the caller, e.g.
 * through a Yjs anchor): the index of its first node after the heading, and the index after its
 * last node (the next heading of the same or a higher level, or the end of the document).
 */
export function sectionBoundsAt(
	doc: ProseMirrorJSON,
	start: number
): { start: number; end: number } | null {
	const nodes = doc.content ?? [];
	if (start < 0 || start >= nodes.length) return null;
	let end = start + 1;
	while (end < nodes.length) {
		const next = headingLevel(nodes[end]!);
		if (next !== null && next <= SECTION_LEVEL) break;
		end++;
	}
	return { start, end };
}

/** The text of the section whose heading is top-level node `start` (same form as sectionText). */
export function sectionTextAt(
	doc: ProseMirrorJSON,
	start: number,
	options: SectionTextOptions = {}
): string | null {
	const bounds = sectionBoundsAt(doc, start);
	if (!bounds) return null;
	const nodes = doc.content ?? [];
	const lines = [headingLine(nodes[start]!)];
	for (let i = start + 1; i < bounds.end; i++) lines.push(...blockLines(nodes[i]!, options));
	return lines.join('\n');
}

/** Index of the top-level node that is the heading of section `index` (its H2 count), or -1. */
export function sectionStartIndex(doc: ProseMirrorJSON, index: number): number {
	let seen = -1;
	const nodes = doc.content ?? [];
	for (let i = 0; i < nodes.length; i++) {
		if (headingLevel(nodes[i]!) !== SECTION_LEVEL) continue;
		seen++;
		if (seen === index) return i;
	}
	return -1;
}

/**
 * A document for export: ProseMirror JSON (from the stored Yjs state, through the editor schema)
 * turned into a small block model that every format renders (Markdown, DOCX, HTML for PDF and
 * the public page). Structured parts become titled tables; any other unknown block becomes a table
 * of its rows' text, so nothing typed is silently dropped.
 */
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import {
	FIELD_NODE,
	PART_FIELDS,
	partKindOfBlock,
	type PartKind
} from '../../domain/structured-parts';
import { safeHref } from '../../domain/comments';

export interface Inline {
	text: string;
	bold?: boolean;
	italic?: boolean;
	href?: string;
}

export type ExportBlock =
	| { type: 'heading'; level: 1 | 2 | 3; inlines: Inline[] }
	| { type: 'paragraph'; inlines: Inline[] }
	| { type: 'list'; ordered: boolean; items: ExportBlock[][] }
	| { type: 'quote'; blocks: ExportBlock[] }
	| { type: 'table'; title: string | null; header: string[] | null; rows: string[][] }
	| { type: 'rule' };

export interface PartLabels {
	partTitle(kind: PartKind): string;
	fieldLabel(kind: PartKind, field: string): string;
	enjeuLabel(value: string): string;
	enjeuColumn: string;
}

export interface ExportComment {
	quote: string;
	kind: 'comment' | 'suggestion' | 'objection';
	replacement: string;
	messages: { author: string; date: string; body: string }[];
}

/** Words of the title page and the comments appendix, in the reader's language. */
export interface ExportLabels {
	experiment: string;
	territory: string;
	version: string;
	date: string;
	comments: string;
	suggestion: string;
}

export interface ExportDocument {
	title: string;
	experiment: string;
	territory: string;
	versionLabel: string;
	date: string;
	blocks: ExportBlock[];
	comments: ExportComment[] | null;
}

type Json = ProseMirrorJSON & {
	attrs?: Record<string, unknown>;
	marks?: { type: string; attrs?: Record<string, unknown> }[];
	text?: string;
	content?: Json[];
};

function inlinesOf(node: Json): Inline[] {
	const out: Inline[] = [];
	for (const child of node.content ?? []) {
		if (child.type === 'text' && child.text) {
			const inline: Inline = { text: child.text };
			for (const mark of child.marks ?? []) {
				if (mark.type === 'bold') inline.bold = true;
				if (mark.type === 'italic') inline.italic = true;
				if (mark.type === 'link') {
					const href = safeHref(String(mark.attrs?.href ?? ''));
					if (href) inline.href = href;
				}
			}
			out.push(inline);
		} else if (child.type === 'hardBreak') {
			out.push({ text: '\n' });
		} else {
			out.push(...inlinesOf(child));
		}
	}
	return out;
}

/** All the text under a node, blocks separated by a space. */
export function textOf(node: Json): string {
	if (node.type === 'text') return node.text ?? '';
	return (node.content ?? [])
		.map(textOf)
		.filter((t) => t !== '')
		.join(' ');
}

function tableOf(node: Json): ExportBlock {
	const rows = (node.content ?? []).map((row) => (row.content ?? []).map((cell) => textOf(cell)));
	const first = node.content?.[0]?.content ?? [];
	const header = first.length > 0 && first.every((cell) => cell.type === 'tableHeader');
	return {
		type: 'table',
		title: null,
		header: header ? (rows[0] ?? null) : null,
		rows: header ? rows.slice(1) : rows
	};
}

function partOf(kind: PartKind, node: Json, labels: PartLabels): ExportBlock {
	const rows = node.content ?? [];
	// The part's declared fields, so an empty part still shows its columns.
	const declared: readonly string[] = PART_FIELDS[kind];
	const present = (rows[0]?.content ?? [])
		.filter((f) => f.type === FIELD_NODE)
		.map((f) => String(f.attrs?.name ?? ''));
	const fields = present.length ? present : declared;
	const hasEnjeu = kind === 'enjeux' || rows.some((row) => typeof row.attrs?.enjeu === 'string');
	const header = [
		...(hasEnjeu ? [labels.enjeuColumn] : []),
		...fields.map((field) => labels.fieldLabel(kind, field))
	];
	return {
		type: 'table',
		title: labels.partTitle(kind),
		header: header.length ? header : null,
		rows: rows.map((row) => [
			...(hasEnjeu ? [row.attrs?.enjeu ? labels.enjeuLabel(String(row.attrs.enjeu)) : ''] : []),
			...(row.content ?? []).map((cell) => textOf(cell))
		])
	};
}

function blocksOf(nodes: Json[], labels: PartLabels): ExportBlock[] {
	const out: ExportBlock[] = [];
	for (const node of nodes) {
		switch (node.type) {
			case 'heading': {
				const level = Number(node.attrs?.level);
				out.push({
					type: 'heading',
					level: level === 1 || level === 2 ? level : 3,
					inlines: inlinesOf(node)
				});
				break;
			}
			case 'paragraph':
				out.push({ type: 'paragraph', inlines: inlinesOf(node) });
				break;
			case 'bulletList':
			case 'orderedList':
				out.push({
					type: 'list',
					ordered: node.type === 'orderedList',
					items: (node.content ?? []).map((item) => blocksOf(item.content ?? [], labels))
				});
				break;
			case 'blockquote':
				out.push({ type: 'quote', blocks: blocksOf(node.content ?? [], labels) });
				break;
			case 'horizontalRule':
				out.push({ type: 'rule' });
				break;
			case 'table':
				out.push(tableOf(node));
				break;
			case 'codeBlock':
				out.push({ type: 'paragraph', inlines: [{ text: textOf(node) }] });
				break;
			default: {
				const kind = partKindOfBlock(node.type);
				if (kind) {
					out.push(partOf(kind, node, labels));
				} else if (node.content?.length) {
					// Unknown block: one row per child, one cell per grandchild.
					out.push({
						type: 'table',
						title: null,
						header: null,
						rows: node.content.map((row) =>
							row.content?.length ? row.content.map((cell) => textOf(cell)) : [textOf(row)]
						)
					});
				}
			}
		}
	}
	return out;
}

export function toExportBlocks(doc: ProseMirrorJSON, labels: PartLabels): ExportBlock[] {
	return blocksOf((doc as Json).content ?? [], labels);
}

export function plainInlines(inlines: Inline[]): string {
	return inlines.map((i) => i.text).join('');
}

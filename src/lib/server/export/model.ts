/**
 * A document for export: ProseMirror JSON (from the stored Yjs state, through the editor schema)
 * turned into a small block model that every format renders (Markdown, DOCX, HTML for PDF and
 * the public page). Structured parts become titled tables; any other unknown block becomes a table
 * of its rows' text, so nothing typed is silently dropped.
 */
import type { FormatLocale } from '../../i18n/format';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import {
	FIELD_NODE,
	PART_FIELDS,
	partKindOfBlock,
	type PartKind
} from '../../domain/structured-parts';
import { safeHref } from '../../domain/comments';
import { budgetTotal, fieldType } from '../../domain/structured-parts';
import { parseAmount, parseDateInput } from '../../domain/structured';
import { isUntouchedPrompt } from '../../domain/templates/prompts';

export interface Inline {
	text: string;
	bold?: boolean;
	italic?: boolean;
	underline?: boolean;
	strike?: boolean;
	href?: string;
	/** A pending tracked change (only in exports asked with the suggestions). */
	change?: { kind: 'insert' | 'delete'; author: string; time: number };
}

export type ExportBlock =
	| { type: 'heading'; level: 1 | 2 | 3; inlines: Inline[] }
	| { type: 'paragraph'; inlines: Inline[] }
	| {
			type: 'list';
			ordered: boolean;
			items: ExportBlock[][];
			/** A checklist: whether each item is ticked. */
			checked?: boolean[];
	  }
	| { type: 'quote'; blocks: ExportBlock[] }
	| {
			type: 'table';
			title: string | null;
			header: string[] | null;
			rows: string[][];
			/** A closing row (the budget's total), shown apart from the rows. */
			footer?: string[] | null;
	  }
	| { type: 'rule' }
	| { type: 'image'; key: string; alt: string; width: number; height: number }
	| { type: 'file'; key: string; name: string; size: number };

/**
 * How images and file links of an export are reached, resolved by the service for each target:
 * PDF and DOCX embed the image bytes (no network when printing), the public page and Markdown link
 * to the files' URLs.
 */
export interface ExportAssets {
	images: Record<string, { src: string; data?: Uint8Array; format?: 'png' | 'jpg' }>;
	files: Record<string, { href: string }>;
}

export interface PartLabels {
	partTitle(kind: PartKind): string;
	fieldLabel(kind: PartKind, field: string): string;
	enjeuLabel(value: string): string;
	enjeuColumn: string;
	/** A typed field as the reader reads it ("1 500,00 €", "12 mars 2027"); else as typed. */
	fieldValue?(kind: PartKind, field: string, text: string): string;
	/** The budget's closing row: "Total", the formatted sum, lines left out. */
	total: string;
	formatAmount(cents: number): string;
	unreadableLines(count: number): string;
	/** Appended to a date or amount that cannot be read, e.g. "(date invalide)". */
	invalidDate: string;
	invalidAmount: string;
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
	/** The reader's language: quotation marks of the comments appendix. */
	locale: FormatLocale;
}

export interface ExportDocument {
	title: string;
	experiment: string;
	territory: string;
	versionLabel: string;
	date: string;
	blocks: ExportBlock[];
	comments: ExportComment[] | null;
	assets?: ExportAssets;
	/** Pending suggestions shown marked (PDF « avec suggestions »): the legend and who is who. */
	pending?: PendingLegend | null;
}

export interface PendingLegend {
	title: string;
	insert: string;
	delete: string;
	authorsLabel: string;
	/** Initials printed after each change; `key`: the name the marks carry ('' = unknown). */
	authors: { key: string; name: string; initials: string }[];
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
				if (mark.type === 'underline') inline.underline = true;
				if (mark.type === 'strike') inline.strike = true;
				if (mark.type === 'suggestionInsert' || mark.type === 'suggestionDelete') {
					// A proposed deletion of a proposed insertion reads as the deletion.
					if (inline.change?.kind !== 'delete')
						inline.change = {
							kind: mark.type === 'suggestionInsert' ? 'insert' : 'delete',
							author: String(mark.attrs?.authorName ?? ''),
							time: Number(mark.attrs?.time) || 0
						};
				}
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

/**
 * A typed field as the reader reads it ("1 500,00 €", "12 mars 2027"), or as written and marked
 * when it cannot be read (never silently wrong).
 */
function fieldText(kind: PartKind, field: string, text: string, labels: PartLabels): string {
	const type = fieldType(kind, field);
	if (type === 'text' || text.trim() === '') return text;
	const readable = type === 'date' ? parseDateInput(text).ok : parseAmount(text).ok;
	if (readable) return labels.fieldValue?.(kind, field, text) ?? text;
	return `${text} ${type === 'date' ? labels.invalidDate : labels.invalidAmount}`;
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
	const cells = (row: Json) =>
		(row.content ?? []).map((cell) =>
			fieldText(kind, String(cell.attrs?.name ?? ''), textOf(cell), labels)
		);
	let footer: string[] | null = null;
	if (kind === 'budget' && rows.length) {
		const amountIndex = fields.indexOf('amount');
		const amounts = rows.map((row) => textOf(row.content?.[amountIndex] ?? { type: 'text' }));
		const total = budgetTotal(amounts.filter((a) => a.trim() !== ''));
		footer = fields.map((field, i) =>
			i === 0
				? labels.total
				: field === 'amount'
					? labels.formatAmount(total.cents) +
						(total.unreadable ? ` (${labels.unreadableLines(total.unreadable)})` : '')
					: ''
		);
		if (hasEnjeu) footer.unshift('');
	}
	return {
		type: 'table',
		title: labels.partTitle(kind),
		header: header.length ? header : null,
		rows: rows.map((row) => [
			...(hasEnjeu ? [row.attrs?.enjeu ? labels.enjeuLabel(String(row.attrs.enjeu)) : ''] : []),
			...cells(row)
		]),
		footer
	};
}

function blocksOf(nodes: Json[], labels: PartLabels, keepPrompts = false): ExportBlock[] {
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
				// A template prompt nobody replaced is guidance, not content.
				if (!keepPrompts && isUntouchedPrompt(node)) break;
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
			case 'taskList':
				out.push({
					type: 'list',
					ordered: false,
					items: (node.content ?? []).map((item) => blocksOf(item.content ?? [], labels)),
					checked: (node.content ?? []).map((item) => item.attrs?.checked === true)
				});
				break;
			case 'image':
				if (typeof node.attrs?.file === 'string' && node.attrs.file)
					out.push({
						type: 'image',
						key: node.attrs.file,
						alt: String(node.attrs.alt ?? ''),
						width: Number(node.attrs.width) || 0,
						height: Number(node.attrs.height) || 0
					});
				break;
			case 'fileAttachment':
				if (typeof node.attrs?.file === 'string' && node.attrs.file)
					out.push({
						type: 'file',
						key: node.attrs.file,
						name: String(node.attrs.name ?? '') || node.attrs.file,
						size: Number(node.attrs.size) || 0
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

/**
 * The document's blocks for export. With `title`, a leading H1 that repeats it is left out: the
 * title page already prints the title.
 */
export function toExportBlocks(
	doc: ProseMirrorJSON,
	labels: PartLabels,
	/** `keepPrompts`: show template prompts too (the import's preview of the new document). */
	options: { title?: string; keepPrompts?: boolean } = {}
): ExportBlock[] {
	let nodes = (doc as Json).content ?? [];
	const first = nodes[0];
	const same = (a: string, b: string) =>
		a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();
	if (
		options.title !== undefined &&
		first?.type === 'heading' &&
		Number(first.attrs?.level) === 1 &&
		same(textOf(first), options.title)
	)
		nodes = nodes.slice(1);
	return blocksOf(nodes, labels, options.keepPrompts);
}

export function plainInlines(inlines: Inline[]): string {
	return inlines.map((i) => i.text).join('');
}

/**
 * Puts an imported document onto the template of the document being created (or into one section
 * of an existing document):
 * - the level at which the imported headings best match the template's sections is the section
 *   level; a heading there that matches a section brings what follows it into that section
 *   (replacing the section's prompt), in the template's order; one that matches nothing stays a
 *   section of its own right after the section it followed; text before any section stays first;
 * - deeper headings become H3 (the schema has three levels);
 * - a table whose columns are those of a structured part the template has becomes rows of that
 *   part (its total row dropped: the part adds up itself); any other table stays a table.
 * Pure: ProseMirror JSON in, ProseMirror JSON and what was done out.
 */
import type { ProseMirrorJSON } from '../templates/protocol';
import {
	FIELD_NODE,
	PART_FIELDS,
	PART_NODES,
	partKindOfBlock,
	type PartKind
} from '../structured-parts';
import { MARKER_PATTERN } from './types';
import { matchSection, templateSections, type TemplateSection } from './section-match';
import { isPartCaption, withoutExportFacts } from './trame-export';
import {
	TABLE_PART_KINDS,
	isTotalRow,
	matchEnjeu,
	matchPartTable,
	tableFields
} from './part-match';

export interface SectionPlacement {
	/** The heading as written in the imported file. */
	imported: string;
	/** The template section it went into. */
	section: string;
}

export interface PartPlacement {
	kind: PartKind;
	/** Tables turned into rows of this part. */
	tables: number;
	rows: number;
	/** "Total" rows left out. */
	totals: number;
}

export interface MergeOutcome {
	doc: ProseMirrorJSON;
	sections: SectionPlacement[];
	/** Headings at section level that matched no section, kept as they were. */
	keptHeadings: string[];
	partTables: PartPlacement[];
	/** Tables kept as tables. */
	tables: number;
}

type Node = ProseMirrorJSON;

/** Text of a node without comment markers. */
export function plainText(node: Node): string {
	const raw =
		node.text ?? (node.content ?? []).map(plainText).join(node.type === 'tableRow' ? ' ' : '');
	return raw.replace(MARKER_PATTERN, '');
}

/** A node's text with comment markers kept (they travel into structured fields). */
function rawText(node: Node): string {
	if (node.text !== undefined) return node.text;
	const parts = (node.content ?? []).map(rawText);
	return node.type === 'tableCell' || node.type === 'tableHeader'
		? parts.filter((p) => p !== '').join(' ')
		: parts.join('');
}

const headingLevel = (node: Node) => Number(node.attrs?.level ?? 0);

function heading(level: number, content: Node[] | undefined): Node {
	return { type: 'heading', attrs: { level: Math.min(3, Math.max(1, level)) }, content };
}

interface TableRows {
	header: string[];
	rows: Node[][];
}

function tableCells(table: Node): TableRows {
	const rows = (table.content ?? []).map((row) => row.content ?? []);
	const first = rows[0] ?? [];
	const header = first.map((cell) => plainText(cell).trim());
	return { header, rows: rows.slice(1) };
}

/** Rows of `kind` from a table matched to it; total rows and empty rows left out. */
function rowsOfTable(
	table: Node,
	kind: PartKind,
	columns: readonly number[]
): { rows: Node[]; totals: number } {
	const { rows } = tableCells(table);
	let totals = 0;
	const out: Node[] = [];
	const columnsOf = tableFields(kind);
	const cellOf = (texts: readonly string[], field: string) => {
		const column = columns[columnsOf.indexOf(field)] ?? -1;
		return column >= 0 ? (texts[column] ?? '') : '';
	};
	for (const row of rows) {
		const texts = row.map((cell) => rawText(cell).replace(/\s+/g, ' ').trim());
		const plain = texts.map((t) => t.replace(MARKER_PATTERN, ''));
		if (plain.every((t) => t === '')) continue;
		if (isTotalRow(plain)) {
			totals++;
			continue;
		}
		let attrs: Record<string, unknown> | undefined;
		const values = new Map<string, string>();
		for (const field of PART_FIELDS[kind] as readonly string[])
			values.set(field, cellOf(texts, field));
		if (kind === 'enjeux') {
			const written = cellOf(texts, 'enjeu');
			const enjeu = matchEnjeu(written.replace(MARKER_PATTERN, ''));
			attrs = { enjeu: enjeu ?? '' };
			// An enjeu that is not one of the 8 stays readable in the justification.
			if (!enjeu && written)
				values.set('why', [written, values.get('why')].filter(Boolean).join(' : '));
		}
		out.push({
			type: PART_NODES[kind].row,
			...(attrs ? { attrs } : {}),
			content: (PART_FIELDS[kind] as readonly string[]).map((field) => {
				const text = values.get(field) ?? '';
				return text
					? { type: FIELD_NODE, attrs: { name: field }, content: [{ type: 'text', text }] }
					: { type: FIELD_NODE, attrs: { name: field } };
			})
		});
	}
	return { rows: out, totals };
}

interface Segment {
	/** The section-level heading opening the segment (null: text before any). */
	heading: Node | null;
	blocks: Node[];
}

/** The heading level whose headings match the most sections (0 when none does). */
function sectionLevel(blocks: readonly Node[], sections: readonly TemplateSection[]): number {
	const counts = new Map<number, number>();
	for (const block of blocks) {
		if (block.type !== 'heading') continue;
		if (matchSection(plainText(block), sections))
			counts.set(headingLevel(block), (counts.get(headingLevel(block)) ?? 0) + 1);
	}
	let best = 0;
	let bestCount = 0;
	for (const [level, count] of [...counts].sort((a, b) => a[0] - b[0])) {
		if (count > bestCount) {
			best = level;
			bestCount = count;
		}
	}
	return best;
}

/**
 * Headings inside a section become H3. Without a section level (nothing matched, or a template
 * without sections) the structure is kept: the highest level becomes H2, the next ones H3.
 */
function shiftHeadings(blocks: readonly Node[], level: number): Node[] {
	const levels = blocks.filter((b) => b.type === 'heading').map(headingLevel);
	const top = levels.length ? Math.min(...levels) : 1;
	return blocks.map((block) => {
		if (block.type !== 'heading') return block;
		return heading(level === 0 ? headingLevel(block) - top + 2 : 3, block.content);
	});
}

class PartSink {
	readonly placements = new Map<PartKind, PartPlacement>();
	readonly rows = new Map<PartKind, Node[]>();
	tables = 0;

	constructor(private readonly available: readonly PartKind[]) {}

	/** The blocks with part-shaped tables taken out (their rows kept here). */
	take(blocks: readonly Node[], prefer: PartKind | null): Node[] {
		const kinds = TABLE_PART_KINDS.filter((kind) => this.available.includes(kind));
		const out: Node[] = [];
		for (const block of blocks) {
			if (block.type !== 'table') {
				out.push(block);
				continue;
			}
			const { header, rows } = tableCells(block);
			const texts = rows.map((row) => row.map((cell) => plainText(cell).trim()));
			const match = kinds.length ? matchPartTable(header, texts, kinds, prefer) : null;
			if (!match) {
				this.tables++;
				out.push(block);
				continue;
			}
			// The caption Trame's own export prints above a part's table is not text.
			if (isPartCaption(out[out.length - 1], match.kind)) out.pop();
			const taken = rowsOfTable(block, match.kind, match.columns);
			this.rows.set(match.kind, [...(this.rows.get(match.kind) ?? []), ...taken.rows]);
			const placed = this.placements.get(match.kind);
			this.placements.set(match.kind, {
				kind: match.kind,
				tables: (placed?.tables ?? 0) + 1,
				rows: (placed?.rows ?? 0) + taken.rows.length,
				totals: (placed?.totals ?? 0) + taken.totals
			});
		}
		return out;
	}

	/** A part block of the template with the rows found for it appended. */
	fill(part: Node): Node {
		const kind = partKindOfBlock(part.type);
		const rows = kind ? this.rows.get(kind) : undefined;
		if (!kind || !rows?.length) return part;
		this.rows.delete(kind);
		return { ...part, content: [...(part.content ?? []), ...rows] };
	}

	summary(): PartPlacement[] {
		return [...this.placements.values()];
	}
}

function partsOf(nodes: readonly Node[]): PartKind[] {
	return nodes.map((n) => partKindOfBlock(n.type)).filter((k): k is PartKind => k !== null);
}

/** Splits a template into what comes before its first H2 and its sections. */
function splitTemplate(template: Node): {
	front: Node[];
	sections: { heading: Node; body: Node[] }[];
} {
	const front: Node[] = [];
	const sections: { heading: Node; body: Node[] }[] = [];
	for (const node of template.content ?? []) {
		if (node.type === 'heading' && headingLevel(node) === 2)
			sections.push({ heading: node, body: [] });
		else if (sections.length) sections[sections.length - 1]!.body.push(node);
		else front.push(node);
	}
	return { front, sections };
}

/**
 * The new document: `template` (with its H1 title) filled with `imported` (the converter's body,
 * title already taken out). `kind` selects the protocol's other section names.
 */
export function mergeIntoTemplate(template: Node, imported: Node, kind: string): MergeOutcome {
	const { front, sections: templateBody } = splitTemplate(template);
	const sections = templateSections(
		templateBody.map((s) => plainText(s.heading)),
		kind
	);
	const blocks = withoutExportFacts(imported.content ?? []);
	const level = sectionLevel(blocks, sections);

	// Cut the imported body at section-level headings.
	const segments: Segment[] = [{ heading: null, blocks: [] }];
	for (const block of blocks) {
		if (block.type === 'heading' && level > 0 && headingLevel(block) <= level) {
			segments.push({ heading: block, blocks: [] });
		} else segments[segments.length - 1]!.blocks.push(block);
	}

	const sink = new PartSink(partsOf(templateBody.flatMap((s) => s.body)));
	const assigned = new Map<number, Segment[]>();
	/** Unmatched segments, after the section (index) they followed; -1 = before any section. */
	const kept = new Map<number, Segment[]>();
	const placements: SectionPlacement[] = [];
	const keptHeadings: string[] = [];
	let previous = -1;
	for (const segment of segments) {
		const title = segment.heading ? plainText(segment.heading).trim() : '';
		const match =
			segment.heading && headingLevel(segment.heading) === level
				? matchSection(title, sections)
				: null;
		const sectionParts = match ? partsOf(templateBody[match.index]!.body) : [];
		segment.blocks = sink.take(shiftHeadings(segment.blocks, level), sectionParts[0] ?? null);
		if (match) {
			assigned.set(match.index, [...(assigned.get(match.index) ?? []), segment]);
			placements.push({ imported: title, section: plainText(templateBody[match.index]!.heading) });
			previous = match.index;
		} else {
			if (segment.heading) keptHeadings.push(title);
			kept.set(previous, [...(kept.get(previous) ?? []), segment]);
		}
	}

	const out: Node[] = [];
	const emit = (segment: Segment, asSection: boolean) => {
		if (segment.heading && asSection) out.push(heading(2, segment.heading.content));
		else if (segment.heading) out.push(heading(3, segment.heading.content));
		out.push(...segment.blocks);
	};
	out.push(...front);
	for (const segment of kept.get(-1) ?? []) emit(segment, true);
	templateBody.forEach((section, index) => {
		out.push(section.heading);
		const mine = assigned.get(index) ?? [];
		// A section present in the file but empty there keeps the template's prompt.
		const written = mine.length > 1 || mine.some((segment) => segment.blocks.length > 0);
		if (!written) {
			out.push(
				...section.body.map((node) => (partKindOfBlock(node.type) ? sink.fill(node) : node))
			);
		} else {
			mine.forEach((segment, i) => {
				// The first one takes the template's heading; a second one keeps its own, under it.
				if (i > 0 && segment.heading) out.push(heading(3, segment.heading.content));
				out.push(...segment.blocks);
			});
			// The template's prompt and placeholders give way; its parts stay, filled.
			for (const node of section.body) if (partKindOfBlock(node.type)) out.push(sink.fill(node));
		}
		for (const segment of kept.get(index) ?? []) emit(segment, true);
	});

	return {
		doc: { type: 'doc', content: out.length ? out : [{ type: 'paragraph' }] },
		sections: placements,
		keptHeadings,
		partTables: sink.summary(),
		tables: sink.tables
	};
}

export interface SectionContent {
	/** Blocks to insert into the section (headings as H3). */
	blocks: Node[];
	/** Rows for the section's parts, by kind. */
	rows: Partial<Record<PartKind, Node[]>>;
	partTables: PartPlacement[];
	tables: number;
}

/**
 * What an imported document becomes inside one section of an existing document: its headings
 * become H3 (sub-headings of the section), its tables become rows of the section's own parts
 * when they fit them.
 */
export function contentForSection(
	imported: Node,
	title: string,
	sectionParts: readonly PartKind[]
): SectionContent {
	const blocks = withoutExportFacts(imported.content ?? []).map((block) =>
		block.type === 'heading' ? heading(3, block.content) : block
	);
	const withTitle = title.trim()
		? [heading(3, [{ type: 'text', text: title.trim() }]), ...blocks]
		: blocks;
	const sink = new PartSink(sectionParts);
	const kept = sink
		.take(withTitle, sectionParts[0] ?? null)
		.filter((b) => !(b.type === 'paragraph' && !(b.content ?? []).length));
	const rows: Partial<Record<PartKind, Node[]>> = {};
	for (const [kind, list] of sink.rows) rows[kind] = list;
	return { blocks: kept, rows, partTables: sink.summary(), tables: sink.tables };
}

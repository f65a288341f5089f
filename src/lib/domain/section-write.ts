/**
 * Writing an adopted text back into its section (pure). The register keeps a section's text in
 * the form `sectionText` reads it (one line per block: list items prefixed, rows of tables and
 * structured parts as their cells joined by " | "). Adoption turns that text back into blocks so
 * that reading the section again gives exactly the same text (hence the same hash), while
 * touching as little as possible:
 *
 * - blocks whose lines are unchanged are kept as they are (marks, tables, structured parts, links,
 *   and the Yjs identity the comments are anchored to), aligned with the text by a longest-match;
 * - a run of changed lines where a structured part was becomes that part again when every line
 *   reads as one of its rows (unchanged rows are kept, with their attributes);
 * - lines "- …", "1. …" and "> …" become bullet lists, ordered lists and quotes;
 * - anything else becomes paragraphs (a blank line joins its neighbour with a line break).
 *
 * The result is checked by reading it back; text that cannot be written so that it reads back the
 * same is refused (`not_representable`), never written approximately. Tables whose rows changed
 * come back as paragraphs (documented in docs/architecture.md).
 */
import { ENJEUX } from './experiment';
import { headingLine, sectionBlockLines, type SectionTextOptions } from './proposal-section';
import {
	FIELD_NODE,
	PART_FIELDS,
	PART_NODES,
	partKindOfBlock,
	type PartKind
} from './structured-parts';
import type { ProseMirrorJSON } from './templates/protocol';

export type SectionWriteError = 'heading_required' | 'not_representable' | 'too_large';

export type SectionWriteResult =
	| {
			ok: true;
			heading: ProseMirrorJSON;
			blocks: ProseMirrorJSON[];
			/** Blocks of the section kept untouched. */
			kept: number;
	  }
	| { ok: false; error: SectionWriteError };

const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The text form of an amended section proposal: line endings normalised, trailing spaces and
 * blank lines removed, the heading line's spaces collapsed — what a section's text reads as.
 */
export function canonicalSectionText(text: string): string {
	const lines = text
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line) => line.replace(/\s+$/, ''))
		.filter((line) => line.trim() !== '');
	if (lines.length > 0) lines[0] = clean(lines[0]!);
	return lines.join('\n');
}

/** Alignment cells above this are not worth it: the section is rewritten whole. */
const MAX_ALIGNMENT_CELLS = 4_000_000;

type Op =
	| { kind: 'keep'; block: number }
	| { kind: 'drop'; block: number }
	| { kind: 'line'; line: string };

/** Longest-match alignment of the blocks' lines with the target lines (blocks kept whole). */
function align(blockLines: string[][], target: string[]): Op[] {
	const n = blockLines.length;
	const m = target.length;
	if ((n + 1) * (m + 1) > MAX_ALIGNMENT_CELLS) {
		return [
			...blockLines.map((_l, block): Op => ({ kind: 'drop', block })),
			...target.map((line): Op => ({ kind: 'line', line }))
		];
	}
	const width = m + 1;
	const best = new Int32Array((n + 1) * width);
	const matches = (i: number, j: number) => {
		const lines = blockLines[i]!;
		if (lines.length === 0 || j + lines.length > m) return false;
		return lines.every((line, k) => line === target[j + k]);
	};
	for (let i = n - 1; i >= 0; i--) {
		const lines = blockLines[i]!;
		for (let j = m; j >= 0; j--) {
			let value = Math.max(best[(i + 1) * width + j]!, j < m ? best[i * width + j + 1]! : 0);
			if (lines.length === 0) value = best[(i + 1) * width + j]!;
			else if (matches(i, j))
				value = Math.max(value, lines.length + best[(i + 1) * width + j + lines.length]!);
			best[i * width + j] = value;
		}
	}
	const ops: Op[] = [];
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		if (i < n && blockLines[i]!.length === 0) {
			// Blocks that read as nothing (an empty paragraph, a rule) stay where they are.
			ops.push({ kind: 'keep', block: i++ });
			continue;
		}
		const here = best[i * width + j]!;
		if (
			i < n &&
			matches(i, j) &&
			here === blockLines[i]!.length + best[(i + 1) * width + j + blockLines[i]!.length]!
		) {
			ops.push({ kind: 'keep', block: i });
			j += blockLines[i]!.length;
			i++;
		} else if (i < n && here === best[(i + 1) * width + j]!) {
			ops.push({ kind: 'drop', block: i++ });
		} else {
			ops.push({ kind: 'line', line: target[j++]! });
		}
	}
	return ops;
}

const text = (value: string): ProseMirrorJSON[] =>
	value === '' ? [] : [{ type: 'text', text: value }];
const paragraph = (value: string): ProseMirrorJSON => ({ type: 'paragraph', content: text(value) });

/** A paragraph holding several lines (joined by hard breaks): how a blank line can be written. */
function multilineParagraph(lines: readonly string[]): ProseMirrorJSON {
	const content: ProseMirrorJSON[] = [];
	lines.forEach((line, index) => {
		if (index > 0) content.push({ type: 'hardBreak' });
		content.push(...text(line));
	});
	return { type: 'paragraph', content };
}

const BULLET = /^- (\S.*)$/;
const ORDERED = /^(\d{1,6})\. (\S.*)$/;
const QUOTE = /^> (\S.*)$/;

/** Blocks for new lines: lists, quotes and paragraphs. */
function freeBlocks(lines: readonly string[]): ProseMirrorJSON[] {
	const blocks: ProseMirrorJSON[] = [];
	let i = 0;
	while (i < lines.length) {
		const line = lines[i]!;
		if (BULLET.test(line)) {
			const items: ProseMirrorJSON[] = [];
			while (i < lines.length && BULLET.test(lines[i]!)) {
				items.push({ type: 'listItem', content: [paragraph(BULLET.exec(lines[i++]!)![1]!)] });
			}
			blocks.push({ type: 'bulletList', content: items });
		} else if (ORDERED.test(line)) {
			const start = Number(ORDERED.exec(line)![1]);
			const items: ProseMirrorJSON[] = [];
			while (i < lines.length) {
				const match = ORDERED.exec(lines[i]!);
				if (!match || Number(match[1]) !== start + items.length) break;
				items.push({ type: 'listItem', content: [paragraph(match[2]!)] });
				i++;
			}
			blocks.push({ type: 'orderedList', attrs: { start }, content: items });
		} else if (QUOTE.test(line)) {
			const quoted: ProseMirrorJSON[] = [];
			while (i < lines.length && QUOTE.test(lines[i]!))
				quoted.push(paragraph(QUOTE.exec(lines[i++]!)![1]!));
			blocks.push({ type: 'blockquote', content: quoted });
		} else if (line.trim() === '') {
			// A blank line is written with the next line (or the previous paragraph) as hard breaks.
			const run = [line];
			i++;
			while (i < lines.length && lines[i]!.trim() === '') run.push(lines[i++]!);
			if (i < lines.length) run.push(lines[i++]!);
			const previous = blocks[blocks.length - 1];
			if (run.every((l) => l.trim() === '') && previous?.type === 'paragraph') {
				blocks[blocks.length - 1] = multilineParagraph([...paragraphLines(previous), ...run]);
			} else blocks.push(multilineParagraph(run));
		} else {
			blocks.push(paragraph(line));
			i++;
		}
	}
	return blocks;
}

function paragraphLines(node: ProseMirrorJSON): string[] {
	const parts: string[] = [''];
	for (const child of node.content ?? []) {
		if (child.type === 'hardBreak') parts.push('');
		else parts[parts.length - 1] += child.text ?? '';
	}
	return parts;
}

/** The enjeu key of a label, with the same labels the text was read with. */
function enjeuOf(label: string, options: SectionTextOptions): string | null {
	const read = options.enjeuLabel ?? String;
	return ENJEUX.find((key) => read(key) === label) ?? null;
}

/** A row of part `kind` from its line, or null if the line cannot be one. */
function rowFromLine(
	kind: PartKind,
	line: string,
	options: SectionTextOptions
): ProseMirrorJSON | null {
	const cells = line.split(' | ');
	if (cells.some((cell) => cell === '' || clean(cell) !== cell)) return null;
	const attrs: Record<string, unknown> = {};
	if (kind === 'enjeux') {
		const enjeu = enjeuOf(cells.shift() ?? '', options);
		if (!enjeu) return null;
		attrs.enjeu = enjeu;
	}
	const fields: readonly string[] = PART_FIELDS[kind];
	if (cells.length > fields.length) return null;
	return {
		type: PART_NODES[kind].row,
		...(kind === 'enjeux' ? { attrs } : {}),
		content: fields.map((name, index) => ({
			type: FIELD_NODE,
			attrs: { name },
			content: text(cells[index] ?? '')
		}))
	};
}

/** The part block rebuilt from lines (unchanged rows reused), or null if a line is no row. */
function partFromLines(
	part: ProseMirrorJSON,
	lines: readonly string[],
	options: SectionTextOptions
): ProseMirrorJSON | null {
	const kind = partKindOfBlock(part.type);
	if (!kind) return null;
	const existing = new Map<string, ProseMirrorJSON[]>();
	for (const row of part.content ?? []) {
		const line = sectionBlockLines({ type: part.type, content: [row] }, options)[0];
		if (line === undefined) continue;
		existing.set(line, [...(existing.get(line) ?? []), row]);
	}
	const rows: ProseMirrorJSON[] = [];
	for (const line of lines) {
		const reused = existing.get(line)?.shift();
		const row = reused ?? rowFromLine(kind, line, options);
		if (!row) return null;
		rows.push(row);
	}
	return { ...part, content: rows };
}

const linesOf = (blocks: readonly ProseMirrorJSON[], options: SectionTextOptions) =>
	blocks.flatMap((block) => sectionBlockLines(block, options));

const sameLines = (a: readonly string[], b: readonly string[]) =>
	a.length === b.length && a.every((line, i) => line === b[i]);

const ROW_SEPARATOR = ' | ';

/** The part with `lines` added as rows (before or after its own), if each line reads as a row. */
function extendPart(
	part: ProseMirrorJSON,
	lines: readonly string[],
	where: 'before' | 'after',
	options: SectionTextOptions
): ProseMirrorJSON | null {
	const kind = partKindOfBlock(part.type);
	// Only lines shaped as rows: a sentence written next to a part stays a sentence.
	if (!kind || !lines.every((line) => line.includes(ROW_SEPARATOR))) return null;
	const rows: ProseMirrorJSON[] = [];
	for (const line of lines) {
		const row = rowFromLine(kind, line, options);
		if (!row) return null;
		rows.push(row);
	}
	const content =
		where === 'after' ? [...(part.content ?? []), ...rows] : [...rows, ...(part.content ?? [])];
	return { ...part, content };
}

/** Blocks for a run of new lines that replace `dropped` blocks (parts come back as parts). */
function blocksForRun(
	lines: readonly string[],
	dropped: readonly ProseMirrorJSON[],
	options: SectionTextOptions
): ProseMirrorJSON[] {
	for (const block of dropped) {
		const part = partFromLines(block, lines, options);
		if (part && sameLines(linesOf([part], options), lines)) return [part];
	}
	const free = freeBlocks(lines);
	if (sameLines(linesOf(free, options), lines)) return free;
	// Plain paragraphs read back as written for any line that is not blank.
	return lines.map(paragraph);
}

/** Longest text written back into one section (the register's text limit). */
export const SECTION_WRITE_MAX = 100_000;

/**
 * The section's new heading and blocks for `target` (a section text: heading line first), from
 * its current heading and blocks.
 */
export function planSectionWrite(
	current: { heading: ProseMirrorJSON; blocks: readonly ProseMirrorJSON[] },
	target: string,
	options: SectionTextOptions = {}
): SectionWriteResult {
	if (target.length > SECTION_WRITE_MAX) return { ok: false, error: 'too_large' };
	const [first = '', ...rest] = target.split('\n');
	if (clean(first) === '') return { ok: false, error: 'heading_required' };
	const heading =
		headingLine(current.heading) === first
			? current.heading
			: { ...current.heading, content: text(first) };

	const ops = align(
		current.blocks.map((block) => sectionBlockLines(block, options)),
		rest
	);
	const blocks: ProseMirrorJSON[] = [];
	let kept = 0;
	const keptBlocks = new Set<ProseMirrorJSON>();
	let run: string[] = [];
	let dropped: ProseMirrorJSON[] = [];
	/** Writes the pending run before `next` (a kept block that reads as something), or at the end. */
	const flush = (next: ProseMirrorJSON | null): ProseMirrorJSON | null => {
		if (run.length === 0) return next;
		const lines = run;
		const candidates = dropped;
		run = [];
		dropped = [];
		// New rows right after or before a part's rows join that part.
		const previous = blocks[blocks.length - 1];
		const after = previous ? extendPart(previous, lines, 'after', options) : null;
		if (
			after &&
			sameLines(linesOf([after], options), linesOf([previous!], options).concat(lines))
		) {
			if (keptBlocks.has(previous!)) kept--;
			blocks[blocks.length - 1] = after;
			return next;
		}
		const before = next ? extendPart(next, lines, 'before', options) : null;
		if (before && sameLines(linesOf([before], options), lines.concat(linesOf([next!], options)))) {
			return before;
		}
		blocks.push(...blocksForRun(lines, candidates, options));
		return next;
	};
	for (const op of ops) {
		if (op.kind === 'line') run.push(op.line);
		else if (op.kind === 'drop') dropped.push(current.blocks[op.block]!);
		else {
			const block = current.blocks[op.block]!;
			const readsAsNothing = sectionBlockLines(block, options).length === 0;
			const placed = readsAsNothing ? block : flush(block);
			blocks.push(placed ?? block);
			if (placed === block) {
				kept++;
				keptBlocks.add(block);
			}
		}
	}
	flush(null);

	const written = [headingLine(heading), ...linesOf(blocks, options)].join('\n');
	if (written !== target) return { ok: false, error: 'not_representable' };
	return { ok: true, heading, blocks, kept };
}

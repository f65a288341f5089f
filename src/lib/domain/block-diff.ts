/**
 * A formatted comparison of two versions of a document: both are flattened into blocks (headings,
 * paragraphs, list items, table and structured-part rows, images, files), blocks are matched in
 * order (longest common subsequence on their kind and text), and a removed block followed by an
 * added one of the same kind is shown as one changed block with its words marked. Pure.
 */
import { diffWords, type DiffPart } from './versions';

export type FlatKind = 'heading' | 'paragraph' | 'item' | 'row' | 'caption' | 'media' | 'rule';

export interface FlatBlock {
	kind: FlatKind;
	/** Heading level, list nesting, or 0. */
	level: number;
	/** Ordered list item, header row, checked task… (display only). */
	flag?: string;
	/** Text, or the cells of a row. */
	cells: string[];
}

export type DiffStatus = 'same' | 'added' | 'removed' | 'changed';

export interface DiffBlock {
	status: DiffStatus;
	kind: FlatKind;
	level: number;
	flag?: string;
	/** One list of parts per cell (one cell for text blocks). */
	cells: DiffPart[][];
}

const MAX_CELLS = 4_000_000;
const keyOf = (b: FlatBlock) => `${b.kind}:${b.level}:${b.flag ?? ''}:${b.cells.join('\u0001')}`;

function same(block: FlatBlock, status: DiffStatus): DiffBlock {
	return {
		status,
		kind: block.kind,
		level: block.level,
		flag: block.flag,
		cells: block.cells.map((text) => [
			{ op: status === 'added' ? 'added' : status === 'removed' ? 'removed' : 'equal', text }
		])
	};
}

function changed(before: FlatBlock, after: FlatBlock): DiffBlock {
	const width = Math.max(before.cells.length, after.cells.length);
	return {
		status: 'changed',
		kind: after.kind,
		level: after.level,
		flag: after.flag,
		cells: Array.from({ length: width }, (_, i) =>
			diffWords(before.cells[i] ?? '', after.cells[i] ?? '')
		)
	};
}

/** Blocks of `before` → `after`, in reading order. */
export function diffBlocks(before: readonly FlatBlock[], after: readonly FlatBlock[]): DiffBlock[] {
	const a = before.map(keyOf);
	const b = after.map(keyOf);
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}
	const ops: { op: 'equal' | 'removed' | 'added'; i: number }[] = [];
	for (let i = 0; i < start; i++) ops.push({ op: 'equal', i });
	const n = endA - start;
	const m = endB - start;
	if ((n + 1) * (m + 1) > MAX_CELLS) {
		for (let i = start; i < endA; i++) ops.push({ op: 'removed', i });
		for (let j = start; j < endB; j++) ops.push({ op: 'added', i: j });
	} else {
		const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
		for (let i = n - 1; i >= 0; i--)
			for (let j = m - 1; j >= 0; j--)
				table[i]![j] =
					a[start + i] === b[start + j]
						? table[i + 1]![j + 1]! + 1
						: Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
		let i = 0;
		let j = 0;
		while (i < n && j < m) {
			if (a[start + i] === b[start + j]) {
				ops.push({ op: 'equal', i: start + j });
				i++;
				j++;
			} else if (table[i + 1]![j]! >= table[i]![j + 1]!)
				ops.push({ op: 'removed', i: start + i++ });
			else ops.push({ op: 'added', i: start + j++ });
		}
		while (i < n) ops.push({ op: 'removed', i: start + i++ });
		while (j < m) ops.push({ op: 'added', i: start + j++ });
	}
	for (let k = endB; k < b.length; k++) ops.push({ op: 'equal', i: k });

	// A run of removed blocks followed by added ones: pair those of the same kind as changes.
	const out: DiffBlock[] = [];
	for (let k = 0; k < ops.length;) {
		const op = ops[k]!;
		if (op.op === 'equal') {
			out.push(same(after[op.i]!, 'same'));
			k++;
			continue;
		}
		const removed: FlatBlock[] = [];
		const added: FlatBlock[] = [];
		while (k < ops.length && ops[k]!.op !== 'equal') {
			const current = ops[k]!;
			if (current.op === 'removed') removed.push(before[current.i]!);
			else added.push(after[current.i]!);
			k++;
		}
		const pairs = Math.min(removed.length, added.length);
		for (let p = 0; p < pairs; p++) {
			const r = removed[p]!;
			const ad = added[p]!;
			if (r.kind === ad.kind) out.push(changed(r, ad));
			else out.push(same(r, 'removed'), same(ad, 'added'));
		}
		for (const r of removed.slice(pairs)) out.push(same(r, 'removed'));
		for (const ad of added.slice(pairs)) out.push(same(ad, 'added'));
	}
	return out;
}

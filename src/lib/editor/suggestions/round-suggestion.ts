/**
 * A consent round's amendment shown in its section as a tracked change (pure, on ProseMirror
 * JSON): the section's blocks and the blocks of the amended text are aligned (unchanged blocks
 * kept whole, with their Yjs identity), a changed text block is diffed word by word, and what the
 * amendment adds carries an insertion mark, what it removes a deletion mark — both with the
 * round's change id and the proposer as author. The change belongs to the round: it is resolved
 * by the round (adoption writes the text, a withdrawal or a newer amendment removes it), so its id
 * says which round (`round:<roundId>:v<version>`).
 */
import { diffWords } from '../../domain/versions';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import { DELETE_MARK, INSERT_MARK, type SuggestionAttrs } from './marks';

type Json = ProseMirrorJSON;

const ROUND_PREFIX = 'round:';

export function roundSuggestionId(roundId: string, version: number): string {
	return `${ROUND_PREFIX}${roundId}:v${version}`;
}

/** The round a tracked change belongs to, or null for a person's own suggestion. */
export function roundOfSuggestion(changeId: string): string | null {
	const match = /^round:([a-z0-9]+):v\d+$/.exec(changeId);
	return match ? match[1]! : null;
}

const TEXTBLOCKS = new Set(['paragraph', 'heading']);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const key = (node: Json) => JSON.stringify(node);

type Step =
	{ op: 'keep'; a: number; b: number } | { op: 'drop'; a: number } | { op: 'add'; b: number };

/** Longest common subsequence of two block lists (whole blocks equal). */
function alignBlocks(a: readonly Json[], b: readonly Json[]): Step[] {
	const ka = a.map(key);
	const kb = b.map(key);
	const n = a.length;
	const m = b.length;
	const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
	for (let i = n - 1; i >= 0; i--)
		for (let j = m - 1; j >= 0; j--)
			table[i]![j] =
				ka[i] === kb[j]
					? table[i + 1]![j + 1]! + 1
					: Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
	const steps: Step[] = [];
	let i = 0;
	let j = 0;
	while (i < n && j < m) {
		if (ka[i] === kb[j]) steps.push({ op: 'keep', a: i++, b: j++ });
		else if (table[i + 1]![j]! >= table[i]![j + 1]!) steps.push({ op: 'drop', a: i++ });
		else steps.push({ op: 'add', b: j++ });
	}
	while (i < n) steps.push({ op: 'drop', a: i++ });
	while (j < m) steps.push({ op: 'add', b: j++ });
	return steps;
}

function withMark(node: Json, type: string, attrs: SuggestionAttrs): Json {
	return { ...node, marks: [...(node.marks ?? []), { type, attrs: { ...attrs } }] };
}

/** Every text of a block marked (a whole block added or removed); null if it holds other inline nodes. */
function markAll(node: Json, type: string, attrs: SuggestionAttrs): Json | null {
	if (node.type === 'text') return withMark(node, type, attrs);
	// A line break stays (it has no text to mark); other leaves (images, files) cannot be marked.
	if (!node.content) return TEXTBLOCKS.has(node.type) || node.type === 'hardBreak' ? node : null;
	const content: Json[] = [];
	for (const child of node.content) {
		const marked = markAll(child, type, attrs);
		if (!marked) return null;
		content.push(marked);
	}
	return { ...node, content };
}

/** Word diff of two text blocks' inline content; null when they hold other inline nodes. */
function mergeInline(
	a: readonly Json[],
	b: readonly Json[],
	attrs: SuggestionAttrs
): Json[] | null {
	if (![...a, ...b].every((n) => n.type === 'text')) return null;
	// One entry per character, with the node it comes from (its marks).
	const chars = (nodes: readonly Json[]) =>
		nodes.flatMap((node) => [...(node.text ?? '')].map((ch) => ({ ch, node })));
	const ca = chars(a);
	const cb = chars(b);
	const out: Json[] = [];
	const push = (ch: string, node: Json, extra: string | null) => {
		const marks = [...(node.marks ?? [])];
		if (extra) marks.push({ type: extra, attrs: { ...attrs } });
		const last = out.at(-1);
		if (last && same(last.marks, marks.length ? marks : undefined)) last.text += ch;
		else out.push(marks.length ? { type: 'text', text: ch, marks } : { type: 'text', text: ch });
	};
	let i = 0;
	let j = 0;
	for (const part of diffWords(ca.map((c) => c.ch).join(''), cb.map((c) => c.ch).join(''))) {
		for (const _ch of part.text) {
			if (part.op === 'equal') {
				push(ca[i]!.ch, ca[i]!.node, null);
				i++;
				j++;
			} else if (part.op === 'removed') {
				push(ca[i]!.ch, ca[i]!.node, DELETE_MARK);
				i++;
			} else {
				push(cb[j]!.ch, cb[j]!.node, INSERT_MARK);
				j++;
			}
		}
	}
	return out;
}

/** One old block and one new block of the same kind merged into one block with marks. */
function mergePair(a: Json, b: Json, attrs: SuggestionAttrs): Json | null {
	if (a.type !== b.type || !same(a.attrs, b.attrs)) return null;
	if (TEXTBLOCKS.has(a.type)) {
		const content = mergeInline(a.content ?? [], b.content ?? [], attrs);
		return content ? { ...a, content } : null;
	}
	if (!a.content || !b.content) return null;
	const content = mergeBlocks(a.content, b.content, attrs);
	return content ? { ...a, content } : null;
}

function mergeBlocks(
	a: readonly Json[],
	b: readonly Json[],
	attrs: SuggestionAttrs
): Json[] | null {
	const out: Json[] = [];
	let dropped: Json[] = [];
	let added: Json[] = [];
	const flush = (): boolean => {
		// Removed and added blocks of a run are paired in order when they are of the same kind.
		for (let k = 0; k < Math.max(dropped.length, added.length); k++) {
			const [old, next] = [dropped[k], added[k]];
			const merged = old && next ? mergePair(old, next, attrs) : null;
			if (merged) {
				out.push(merged);
				continue;
			}
			const parts = [
				old ? markAll(old, DELETE_MARK, attrs) : undefined,
				next ? markAll(next, INSERT_MARK, attrs) : undefined
			];
			if (parts.includes(null)) return false;
			for (const part of parts) if (part) out.push(part);
		}
		dropped = [];
		added = [];
		return true;
	};
	for (const step of alignBlocks(a, b)) {
		if (step.op === 'drop') dropped.push(a[step.a]!);
		else if (step.op === 'add') added.push(b[step.b]!);
		else {
			if (!flush()) return null;
			out.push(a[step.a]!);
		}
	}
	return flush() ? out : null;
}

/**
 * The section's blocks (heading first) with `next` (the amended section's blocks) shown as one
 * tracked change; null when it cannot be shown so (e.g. a structured part whose rows change).
 */
export function suggestSection(
	current: readonly Json[],
	next: readonly Json[],
	attrs: SuggestionAttrs
): Json[] | null {
	return mergeBlocks(current, next, attrs);
}

const isInsertOf = (node: Json, owned: (id: string) => boolean) =>
	node.marks?.some((m) => m.type === INSERT_MARK && owned(String(m.attrs?.id ?? ''))) ?? false;

function withoutOwned(node: Json, owned: (id: string) => boolean): Json | null {
	if (node.type === 'text') {
		if (isInsertOf(node, owned)) return null;
		const marks = node.marks?.filter(
			(m) => !(m.type === DELETE_MARK && owned(String(m.attrs?.id ?? '')))
		);
		const next: Json = { ...node, marks };
		if (!marks?.length) delete next.marks;
		return next;
	}
	if (!node.content || node.content.length === 0) return node;
	const content = node.content
		.map((child) => withoutOwned(child, owned))
		.filter((child): child is Json => child !== null);
	// A block the change added (nothing left of it) goes with it.
	if (content.length === 0) return null;
	return { ...node, content: joinTexts(content) };
}

/** Adjacent texts with the same marks as one text node (as ProseMirror keeps them). */
function joinTexts(nodes: readonly Json[]): Json[] {
	const out: Json[] = [];
	for (const node of nodes) {
		const last = out.at(-1);
		if (last?.type === 'text' && node.type === 'text' && same(last.marks, node.marks))
			out[out.length - 1] = { ...last, text: `${last.text ?? ''}${node.text ?? ''}` };
		else out.push(node);
	}
	return out;
}

/**
 * The blocks with the changes `owned` selects rejected: their insertions removed (a block they
 * added whole goes too), their deletion marks lifted. Other people's changes stay.
 */
export function withoutSuggestions(
	blocks: readonly Json[],
	owned: (id: string) => boolean
): Json[] {
	return blocks.map((b) => withoutOwned(b, owned)).filter((b): b is Json => b !== null);
}

/** Ids of the tracked changes in these blocks. */
export function suggestionIds(blocks: readonly Json[]): Set<string> {
	const ids = new Set<string>();
	const visit = (node: Json) => {
		for (const mark of node.marks ?? [])
			if (mark.type === INSERT_MARK || mark.type === DELETE_MARK)
				ids.add(String(mark.attrs?.id ?? ''));
		node.content?.forEach(visit);
	};
	blocks.forEach(visit);
	return ids;
}

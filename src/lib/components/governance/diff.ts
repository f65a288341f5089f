/**
 * Word-level diff of two proposal versions (LCS), for showing what an amendment changed. Falls back
 * to a whole replace when the texts are too large for the quadratic table.
 */
export interface DiffPart {
	kind: 'same' | 'added' | 'removed';
	text: string;
}

const MAX_CELLS = 4_000_000;

function tokens(text: string): string[] {
	return text.match(/\s+|[^\s]+/g) ?? [];
}

export function wordDiff(before: string, after: string): DiffPart[] {
	const a = tokens(before);
	const b = tokens(after);
	if (a.length * b.length > MAX_CELLS) {
		return [
			{ kind: 'removed', text: before },
			{ kind: 'added', text: after }
		].filter((p) => p.text !== '') as DiffPart[];
	}
	// lcs[i][j] = LCS length of a[i..] and b[j..]
	const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
	for (let i = a.length - 1; i >= 0; i--)
		for (let j = b.length - 1; j >= 0; j--)
			lcs[i]![j] =
				a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
	const parts: DiffPart[] = [];
	const push = (kind: DiffPart['kind'], text: string) => {
		const last = parts[parts.length - 1];
		if (last && last.kind === kind) last.text += text;
		else parts.push({ kind, text });
	};
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			push('same', a[i]!);
			i++;
			j++;
		} else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push('removed', a[i++]!);
		else push('added', b[j++]!);
	}
	while (i < a.length) push('removed', a[i++]!);
	while (j < b.length) push('added', b[j++]!);
	return parts;
}

/** How much of the shorter line its common start and end with the other cover (0 to 1). */
function likeness(a: string, b: string): number {
	const max = Math.max(a.length, b.length);
	if (max === 0) return 1;
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let end = 0;
	while (
		end < a.length - start &&
		end < b.length - start &&
		a[a.length - 1 - end] === b[b.length - 1 - end]
	)
		end++;
	return (start + end) / Math.max(1, Math.min(a.length, b.length));
}

/**
 * The diff of two texts made of lines (a section: one line per block), as a reader expects it:
 * lines matched first, words compared only inside a line that was edited (a line changed at
 * most by half) — so a line removed here and another added there never read as a word salad.
 */
export function textDiff(before: string, after: string): DiffPart[] {
	const a = before.split('\n');
	const b = after.split('\n');
	if (a.length * b.length > MAX_CELLS) return wordDiff(before, after);
	const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
	for (let i = a.length - 1; i >= 0; i--)
		for (let j = b.length - 1; j >= 0; j--)
			lcs[i]![j] =
				a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
	const parts: DiffPart[] = [];
	const push = (kind: DiffPart['kind'], text: string) => {
		if (text === '') return;
		const last = parts[parts.length - 1];
		if (last && last.kind === kind) last.text += text;
		else parts.push({ kind, text });
	};
	let removed: string[] = [];
	let added: string[] = [];
	// Each text's lines are joined by '\n': a line after the first of its text starts with one.
	let startedA = false;
	let startedB = false;
	const separator = (inA: boolean, inB: boolean) => {
		const a = inA && startedA;
		const b = inB && startedB;
		if (a && b) push('same', '\n');
		else if (a) push('removed', '\n');
		else if (b) push('added', '\n');
		if (inA) startedA = true;
		if (inB) startedB = true;
	};
	const line = (kind: DiffPart['kind'], text: string) => {
		separator(kind !== 'added', kind !== 'removed');
		push(kind, text);
	};
	const flush = () => {
		// Each added line is compared word by word with the removed line it most resembles.
		let r = 0;
		for (const next of added) {
			const match = removed.findIndex((old, k) => k >= r && likeness(old, next) >= 0.5);
			if (match < 0) {
				line('added', next);
				continue;
			}
			for (; r < match; r++) line('removed', removed[r]!);
			separator(true, true);
			for (const part of wordDiff(removed[r]!, next)) push(part.kind, part.text);
			r++;
		}
		for (; r < removed.length; r++) line('removed', removed[r]!);
		removed = [];
		added = [];
	};
	let i = 0;
	let j = 0;
	while (i < a.length || j < b.length) {
		if (i < a.length && j < b.length && a[i] === b[j]) {
			flush();
			line('same', a[i]!);
			i++;
			j++;
		} else if (j >= b.length || (i < a.length && lcs[i + 1]![j]! >= lcs[i]![j + 1]!))
			removed.push(a[i++]!);
		else added.push(b[j++]!);
	}
	flush();
	return parts;
}

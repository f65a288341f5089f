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

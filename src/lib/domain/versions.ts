/**
 * Version history as plain data: naming rules, when the collaboration server takes an automatic
 * version, a word-level diff between two texts (blocks of lines), and public slugs.
 */

export const VERSION_NAME_MAX = 200;
/** Quiet time after the last change before an automatic version is taken. */
export const AUTO_VERSION_PAUSE_MS = 5 * 60_000;
/** Never two automatic versions of a document closer than this. */
export const AUTO_VERSION_MIN_INTERVAL_MS = 10 * 60_000;

export type VersionKind = 'auto' | 'named' | 'before_restore' | 'restored';

export type NameCheck =
	{ ok: true; value: string } | { ok: false; error: 'name_required' | 'name_too_long' };

export function checkVersionName(raw: string): NameCheck {
	const value = raw.replace(/\s+/g, ' ').trim();
	if (value === '') return { ok: false, error: 'name_required' };
	if (value.length > VERSION_NAME_MAX) return { ok: false, error: 'name_too_long' };
	return { ok: true, value };
}

/**
 * Should an automatic version be taken now? Only if something changed since the last version,
 * the editing paused, and the last automatic version is not too recent.
 */
export function autoVersionDue(input: {
	now: number;
	lastChangeAt: number | null;
	lastVersionAt: number | null;
	pauseMs?: number;
	minIntervalMs?: number;
}): boolean {
	const pause = input.pauseMs ?? AUTO_VERSION_PAUSE_MS;
	const interval = input.minIntervalMs ?? AUTO_VERSION_MIN_INTERVAL_MS;
	if (input.lastChangeAt === null) return false;
	if (input.lastVersionAt !== null && input.lastChangeAt <= input.lastVersionAt) return false;
	if (input.now - input.lastChangeAt < pause) return false;
	return input.lastVersionAt === null || input.now - input.lastVersionAt >= interval;
}

export type DiffOp = 'equal' | 'added' | 'removed';
export interface DiffPart {
	op: DiffOp;
	text: string;
}

/** Words and runs of whitespace as separate tokens; joining them gives the text back. */
function tokens(text: string): string[] {
	return text.match(/\s+|[^\s]+/g) ?? [];
}

const MAX_CELLS = 4_000_000;

/**
 * Word-level diff of `before` → `after` (longest common subsequence). Past a size where the
 * table would be too large, falls back to one removed and one added part.
 */
export function diffWords(before: string, after: string): DiffPart[] {
	const a = tokens(before);
	const b = tokens(after);
	// Common prefix and suffix first: most edits are small.
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}
	const parts: DiffPart[] = [];
	const push = (op: DiffOp, text: string) => {
		if (!text) return;
		const last = parts[parts.length - 1];
		if (last && last.op === op) last.text += text;
		else parts.push({ op, text });
	};
	push('equal', a.slice(0, start).join(''));
	const midA = a.slice(start, endA);
	const midB = b.slice(start, endB);
	if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
		push('removed', midA.join(''));
		push('added', midB.join(''));
	} else {
		const n = midA.length;
		const m = midB.length;
		const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
		for (let i = n - 1; i >= 0; i--) {
			for (let j = m - 1; j >= 0; j--) {
				table[i]![j] =
					midA[i] === midB[j]
						? table[i + 1]![j + 1]! + 1
						: Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
			}
		}
		let i = 0;
		let j = 0;
		while (i < n && j < m) {
			if (midA[i] === midB[j]) {
				push('equal', midA[i]!);
				i++;
				j++;
			} else if (table[i + 1]![j]! >= table[i]![j + 1]!) {
				push('removed', midA[i++]!);
			} else {
				push('added', midB[j++]!);
			}
		}
		while (i < n) push('removed', midA[i++]!);
		while (j < m) push('added', midB[j++]!);
	}
	push('equal', a.slice(endA).join(''));
	return parts;
}

/** A URL slug from a title: lowercase ASCII words joined by dashes, at most 80 characters. */
export function slugify(title: string): string {
	const slug = title
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80)
		.replace(/-+$/g, '');
	return slug.length >= 3 ? slug : `document-${slug || 'public'}`;
}

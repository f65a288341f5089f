/**
 * What changed in each section of a document between two readings of its text: the section's
 * characters added and removed (common prefix and suffix kept) and an excerpt of what was added.
 * Sections are keyed by their heading's text and its rank among headings with that text, so a
 * section that moves keeps its key and two sections titled alike stay apart. Pure.
 */

export interface SectionText {
	/** The heading's text; '' for what comes before the first heading. */
	title: string;
	text: string;
}

export interface SectionChange {
	title: string;
	/** Index of the section in `after`; -1 for a section gone. */
	at: number;
	added: number;
	removed: number;
	/** The added text, shortened (empty when only text was removed). */
	excerpt: string;
}

export const EXCERPT_MAX = 140;

export function sectionKeys(sections: readonly SectionText[]): string[] {
	const seen = new Map<string, number>();
	return sections.map(({ title }) => {
		const rank = seen.get(title) ?? 0;
		seen.set(title, rank + 1);
		return `${rank}:${title}`;
	});
}

function shorten(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length <= EXCERPT_MAX ? flat : `${flat.slice(0, EXCERPT_MAX - 1).trimEnd()}…`;
}

/** Characters added and removed from `before` to `after` around their common ends. */
export function textChange(before: string, after: string): Omit<SectionChange, 'title' | 'at'> {
	// Code points, so that an emoji counts once and is never cut in half.
	const a = [...before];
	const b = [...after];
	let prefix = 0;
	while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
	let suffix = 0;
	while (
		suffix < a.length - prefix &&
		suffix < b.length - prefix &&
		a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
	)
		suffix++;
	return {
		added: b.length - prefix - suffix,
		removed: a.length - prefix - suffix,
		excerpt: shorten(b.slice(prefix, b.length - suffix).join(''))
	};
}

/** The sections whose text differs, in the order of `after` then the sections gone. */
export function diffSections(
	before: readonly SectionText[],
	after: readonly SectionText[]
): SectionChange[] {
	const beforeKeys = sectionKeys(before);
	const old = new Map(beforeKeys.map((key, i) => [key, before[i]!.text]));
	const changes: SectionChange[] = [];
	sectionKeys(after).forEach((key, i) => {
		const previous = old.get(key);
		old.delete(key);
		const { title, text } = after[i]!;
		if (previous === text) return;
		const change = textChange(previous ?? '', text);
		if (change.added > 0 || change.removed > 0 || previous === undefined) {
			changes.push({ title, at: i, ...change });
		}
	});
	beforeKeys.forEach((key, i) => {
		if (old.has(key))
			changes.push({ title: before[i]!.title, at: -1, ...textChange(before[i]!.text, '') });
	});
	return changes;
}

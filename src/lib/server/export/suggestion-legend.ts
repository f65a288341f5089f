/**
 * The legend of an export that shows pending suggestions marked (PDF « avec suggestions »): who
 * proposed them, each with the initials printed after their changes, so a printed page says who
 * proposed what without relying on colour. Pure.
 */
import type { ExportBlock, Inline } from './model';

export interface PendingAuthor {
	name: string;
	initials: string;
}

/** "Jean Lefèvre" → "JL", "Anne-Marie Dupont" → "AMD"; "?" when the name has no letter. */
export function initialsOf(name: string): string {
	const letters = name
		.split(/[\s-]+/)
		.map((word) => [...word].find((c) => /\p{L}/u.test(c)) ?? '')
		.join('')
		.toLocaleUpperCase('fr');
	return letters.slice(0, 3) || '?';
}

function eachInline(blocks: readonly ExportBlock[], visit: (inline: Inline) => void): void {
	for (const block of blocks) {
		if (block.type === 'heading' || block.type === 'paragraph') block.inlines.forEach(visit);
		else if (block.type === 'list') block.items.forEach((item) => eachInline(item, visit));
		else if (block.type === 'quote') eachInline(block.blocks, visit);
	}
}

/**
 * The people whose pending changes the blocks hold, in order of first appearance, each with
 * initials unique in the document ("JL", then "JL2" for a second Jean Leroy).
 */
export function pendingAuthors(blocks: readonly ExportBlock[]): PendingAuthor[] {
	const out: PendingAuthor[] = [];
	const taken = new Set<string>();
	const seen = new Set<string>();
	eachInline(blocks, (inline) => {
		if (!inline.change) return;
		const name = inline.change.author;
		if (seen.has(name)) return;
		seen.add(name);
		const base = name ? initialsOf(name) : '?';
		let initials = base;
		for (let n = 2; taken.has(initials); n++) initials = `${base}${n}`;
		taken.add(initials);
		out.push({ name, initials });
	});
	return out;
}

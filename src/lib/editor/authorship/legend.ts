/**
 * Plain (non-reactive) parts of the "Qui a écrit quoi" view: the palette index of each author
 * (stable while shown), the client ids already asked about, and the legend's shares.
 */
import type { AuthorRange } from './ranges';
import type { Owners } from './owners';

export interface LegendEntry {
	author: string | null;
	name: string;
	/** Palette index, null for "auteur inconnu". */
	index: number | null;
	percent: number;
}

export function noOwners(): Owners {
	return { byClient: new Map(), names: new Map() };
}

/** Authors get palette indexes in the order they first appear; "auteur inconnu" has none. */
export class AuthorStyles {
	private readonly indexes = new Map<string, number>();

	indexOf(author: string | null): number | null {
		if (author === null) return null;
		let index = this.indexes.get(author);
		if (index === undefined) {
			index = this.indexes.size;
			this.indexes.set(author, index);
		}
		return index;
	}
}

/** How many times each client id was asked about (the server may record it a moment later). */
export class ClientAsks {
	private readonly asked = new Map<number, number>();

	constructor(private readonly maxAsks: number) {}

	worthAsking(clients: Iterable<number>): number[] {
		return [...clients].filter((client) => (this.asked.get(client) ?? 0) < this.maxAsks);
	}

	recordAsked(clients: readonly number[]): void {
		for (const client of clients) this.asked.set(client, (this.asked.get(client) ?? 0) + 1);
	}
}

/** Each author's share of the text, in order of first appearance. */
export function legendOf(
	ranges: readonly AuthorRange[],
	nameOf: (author: string | null) => string,
	styles: AuthorStyles
): LegendEntry[] {
	const counts = new Map<string | null, number>();
	let total = 0;
	for (const range of ranges) {
		const length = range.to - range.from;
		counts.set(range.author, (counts.get(range.author) ?? 0) + length);
		total += length;
	}
	return [...counts].map(([author, count]) => ({
		author,
		name: nameOf(author),
		index: styles.indexOf(author),
		percent: total === 0 ? 0 : Math.max(count > 0 ? 1 : 0, Math.round((count / total) * 100))
	}));
}

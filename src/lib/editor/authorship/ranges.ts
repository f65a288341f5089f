/**
 * Who wrote what, read from the Yjs items of the document body: each visible character (and each
 * leaf node such as an image) carries the id of the Yjs client that inserted it. These functions
 * walk the Y.XmlFragment the way y-prosemirror maps it to ProseMirror (an element opens and closes
 * around its children, a leaf counts 1, text counts its UTF-16 units) and return ProseMirror
 * ranges per client id, then per author. Text given back by an undo counts as its original
 * writer's (restored.ts). Pure: nothing is written to the document.
 */
import * as Y from 'yjs';
import { attributed, restoredRuns } from './restored';

export interface ClientRange {
	from: number;
	to: number;
	client: number;
}

/** `author` is a user id, or null when the client id has no recorded owner ("auteur inconnu"). */
export interface AuthorRange {
	from: number;
	to: number;
	author: string | null;
}

function pushMerged<T extends { from: number; to: number }>(
	ranges: T[],
	next: T,
	same: (a: T, b: T) => boolean
): void {
	const last = ranges.at(-1);
	if (last && last.to === next.from && same(last, next)) last.to = next.to;
	else ranges.push(next);
}

/**
 * ProseMirror ranges of the body's content per inserting client id, in document order, adjacent
 * ranges of one client merged. `isLeaf(nodeName)` says which elements are leaf nodes (size 1).
 * Returns the ranges and the content size the walk found (to compare with the editor's document).
 */
export function clientRanges(
	body: Y.XmlFragment,
	isLeaf: (nodeName: string) => boolean
): { ranges: ClientRange[]; size: number } {
	const ranges: ClientRange[] = [];
	const runs = restoredRuns(body.doc);
	const add = (from: number, to: number, client: number) =>
		pushMerged(ranges, { from, to, client }, (a, b) => a.client === b.client);

	const walkText = (text: Y.XmlText, start: number): number => {
		let pos = start;
		for (let item = text._start; item !== null; item = item.right) {
			if (item.deleted || !item.countable) continue;
			for (const [length, client] of attributed(runs, item.id.client, item.id.clock, item.length)) {
				add(pos, pos + length, client);
				pos += length;
			}
		}
		return pos - start;
	};

	const walkChildren = (parent: Y.XmlFragment | Y.XmlElement, start: number): number => {
		let pos = start;
		for (const child of parent.toArray()) {
			if (child instanceof Y.XmlText) pos += walkText(child, pos);
			else if (child instanceof Y.XmlElement) pos += walkElement(child, pos);
		}
		return pos - start;
	};

	const walkElement = (element: Y.XmlElement, start: number): number => {
		if (isLeaf(element.nodeName)) {
			const item = element._item;
			if (item) add(start, start + 1, attributed(runs, item.id.client, item.id.clock, 1)[0]![1]);
			return 1;
		}
		return 2 + walkChildren(element, start + 1);
	};

	const size = walkChildren(body, 0);
	return { ranges, size };
}

/** Client ranges turned into author ranges (`owners`: client id → user id), merged per author. */
export function authorRanges(
	ranges: readonly ClientRange[],
	owners: ReadonlyMap<number, string>
): AuthorRange[] {
	const result: AuthorRange[] = [];
	for (const range of ranges) {
		pushMerged(
			result,
			{ from: range.from, to: range.to, author: owners.get(range.client) ?? null },
			(a, b) => a.author === b.author
		);
	}
	return result;
}

/** Client ids present in the ranges without a recorded owner (a newer map may know them). */
export function unknownClients(
	ranges: readonly ClientRange[],
	owners: ReadonlyMap<number, string>
): Set<number> {
	const unknown = new Set<number>();
	for (const range of ranges) if (!owners.has(range.client)) unknown.add(range.client);
	return unknown;
}

/** Authors in order of first appearance in the text (null, "auteur inconnu", included). */
export function authorsInOrder(ranges: readonly AuthorRange[]): (string | null)[] {
	const seen = new Set<string | null>();
	for (const range of ranges) seen.add(range.author);
	return [...seen];
}

/**
 * For each top-level block (by its start and end positions), the authors who wrote in it, in order
 * of appearance: the text alternative to the colours.
 */
export function authorsPerBlock(
	ranges: readonly AuthorRange[],
	blocks: readonly { from: number; to: number }[]
): (string | null)[][] {
	let index = 0;
	return blocks.map((block) => {
		const authors = new Set<string | null>();
		while (index < ranges.length && ranges[index]!.to <= block.from) index++;
		for (let i = index; i < ranges.length && ranges[i]!.from < block.to; i++) {
			authors.add(ranges[i]!.author);
		}
		return [...authors];
	});
}

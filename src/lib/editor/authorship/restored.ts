/**
 * Who wrote what, through undo and redo. Yjs's UndoManager gives text back by inserting copies
 * of the deleted items under the undoing client's id, so read from the items alone, Léa's
 * sentence that Karim deleted then restored would become Karim's. The undoing client records,
 * in a shared map beside the body, whose text each restored run of items is (the original
 * items' author, itself followed through earlier restorations); `clientRanges` reads the map.
 *
 * Map entries: key `<client>:<clock>` of the first restored item, value `[author client, length]`.
 * Items keep their ids when split or merged, so a lookup by id range survives later edits.
 */
import * as Y from 'yjs';

/** Root Y.Map of the document holding the restored runs (outside the body: never rendered). */
export const RESTORED_FIELD = 'authorship-restored';

/** Runs of one client's clocks written on behalf of another client (sorted by clock). */
export interface RestoredRun {
	clock: number;
	length: number;
	author: number;
}

export type RestoredRuns = ReadonlyMap<number, readonly RestoredRun[]>;

const EMPTY: RestoredRuns = new Map();

/** The restored runs recorded in `doc` (empty when none). */
export function restoredRuns(doc: Y.Doc | null): RestoredRuns {
	if (!doc || !doc.share.has(RESTORED_FIELD)) return EMPTY;
	const map = doc.getMap<unknown>(RESTORED_FIELD);
	if (map.size === 0) return EMPTY;
	const runs = new Map<number, RestoredRun[]>();
	map.forEach((value, key) => {
		const [client, clock] = key.split(':').map(Number);
		if (!Array.isArray(value) || value.length !== 2) return;
		const [author, length] = value as unknown[];
		if (![client, clock, author, length].every((n) => Number.isSafeInteger(n) && Number(n) >= 0))
			return;
		let list = runs.get(client!);
		if (!list) runs.set(client!, (list = []));
		list.push({ clock: clock!, length: length as number, author: author as number });
	});
	for (const list of runs.values()) list.sort((a, b) => a.clock - b.clock);
	return runs;
}

/**
 * The authors of the clocks `clock … clock + length - 1` of `client`, in order, as runs of
 * `[length, author client]` (the client itself where nothing was restored).
 */
export function attributed(
	runs: RestoredRuns,
	client: number,
	clock: number,
	length: number
): [number, number][] {
	const list = runs.get(client);
	if (!list) return [[length, client]];
	const parts: [number, number][] = [];
	const push = (len: number, author: number) => {
		if (len <= 0) return;
		const last = parts.at(-1);
		if (last && last[1] === author) last[0] += len;
		else parts.push([len, author]);
	};
	const end = clock + length;
	let pos = clock;
	for (const run of list) {
		const runEnd = run.clock + run.length;
		if (runEnd <= pos) continue;
		if (run.clock >= end) break;
		push(Math.min(run.clock, end) - pos, client);
		const from = Math.max(run.clock, pos);
		const to = Math.min(runEnd, end);
		push(to - from, run.author);
		pos = to;
	}
	push(end - pos, client);
	return parts;
}

/**
 * After an undo or redo gave deleted items back (`stackItem.deletions`, each now `redone` as a
 * new item of the local client), records whose text the new items are. Nothing is written when
 * the text was the local client's own (the common case: undoing one's own typing).
 */
export function recordRestored(doc: Y.Doc, stackItem: Y.UndoManager['undoStack'][number]): void {
	const runs = restoredRuns(doc);
	const entries: [string, [number, number]][] = [];
	stackItem.deletions.clients.forEach((deletes, client) => {
		const structs = doc.store.clients.get(client);
		if (!structs || structs.length === 0) return;
		for (const range of deletes) {
			const rangeEnd = range.clock + range.len;
			let index = Y.findIndexSS(structs, range.clock);
			for (; index < structs.length; index++) {
				const struct = structs[index]!;
				if (struct.id.clock >= rangeEnd) break;
				if (!(struct instanceof Y.Item) || struct.redone === null) continue;
				const from = Math.max(range.clock, struct.id.clock);
				const to = Math.min(rangeEnd, struct.id.clock + struct.length);
				const target = struct.redone;
				let offset = target.clock + (from - struct.id.clock);
				for (const [length, author] of attributed(runs, client, from, to - from)) {
					if (author !== target.client)
						entries.push([`${target.client}:${offset}`, [author, length]]);
					offset += length;
				}
			}
		}
	});
	if (entries.length === 0) return;
	const map = doc.getMap<unknown>(RESTORED_FIELD);
	const fresh = entries.filter(([key, value]) => {
		const known = map.get(key);
		return !Array.isArray(known) || known[0] !== value[0] || known[1] !== value[1];
	});
	if (fresh.length === 0) return;
	doc.transact(() => {
		for (const [key, value] of fresh) map.set(key, value);
	}, RESTORED_ORIGIN);
}

/** Origin of the map writes (never captured by an undo manager: the map is outside its scope). */
export const RESTORED_ORIGIN = Symbol('authorship-restored');

/** Keeps `undoManager`'s restorations attributed; returns the function that stops it. */
export function trackRestoredAuthors(undoManager: Y.UndoManager): () => void {
	const onPopped = (event: { stackItem: Y.UndoManager['undoStack'][number] }) =>
		recordRestored(undoManager.doc, event.stackItem);
	undoManager.on('stack-item-popped', onPopped);
	return () => undoManager.off('stack-item-popped', onPopped);
}

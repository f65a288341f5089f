/**
 * Who wrote what, through undo and redo. Yjs's UndoManager gives text back by inserting copies
 * of the deleted items under the undoing client's id, so read from the items alone, Léa's
 * sentence that Karim deleted then restored would become Karim's. The undoing client records,
 * in a shared map beside the body, which deleted items each restored run of items gives back;
 * `clientRanges` reads the writer through it (followed through earlier restorations).
 *
 * Map entries: key `<client>:<clock>` of the first restored item, value `[source client, source
 * clock, length]`: the (deleted) items it gives back; the writer is read through the source, so
 * the server can check an entry (server/collab/restored-check.ts). Items keep their ids when
 * split or merged, so a lookup by id range survives later edits.
 */
import * as Y from 'yjs';

/** Root Y.Map of the document holding the restored runs (outside the body: never rendered). */
export const RESTORED_FIELD = 'authorship-restored';

/** A run of one client's clocks that gives back (a copy of) the `source` items. */
export interface RestoredRun {
	clock: number;
	length: number;
	sourceClient: number;
	sourceClock: number;
}

export type RestoredRuns = ReadonlyMap<number, readonly RestoredRun[]>;

const EMPTY: RestoredRuns = new Map();

/** A restoration more than this many times over is read as its last restorer's (bounds cycles). */
const MAX_DEPTH = 32;

/** `<client>:<clock>` → `[source client, source clock, length]`, or null when malformed. */
export function parseRestoredEntry(key: string, value: unknown): RestoredRun | null {
	const parts = key.split(':');
	if (parts.length !== 2 || !Array.isArray(value) || value.length !== 3) return null;
	const [client, clock] = parts.map(Number);
	const [sourceClient, sourceClock, length] = value as unknown[];
	const numbers = [client, clock, sourceClient, sourceClock, length];
	if (!numbers.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return null;
	if ((length as number) < 1 || String(client) !== parts[0] || String(clock) !== parts[1])
		return null;
	return {
		clock: clock!,
		length: length as number,
		sourceClient: sourceClient as number,
		sourceClock: sourceClock as number
	};
}

/** The restored runs recorded in `doc`, per restoring client (empty when none). */
export function restoredRuns(doc: Y.Doc | null): RestoredRuns {
	if (!doc || !doc.share.has(RESTORED_FIELD)) return EMPTY;
	const map = doc.getMap<unknown>(RESTORED_FIELD);
	if (map.size === 0) return EMPTY;
	const runs = new Map<number, RestoredRun[]>();
	map.forEach((value, key) => {
		const run = parseRestoredEntry(key, value);
		if (!run) return;
		const client = Number(key.split(':')[0]);
		let list = runs.get(client);
		if (!list) runs.set(client, (list = []));
		list.push(run);
	});
	for (const list of runs.values()) list.sort((a, b) => a.clock - b.clock);
	return runs;
}

/**
 * The writers of the clocks `clock … clock + length - 1` of `client`, in order, as runs of
 * `[length, writer client]`: the client itself, except where it gave back someone's text (then
 * that text's writer, followed through earlier restorations).
 */
export function attributed(
	runs: RestoredRuns,
	client: number,
	clock: number,
	length: number,
	depth = 0
): [number, number][] {
	const list = runs.get(client);
	if (!list || depth >= MAX_DEPTH) return [[length, client]];
	const parts: [number, number][] = [];
	const push = (len: number, writer: number) => {
		if (len <= 0) return;
		const last = parts.at(-1);
		if (last && last[1] === writer) last[0] += len;
		else parts.push([len, writer]);
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
		const source = run.sourceClock + (from - run.clock);
		for (const [len, writer] of attributed(runs, run.sourceClient, source, to - from, depth + 1))
			push(len, writer);
		pos = to;
	}
	push(end - pos, client);
	return parts;
}

/**
 * After an undo or redo gave deleted items back (`stackItem.deletions`, each now `redone` as a
 * new item of the local client), records which items the new ones give back. Nothing is written
 * when the text was the local client's own (the common case: undoing one's own typing).
 */
export function recordRestored(doc: Y.Doc, stackItem: Y.UndoManager['undoStack'][number]): void {
	const runs = restoredRuns(doc);
	const entries: [string, [number, number, number]][] = [];
	stackItem.deletions.clients.forEach((deletes, client) => {
		const structs = doc.store.clients.get(client);
		if (!structs || structs.length === 0) return;
		for (const range of deletes) {
			const rangeEnd = range.clock + range.len;
			for (let i = Y.findIndexSS(structs, range.clock); i < structs.length; i++) {
				const struct = structs[i]!;
				if (struct.id.clock >= rangeEnd) break;
				// Formatting markers (not countable) are nobody's text: no entry for them.
				if (!(struct instanceof Y.Item) || struct.redone === null || !struct.countable) continue;
				const from = Math.max(range.clock, struct.id.clock);
				const to = Math.min(rangeEnd, struct.id.clock + struct.length);
				const target = struct.redone;
				const writers = attributed(runs, client, from, to - from);
				if (writers.every(([, writer]) => writer === target.client)) continue;
				const clock = target.clock + (from - struct.id.clock);
				entries.push([`${target.client}:${clock}`, [client, from, to - from]]);
			}
		}
	});
	if (entries.length === 0) return;
	const map = doc.getMap<unknown>(RESTORED_FIELD);
	const fresh = entries.filter(([key, value]) => {
		const known = map.get(key);
		return !Array.isArray(known) || known.some((n, i) => n !== value[i]);
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

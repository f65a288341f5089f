/**
 * The check of "who wrote what" entries an editor writes after an undo (the restored map,
 * src/lib/editor/authorship/restored.ts): an entry says "my items k… give back these deleted
 * items of someone", so the restored text is shown as theirs. Without a check, anyone could have
 * their own text shown as someone else's. An entry is accepted when the restoring items belong to
 * the socket's user and, where the document holds them, both runs exist and the source run is
 * deleted (what an undo restores). A resend (sync step 2) may carry entries for items this server
 * lost: accepted when the document does not hold the runs, like the resent items themselves.
 */
import * as Y from 'yjs';
import { parseRestoredEntry, RESTORED_FIELD } from '../../src/lib/editor/authorship/restored';

export interface RestoredEntry {
	key: string;
	value: unknown;
}

/** The restored map entries an update writes (items whose parent is the root map). */
export function restoredEntriesOf(item: Y.Item): RestoredEntry[] {
	// In a decoded update, a root type's child names its parent by the root's name.
	if ((item.parent as unknown) !== RESTORED_FIELD || typeof item.parentSub !== 'string') return [];
	const values = item.content.getContent();
	return [{ key: item.parentSub, value: values[values.length - 1] }];
}

/** Whether the clocks `clock … clock + length - 1` of `client` are all deleted in `doc`. */
function allDeleted(doc: Y.Doc, client: number, clock: number, length: number): boolean {
	const structs = doc.store.clients.get(client);
	if (!structs) return false;
	const end = clock + length;
	for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
		const struct = structs[i]!;
		if (struct.id.clock >= end) return true;
		if (!struct.deleted) return false;
	}
	return true;
}

/**
 * Why the entries are refused, or null. `isOwn(client)`: the client id is the socket user's (or
 * nobody's yet and brought by this very update, to be recorded as theirs).
 */
export function restoredViolation(
	entries: readonly RestoredEntry[],
	doc: Y.Doc,
	isOwn: (client: number) => boolean,
	resend: boolean
): string | null {
	for (const { key, value } of entries) {
		const run = parseRestoredEntry(key, value);
		if (!run) return 'restored_malformed';
		const client = Number(key.split(':')[0]);
		if (!isOwn(client)) {
			// Relayed with the items it describes (owners unchanged), like others' resent text.
			if (resend) continue;
			return 'restored_not_own';
		}
		const held =
			run.clock + run.length <= Y.getState(doc.store, client) &&
			run.sourceClock + run.length <= Y.getState(doc.store, run.sourceClient);
		if (!held) {
			if (resend) continue;
			return 'restored_unknown_items';
		}
		if (!allDeleted(doc, run.sourceClient, run.sourceClock, run.length)) {
			return 'restored_source_present';
		}
	}
	return null;
}

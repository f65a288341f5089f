/**
 * Structural check of a client's Yjs update before it touches the live document. `Y.applyUpdate`
 * accepts structs no Yjs client can produce (client ids past 32 bits, zero-length items, deletes
 * of empty ranges); integrated, they leave a document whose encoding other clients decode
 * differently, so later valid edits stop converging. Found by the protocol fuzz.
 */
import * as Y from 'yjs';
import { restoredEntriesOf, type RestoredEntry } from './restored-check';

/** Yjs draws client ids with `random.uint32()`. */
const MAX_CLIENT_ID = 0xffffffff;

interface Id {
	client: number;
	clock: number;
}

function isValidId(id: Id): boolean {
	return (
		Number.isInteger(id.client) &&
		id.client >= 0 &&
		id.client <= MAX_CLIENT_ID &&
		Number.isSafeInteger(id.clock) &&
		id.clock >= 0
	);
}

/** What the live document needs to know about a client's update, from one decoding of it. */
export interface UpdateInspection {
	/** Why the update is impossible, or null when it is well formed. */
	impossible: string | null;
	/** The decoded structs (not integrated anywhere): the suggestion check reads them too. */
	structs: ReturnType<typeof Y.decodeUpdate>['structs'];
	/** Per client, the clock after the update's last struct (`Y.parseUpdateMeta(update).to`). */
	ends: Map<number, number>;
	deletions: ReturnType<typeof Y.decodeUpdate>['ds'];
	/** Entries the update writes into the "who wrote what" restored map (restored-check.ts). */
	restored: RestoredEntry[];
}

/** Why the update is impossible, or null when it is well formed. Throws if it does not decode. */
export function impossibleStruct(update: Uint8Array): string | null {
	return inspectUpdate(update).impossible;
}

/** Decodes `update` once for every check the live document makes. Throws if it does not decode. */
export function inspectUpdate(update: Uint8Array): UpdateInspection {
	const { structs, ds } = Y.decodeUpdate(update);
	const ends = new Map<number, number>();
	const restored: RestoredEntry[] = [];
	const inspection = (impossible: string | null) => ({
		impossible,
		structs,
		ends,
		deletions: ds,
		restored
	});
	for (const struct of structs) {
		if (!isValidId(struct.id)) return inspection('struct_id');
		if (!Number.isSafeInteger(struct.length) || struct.length < 1) {
			return inspection('struct_length');
		}
		const expected = ends.get(struct.id.client);
		if (expected !== undefined && expected !== struct.id.clock) return inspection('struct_clock');
		ends.set(struct.id.client, struct.id.clock + struct.length);
		if (struct instanceof Y.Item) {
			if (struct.origin !== null && !isValidId(struct.origin)) return inspection('struct_origin');
			if (struct.rightOrigin !== null && !isValidId(struct.rightOrigin)) {
				return inspection('struct_origin');
			}
			if (struct.parent instanceof Y.ID && !isValidId(struct.parent)) {
				return inspection('struct_parent');
			}
			if (typeof (struct.parent as unknown) === 'string')
				restored.push(...restoredEntriesOf(struct));
		}
	}
	for (const [client, ranges] of ds.clients) {
		for (const range of ranges) {
			if (!isValidId({ client, clock: range.clock })) return inspection('delete_id');
			if (!Number.isSafeInteger(range.len) || range.len < 1) return inspection('delete_length');
		}
	}
	return inspection(null);
}

/**
 * True when `ydoc` holds every struct of `structs` (an update's, decoded, after applying it). Yjs
 * decodes an update for applying otherwise than `Y.decodeUpdate` does in one case: a client
 * listed twice keeps only its last list, the other structs silently dropped. Such an update,
 * which no Yjs encoder writes, must not count as taken whole (the checks vouched for what the
 * decoding showed).
 */
export function holdsEvery(structs: UpdateInspection['structs'], ydoc: Y.Doc): boolean {
	const store = ydoc.store;
	for (const struct of structs) {
		if (struct instanceof Y.Skip) continue;
		if (struct.id.clock + struct.length > Y.getState(store, struct.id.client)) return false;
	}
	return true;
}

/**
 * True when an update whose structs end at `ends` and whose deletions are `deletions` would not
 * change `ydoc`: every struct already in it and every deleted range already deleted (a reconnecting
 * client's sync step 2 when it holds nothing new). Such an update needs no transaction.
 */
export function changesNothing(
	ends: ReadonlyMap<number, number>,
	deletions: UpdateInspection['deletions'],
	ydoc: Y.Doc
): boolean {
	const store = ydoc.store;
	for (const [client, end] of ends) if (end > Y.getState(store, client)) return false;
	for (const [client, ranges] of deletions.clients) {
		const structs = store.clients.get(client);
		if (structs === undefined) return false;
		for (const range of ranges) {
			const end = range.clock + range.len;
			if (end > Y.getState(store, client)) return false;
			let index = Y.findIndexSS(structs, range.clock);
			for (let clock = range.clock; clock < end; index++) {
				const struct = structs[index]!;
				if (!struct.deleted) return false;
				clock = struct.id.clock + struct.length;
			}
		}
	}
	return true;
}

/**
 * Structural check of a client's Yjs update before it touches the live document. `Y.applyUpdate`
 * accepts structs no Yjs client can produce (client ids past 32 bits, zero-length items, deletes
 * of empty ranges); integrated, they leave a document whose encoding other clients decode
 * differently, so later valid edits stop converging. Found by the protocol fuzz.
 */
import * as Y from 'yjs';

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

/** Why the update is impossible, or null when it is well formed. Throws if it does not decode. */
export function impossibleStruct(update: Uint8Array): string | null {
	const { structs, ds } = Y.decodeUpdate(update);
	const nextClock = new Map<number, number>();
	for (const struct of structs) {
		if (!isValidId(struct.id)) return 'struct_id';
		if (!Number.isSafeInteger(struct.length) || struct.length < 1) return 'struct_length';
		const expected = nextClock.get(struct.id.client);
		if (expected !== undefined && expected !== struct.id.clock) return 'struct_clock';
		nextClock.set(struct.id.client, struct.id.clock + struct.length);
		if (struct instanceof Y.Item) {
			if (struct.origin !== null && !isValidId(struct.origin)) return 'struct_origin';
			if (struct.rightOrigin !== null && !isValidId(struct.rightOrigin)) return 'struct_origin';
			if (struct.parent instanceof Y.ID && !isValidId(struct.parent)) return 'struct_parent';
		}
	}
	for (const [client, ranges] of ds.clients) {
		for (const range of ranges) {
			if (!isValidId({ client, clock: range.clock })) return 'delete_id';
			if (!Number.isSafeInteger(range.len) || range.len < 1) return 'delete_length';
		}
	}
	return null;
}

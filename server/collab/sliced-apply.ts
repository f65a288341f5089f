/**
 * Building a large stored document without one long task. `Y.applyUpdate` of a 1 MB snapshot
 * holds the event loop for 50–100 ms (more on a freshly started server, before the JIT), and
 * nothing else runs meanwhile: during a reconnect storm every other socket waits. Here the update
 * is decoded once, its structs put in an order where every struct comes after what it refers to
 * (its left and right origins and its parent, as Yjs itself integrates them), and cut into slices
 * of that order: each slice is a valid update whose dependencies are in the document already, so
 * applying the slices one after the other, with turns of the event loop in between, never leaves
 * pending structs and ends in the same document. The deletions go last. Yjs deletes formatting
 * marks it finds redundant after applying an update; on a half-built text that would delete real
 * ones, so the caller does that once on the whole document (`cleanUpFormatting`), as one apply of
 * the row would have.
 * When the update does not allow it (missing dependencies, structs the document already holds),
 * `sliceUpdate` returns null and the caller applies it whole, as before.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Below this size a whole `Y.applyUpdate` takes a few milliseconds: no slicing. */
export const SLICE_FROM_BYTES = 128 * 1024;

/** Structs per slice (bench 1 MB protocol: ~2–4 ms of apply each on a warm server). */
export const STRUCTS_PER_SLICE = 2_000;

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

/** A run of one client's structs, `from` to `to` (exclusive) in its list. */
interface Block {
	client: number;
	from: number;
	to: number;
}

/**
 * The slices of `update` for a document in the state `ydoc` has now (structs first, in order,
 * then one update of the deletions), or null when it must be applied whole. Slices are encoded
 * lazily, one per `next()`.
 */
export function sliceUpdate(
	update: Uint8Array,
	ydoc: Y.Doc,
	structsPerSlice = STRUCTS_PER_SLICE
): Iterable<Uint8Array> | null {
	const { structs, ds } = Y.decodeUpdate(update);
	const byClient = new Map<number, Struct[]>();
	for (const struct of structs) {
		// A Skip stands for structs the update does not carry: they would stay pending.
		if (struct instanceof Y.Skip) return null;
		const list = byClient.get(struct.id.client);
		if (list === undefined) byClient.set(struct.id.client, [struct]);
		else list.push(struct);
	}
	const order = causalOrder(byClient, ydoc);
	if (order === null) return null;
	return slices(order, byClient, ds, structsPerSlice);
}

/**
 * Runs of structs in an order where each struct's dependencies come before it (or are in the
 * document already); null if there is none (a dependency missing from both, or structs that
 * overlap what the document holds).
 */
function causalOrder(byClient: Map<number, Struct[]>, ydoc: Y.Doc): Block[] | null {
	const state = new Map<number, number>();
	const next = new Map<number, number>();
	for (const [client, list] of byClient) {
		// Each client's structs must continue exactly where the document stands, without gaps.
		let clock = Y.getState(ydoc.store, client);
		for (const struct of list) {
			if (struct.id.clock !== clock) return null;
			clock += struct.length;
		}
		state.set(client, Y.getState(ydoc.store, client));
		next.set(client, 0);
	}
	const clockOf = (client: number) => state.get(client) ?? Y.getState(ydoc.store, client);
	/** The first dependency of `struct` not integrated yet: [client, clock needed], or null. */
	const unmet = (struct: Struct): [number, number] | null => {
		if (!(struct instanceof Y.Item)) return null;
		const parent = struct.parent instanceof Y.ID ? struct.parent : null;
		for (const id of [struct.origin, struct.rightOrigin, parent]) {
			if (id === null || id.clock < clockOf(id.client)) continue;
			return [id.client, id.clock + 1];
		}
		return null;
	};
	const blocks: Block[] = [];
	for (const [start, startList] of byClient) {
		// Demands: "client c integrated up to clock t", the top one being worked on. A client is on
		// the stack at most once: a second demand on it would be a cycle.
		const stack: [number, number][] = [
			[start, startList[startList.length - 1]!.id.clock + startList[startList.length - 1]!.length]
		];
		const onStack = new Set<number>([start]);
		while (stack.length > 0) {
			const [client, target] = stack[stack.length - 1]!;
			const list = byClient.get(client);
			let index = next.get(client) ?? 0;
			const from = index;
			let blocker: [number, number] | null = null;
			while (clockOf(client) < target) {
				const struct = list?.[index];
				// Needed but neither in the document nor in the update.
				if (struct === undefined) return null;
				blocker = unmet(struct);
				if (blocker !== null) break;
				index++;
				state.set(client, struct.id.clock + struct.length);
			}
			if (index > from) {
				next.set(client, index);
				const last = blocks[blocks.length - 1];
				if (last !== undefined && last.client === client && last.to === from) last.to = index;
				else blocks.push({ client, from, to: index });
			}
			if (blocker === null) {
				stack.pop();
				onStack.delete(client);
				continue;
			}
			if (onStack.has(blocker[0])) return null;
			stack.push(blocker);
			onStack.add(blocker[0]);
		}
	}
	return blocks;
}

function* slices(
	order: readonly Block[],
	byClient: Map<number, Struct[]>,
	ds: DeleteSet,
	structsPerSlice: number
): Generator<Uint8Array> {
	let slice = new Map<number, { from: number; to: number }>();
	let count = 0;
	for (const block of order) {
		let from = block.from;
		while (from < block.to) {
			const to = Math.min(block.to, from + structsPerSlice - count);
			const run = slice.get(block.client);
			// Runs of one client in one slice are contiguous: the order takes each client's
			// structs in sequence.
			if (run !== undefined) run.to = to;
			else slice.set(block.client, { from, to });
			count += to - from;
			from = to;
			if (count >= structsPerSlice) {
				yield encodeStructs(slice, byClient);
				slice = new Map();
				count = 0;
			}
		}
	}
	if (count > 0) yield encodeStructs(slice, byClient);
	if (ds.clients.size > 0) yield encodeDeletions(ds);
}

/** A Yjs v1 update carrying these runs of structs and no deletions. */
function encodeStructs(
	runs: Map<number, { from: number; to: number }>,
	byClient: Map<number, Struct[]>
): Uint8Array {
	const encoder = new Y.UpdateEncoderV1();
	encoding.writeVarUint(encoder.restEncoder, runs.size);
	for (const [client, { from, to }] of runs) {
		const list = byClient.get(client)!;
		encoding.writeVarUint(encoder.restEncoder, to - from);
		encoder.writeClient(client);
		encoding.writeVarUint(encoder.restEncoder, list[from]!.id.clock);
		for (let i = from; i < to; i++) list[i]!.write(encoder, 0);
	}
	encoding.writeVarUint(encoder.restEncoder, 0);
	return encoder.toUint8Array();
}

/** A Yjs v1 update carrying only these deletions. */
function encodeDeletions(ds: DeleteSet): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, ds.clients.size);
	for (const [client, ranges] of ds.clients) {
		encoding.writeVarUint(encoder, client);
		encoding.writeVarUint(encoder, ranges.length);
		for (const range of ranges) {
			encoding.writeVarUint(encoder, range.clock);
			encoding.writeVarUint(encoder, range.len);
		}
	}
	return encoding.toUint8Array(encoder);
}

/**
 * What Yjs does after applying a whole document at once: every text holding formatting marks
 * is cleaned of redundant ones (`cleanupYTextAfterTransaction`, where every mark is new).
 */
export function cleanUpFormatting(ydoc: Y.Doc): void {
	const texts = new Set<Y.Text>();
	for (const type of ydoc.share.values()) if (type instanceof Y.Text) texts.add(type);
	for (const structs of ydoc.store.clients.values()) {
		for (const struct of structs) {
			if (struct instanceof Y.Item && !struct.deleted && struct.content instanceof Y.ContentType) {
				const type = struct.content.type;
				if (type instanceof Y.Text) texts.add(type);
			}
		}
	}
	for (const text of texts) if (text._hasFormatting) Y.cleanupYTextFormatting(text);
}

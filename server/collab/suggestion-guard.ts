/**
 * The suggestion check (suggestion-check.ts) at the cost of what an update touches. The whole-
 * document check copies the document and reads all of it through the editor schema on every
 * keystroke of a comment-role socket; here a shadow copy of the document, kept in step with the
 * live one while a comment-role socket is connected, takes the update instead, and only the
 * top-level blocks the update touches are read, before and after, and compared exactly as the
 * whole-document check compares them (`canonicalBlock`).
 *
 * The fast path can only ACCEPT: anything it cannot vouch for (a new or removed block, a change
 * outside the body, an update that does not integrate whole, a block the schema cannot read, or
 * a difference) goes to the whole-document check, which stays the judge — so the verdicts, the
 * violation codes and the close codes are those of the whole-document check, by construction.
 *
 * Why comparing the touched blocks is enough: the whole-document check compares the list of
 * canonical blocks of the body. When the update leaves the body's list of blocks as it was and
 * changes nothing outside the blocks it touches, the other blocks read the same, so the two
 * lists are equal exactly when the touched blocks are.
 *
 * Memory: one more Y.Doc of the document (about its live size) while at least one comment-role
 * socket is connected to it, built when the first one is admitted (`retain`) rather than inside
 * the first suggested keystroke, where the copy held up every peer's relay; every update the live
 * document applies is applied to the shadow too (Yjs integration only, no schema read).
 */
import * as Y from 'yjs';
import type { Node } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorFragment } from '@tiptap/y-tiptap';
import { EDITOR_FIELD } from '../../src/lib/editor/extensions';
import { INSERT_MARK } from '../../src/lib/editor/suggestions/marks';
import { skipEmptyFormattingCleanup } from '../../src/lib/collab/formatting-cleanup';
import {
	canonicalBlock,
	checkSchema,
	suggestionViolation,
	type SuggestionViolation
} from './suggestion-check';
import { changesNothing, inspectUpdate, type UpdateInspection } from './update-check';

type Block = Y.XmlElement;

/** How the last checks were decided (tests, and the bench's profile). */
export interface GuardCounters {
	fast: number;
	full: number;
	rebuilds: number;
	/** Of the fast ones: accepted without reading the block after (`continuesOwnInsertion`). */
	continued: number;
	/** Blocks read through the schema (a reading remembered from the last check is not counted). */
	reads: number;
}

const guards = new WeakMap<Y.Doc, SuggestionGuard>();

/** The guard of a live document (one per Y.Doc, made on first use). */
export function suggestionGuard(live: Y.Doc): SuggestionGuard {
	let guard = guards.get(live);
	if (!guard) {
		guard = new SuggestionGuard(live);
		guards.set(live, guard);
	}
	return guard;
}

export class SuggestionGuard {
	readonly counters: GuardCounters = { fast: 0, full: 0, rebuilds: 0, continued: 0, reads: 0 };
	private shadow: Y.Doc | null = null;
	/**
	 * Each block's canonical text as last read after an accepted update (for that author): the
	 * next keystroke's "before". Forgotten as soon as anything changes in the block.
	 */
	private readonly readings = new Map<Block, { author: string; text: string }>();
	/** The shadow's body (its XmlFragment), while there is a shadow. */
	private body: Y.XmlFragment | null = null;
	/** While the check reads blocks: set by any shadow transaction (a read repaired a block). */
	private wrote = false;
	/** While the check applies an update: the blocks it may touch, and whether it touched another. */
	private applying: Set<Block> | null = null;
	private outside = false;
	/**
	 * The shadow's one transaction listener (one pass over the changed types, no listener added
	 * and removed per keystroke): forgets the readings of changed blocks, flags a write during a
	 * read, and a change outside the touched blocks during the check's apply.
	 */
	private readonly onShadowTransaction = (transaction: Y.Transaction): void => {
		this.wrote = true;
		const body = this.body;
		if (body === null || (this.readings.size === 0 && this.applying === null)) return;
		const continuing = this.continuing;
		if (continuing?.taken && isTransactionOf(transaction, continuing)) return;
		for (const type of transaction.changed.keys()) {
			const block = blockOf(type as Y.AbstractType<unknown>, body);
			if (block) this.readings.delete(block);
			else this.readings.clear(); // the body's list of blocks, or beyond: forget all
			if (this.applying !== null && (block === null || !this.applying.has(block))) {
				this.outside = true;
			}
		}
	};
	/** The shadow may hold what the live document does not: rebuilt before the next check. */
	private stale = false;
	private holders = 0;
	/**
	 * The live document's updates the shadow has not taken yet. The shadow follows after the
	 * relay (`setImmediate`, queued after the document's broadcast), not inside the live update:
	 * a suggested keystroke accepted before it is applied (`continuationAhead`) and every editor's
	 * keystroke then reach the peers without waiting for a second integration. Taken before the
	 * next check reads the shadow.
	 */
	private pending: Uint8Array[] = [];
	private catchUpQueued = false;
	/**
	 * The last keystroke accepted ahead (`continuationAhead`): its own transaction in the shadow
	 * leaves its block's reading as it is, since by the argument there the block reads the same.
	 */
	private continuing: Continuation | null = null;
	private readonly follow = (
		update: Uint8Array,
		_origin: unknown,
		_doc: Y.Doc,
		transaction: Y.Transaction
	): void => {
		if (!this.shadow || this.stale) return;
		// The live transaction right after a continuation was accepted ahead is that keystroke's
		// own, or the live document did not take it: then it vouches for nothing.
		const continuing = this.continuing;
		if (continuing !== null && !continuing.taken) {
			if (isTransactionOf(transaction, continuing)) continuing.taken = true;
			else this.continuing = null;
		}
		// A suggestion the check applied is already in the shadow: applying it again is not free
		// (Yjs splits the merged neighbours it names, then runs a whole transaction's clean-up).
		// Told from the live transaction's clocks and deletions, without decoding the update.
		if (this.pending.length === 0 && holdsTransaction(transaction, this.shadow)) return;
		this.pending.push(update);
		if (!this.catchUpQueued) {
			this.catchUpQueued = true;
			setImmediate(this.catchUp);
		}
	};
	/** The shadow takes what the live document took since (run after the relay; public for the bench). */
	readonly catchUp = (): void => {
		this.catchUpQueued = false;
		this.takePending();
	};

	constructor(private readonly live: Y.Doc) {}

	/**
	 * A comment-role socket is connected: the shadow is built now (when it is the first) and kept
	 * until `release`, so that no suggested keystroke pays for the copy.
	 */
	retain(): void {
		this.holders++;
		this.ensureShadow();
	}

	release(): void {
		this.holders = Math.max(0, this.holders - 1);
		if (this.holders === 0) this.dropShadow();
	}

	/**
	 * The live document did not take the last update accepted by `check` (or took only part of
	 * it): the shadow, which did, is rebuilt before the next check.
	 */
	resync(): void {
		this.stale = true;
	}

	/**
	 * Null when `update` only adds, strikes or withdraws `author`'s own suggestions. `inspection`:
	 * the update already decoded (`inspectUpdate`; null if it did not decode), not decoded again.
	 */
	check(
		update: Uint8Array,
		author: string,
		inspection?: UpdateInspection | null
	): SuggestionViolation | null {
		if (this.holders > 0 && this.fastAcceptsOrDoubts(update, author, inspection)) {
			this.counters.fast++;
			return null;
		}
		this.counters.full++;
		const violation = suggestionViolation(this.live, update, author);
		// The fast path may have applied the update to the shadow: refused, it must not stay.
		if (violation !== null) this.stale = true;
		return violation;
	}

	/** The live document's updates the shadow has not taken yet, in their order. */
	private takePending(): void {
		const updates = this.pending;
		this.pending = [];
		try {
			if (!this.shadow || this.stale) return;
			for (const update of updates) Y.applyUpdate(this.shadow, update);
		} catch {
			// Never into the live document's own update handlers: rebuilt before the next check.
			this.stale = true;
		} finally {
			// Taken or not, the last continuation vouches for nothing after this.
			this.continuing = null;
		}
	}

	private ensureShadow(): Y.Doc {
		this.takePending();
		if (this.shadow && !this.stale) return this.shadow;
		this.dropShadow();
		const shadow = new Y.Doc({ gc: this.live.gc });
		skipEmptyFormattingCleanup(shadow);
		Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.live));
		this.live.on('update', this.follow);
		shadow.on('afterTransaction', this.onShadowTransaction);
		this.shadow = shadow;
		this.body = shadow.getXmlFragment(EDITOR_FIELD);
		this.stale = false;
		this.counters.rebuilds++;
		return shadow;
	}

	private dropShadow(): void {
		if (!this.shadow) return;
		this.live.off('update', this.follow);
		this.pending = [];
		this.continuing = null;
		this.readings.clear();
		this.shadow.destroy();
		this.shadow = null;
		this.body = null;
	}

	/**
	 * `fastAccepts`, where anything thrown (a block whose reading throws, after the update was
	 * applied to the shadow) is a doubt: the shadow is rebuilt and the whole-document check decides.
	 */
	private fastAcceptsOrDoubts(
		update: Uint8Array,
		author: string,
		inspection: UpdateInspection | null | undefined
	): boolean {
		try {
			return this.fastAccepts(update, author, inspection);
		} catch {
			this.stale = true;
			this.continuing = null;
			return false;
		}
	}

	/** True when the update certainly passes the whole-document check (false: ask it). */
	private fastAccepts(
		update: Uint8Array,
		author: string,
		inspection: UpdateInspection | null | undefined
	): boolean {
		if (inspection === undefined) {
			try {
				inspection = inspectUpdate(update);
			} catch {
				return false;
			}
		}
		if (inspection === null || inspection.impossible !== null) return false;
		const decoded = { structs: inspection.structs, ds: inspection.deletions };
		const shadow = this.ensureShadow();
		const body = this.body!;
		let blocks: Set<Block> | null;
		try {
			blocks = touchedBlocks(shadow, body, decoded);
		} catch {
			blocks = null;
		}
		// No block at all: an update with nothing new (a reconnecting client's sync step 2); applying
		// it below must then change nothing.
		if (blocks === null) return false;

		this.wrote = false;
		const before = this.readBlocks(blocks, author, true);
		// Reading repairs (deletes) a block the schema refuses: the shadow is no longer the live one.
		if (this.wrote) this.stale = true;
		if (before === null || this.wrote) return false;

		// The most common suggested keystroke, continuing one's own insertion, is vouched for before
		// anything is applied: the shadow takes it after the relay, with the live document's update.
		if (blocks.size === 1 && changesNothing(NO_ENDS, inspection.deletions, shadow)) {
			const ahead = continuationAhead(shadow, body, inspection, author);
			if (ahead !== null && blocks.has(ahead.block)) {
				for (const [block, text] of before) this.readings.set(block, { author, text });
				this.continuing = ahead;
				this.counters.continued++;
				return true;
			}
		}
		this.applying = blocks;
		this.outside = false;
		try {
			Y.applyUpdate(shadow, update);
		} catch {
			this.stale = true;
			return false;
		} finally {
			this.applying = null;
		}
		// From here the shadow holds the update: any doubt leaves it to be rebuilt.
		if (this.outside || shadow.store.pendingStructs !== null || shadow.store.pendingDs !== null) {
			this.stale = true;
			return false;
		}
		this.wrote = false;
		const after = this.readBlocks(blocks, author, false);
		if (after === null || this.wrote) {
			this.stale = true;
			return false;
		}
		for (const [block, text] of before) {
			if (after.get(block) !== text) {
				this.stale = true;
				return false;
			}
		}
		for (const [block, text] of after) this.readings.set(block, { author, text });
		return true;
	}

	/**
	 * The canonical text of each block, or null when one does not read through the schema. The
	 * reading after the update is always fresh; the one before may come from the last check.
	 */
	private readBlocks(
		blocks: Set<Block>,
		author: string,
		remembered: boolean
	): Map<Block, string> | null {
		const out = new Map<Block, string>();
		for (const block of blocks) {
			const known = remembered ? this.readings.get(block) : undefined;
			let text: string | null;
			if (known?.author === author) text = known.text;
			else {
				this.counters.reads++;
				text = readBlock(block, author);
			}
			if (text === null) return null;
			out.set(block, text);
		}
		return out;
	}
}

/** Per client, the clock after the last struct `transaction` added (what its update ends at). */
export function transactionEnds(transaction: Y.Transaction): Map<number, number> {
	const ends = new Map<number, number>();
	for (const [client, clock] of transaction.afterState) {
		if (clock > (transaction.beforeState.get(client) ?? 0)) ends.set(client, clock);
	}
	return ends;
}

/**
 * True when `ydoc` already holds everything `transaction` (of another document) added and deleted:
 * `changesNothing(transactionEnds(transaction), transaction.deleteSet, ydoc)` without building
 * the map of ends (this runs on every live update while a commenter is connected).
 */
const NO_ENDS: ReadonlyMap<number, number> = new Map();

export function holdsTransaction(transaction: Y.Transaction, ydoc: Y.Doc): boolean {
	const store = ydoc.store;
	for (const [client, clock] of transaction.afterState) {
		if (clock > (transaction.beforeState.get(client) ?? 0) && clock > Y.getState(store, client)) {
			return false;
		}
	}
	return changesNothing(NO_ENDS, transaction.deleteSet, ydoc);
}

/**
 * y-tiptap's name of the mark a Yjs text attribute stands for: marks that exclude nothing (ours)
 * are stored under `<name>--<8 characters of hash>` (y-tiptap `yattr2markname`, not exported;
 * a unit test continues an insertion stored by y-tiptap's own conversion).
 */
const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/;

function markNameOf(attribute: string): string {
	return HASHED_MARK_NAME.exec(attribute)?.[1] ?? attribute;
}

/** A keystroke `continuationAhead` accepted before the shadow took it. */
interface Continuation {
	client: number;
	clock: number;
	length: number;
	/** The origin it was vouched for with (the last character of its left neighbour). */
	origin: Y.ID;
	/** The live document's transaction right after the check was this keystroke's. */
	taken: boolean;
	/** The shadow's text it goes into, and that text's block. */
	text: Y.XmlText;
	block: Block;
}

/**
 * The continuation when the update, not yet applied to `shadow` (which equals the live
 * document), is one run of text typed right after visible text that carries `author`'s own
 * insertion mark, in the same text and with no formatting between (so with exactly that text's
 * attributes): the most common suggested keystroke, continuing one's own insertion. Null for
 * anything else (another neighbour, formatting at the boundary, several items, another type):
 * the block is then read after applying the update.
 *
 * Why the block then reads the same: the run's origin is the last character of that text item
 * and its right origin is exactly the item now after it, so Yjs puts the run between them,
 * splits nothing and has no concurrent item to order it against (`Item.integrate`: its left's
 * right is its right). With nothing between, the run has that text's attributes, so read
 * through the schema it joins a run of the same marks, and both are taken out with the author's
 * own suggestions (`withoutOwnSuggestions`): the comparison the check makes is equal. The
 * neighbour's marks read through the schema, since the block's reading before succeeded (the
 * caller's condition, with one block touched and no deletion the shadow does not already hold).
 */
function continuationAhead(
	shadow: Y.Doc,
	body: Y.XmlFragment,
	inspection: UpdateInspection,
	author: string
): Continuation | null {
	const structs = inspection.structs.filter((s) => !(s instanceof Y.Skip));
	if (structs.length !== 1) return null;
	const item = structs[0]!;
	if (!(item instanceof Y.Item) || !(item.content instanceof Y.ContentString)) return null;
	if (item.length === 0) return null;
	const store = shadow.store;
	// The next clock of its client: nothing of it held already (Yjs would re-anchor the rest),
	// nothing missing before it (it would wait, pending).
	if (item.id.clock !== Y.getState(store, item.id.client)) return null;
	const origin = item.origin;
	if (origin === null || origin.clock >= Y.getState(store, origin.client)) return null;
	const left = Y.getItem(store, origin) as Y.Item | Y.GC;
	if (!(left instanceof Y.Item) || left.deleted || left.parentSub !== null) return null;
	if (!(left.content instanceof Y.ContentString)) return null;
	if (left.id.clock + left.length - 1 !== origin.clock) return null;
	const right = left.right;
	const rightOrigin = item.rightOrigin;
	if (rightOrigin === null ? right !== null : right === null || !sameId(right.id, rightOrigin)) {
		return null;
	}
	const text = left.parent;
	if (!(text instanceof Y.XmlText)) return null;
	const block = blockOf(text as unknown as Y.AbstractType<unknown>, body);
	if (block === null || !isContentUpTo(text as unknown as Y.AbstractType<unknown>, block)) {
		return null;
	}
	// The attributes there, as Yjs's toDelta computes them: every visible formatting item before.
	const attributes = new Map<string, unknown>();
	for (let at: Y.Item | null = text._start; at !== left; at = at.right) {
		if (at === null) return null;
		if (!at.deleted && at.content instanceof Y.ContentFormat) {
			const { key, value } = at.content;
			if (value === null) attributes.delete(key);
			else attributes.set(key, value);
		}
	}
	for (const [key, value] of attributes) {
		if (markNameOf(key) !== INSERT_MARK) continue;
		if (
			typeof value === 'object' &&
			value !== null &&
			(value as { author?: unknown }).author === author
		) {
			return {
				client: item.id.client,
				clock: item.id.clock,
				length: item.length,
				origin,
				taken: false,
				text,
				block
			};
		}
	}
	return null;
}

function sameId(a: Y.ID, b: Y.ID): boolean {
	return a.client === b.client && a.clock === b.clock;
}

/**
 * True when `transaction` (the live document's, or the shadow's) is exactly the continuation's:
 * its one run added right after the origin it was vouched for, in a text of that name, nothing
 * deleted. Anything more and the block's reading is forgotten as usual.
 */
function isTransactionOf(transaction: Y.Transaction, continuation: Continuation): boolean {
	if (transaction.deleteSet.clients.size !== 0 || transaction.changed.size !== 1) return false;
	for (const [client, clock] of transaction.afterState) {
		const before = transaction.beforeState.get(client) ?? 0;
		if (clock === before) continue;
		if (client !== continuation.client) return false;
		if (before !== continuation.clock || clock !== continuation.clock + continuation.length) {
			return false;
		}
	}
	const store = transaction.doc.store;
	if (continuation.clock >= Y.getState(store, continuation.client)) return false;
	const item = Y.getItem(store, Y.createID(continuation.client, continuation.clock));
	if (!(item instanceof Y.Item) || item.parentSub !== null) return false;
	if (!(item.content instanceof Y.ContentString)) return false;
	// Its origin: its own, or, once Yjs merged it into the item on its left (the live document's
	// update event comes after the merge), that item's character right before it.
	const origin =
		item.id.clock === continuation.clock
			? item.origin
			: Y.createID(continuation.client, continuation.clock - 1);
	if (origin === null || !sameId(origin, continuation.origin)) return false;
	const text = item.parent as Y.AbstractType<unknown>;
	if (!transaction.changed.has(text as never)) return false;
	// The same text as vouched for: in the shadow the very type, in the live document its twin.
	const vouched = continuation.text as unknown as Y.AbstractType<unknown>;
	return text === vouched || sameId(text._item?.id ?? NO_ID, vouched._item?.id ?? NO_ID);
}

const NO_ID = Y.createID(-1, -1);

/** True when `type` is content (not an attribute's value) at every level up to `block`. */
function isContentUpTo(type: Y.AbstractType<unknown>, block: Block): boolean {
	for (let current = type; current !== (block as unknown);) {
		const item = current._item;
		if (item === null || item.parentSub !== null) return false;
		if (!(item.parent instanceof Y.AbstractType)) return false;
		current = item.parent as Y.AbstractType<unknown>;
	}
	return true;
}

/** The top-level block (child of the body) holding `type`, or null (the body itself, or outside). */
function blockOf(type: Y.AbstractType<unknown>, body: Y.XmlFragment): Block | null {
	let current = type;
	for (;;) {
		const parent = current._item?.parent;
		if (!(parent instanceof Y.AbstractType)) return null;
		if (parent === body) return current instanceof Y.XmlElement ? current : null;
		current = parent as Y.AbstractType<unknown>;
	}
}

/** A block's canonical text, or null when it does not read through the schema. */
function readBlock(block: Block, author: string): string | null {
	if (block._item === null || block._item.deleted) return null;
	// The very function the whole-document read applies to each block of the body.
	const one = { toArray: () => [block] } as unknown as Y.XmlFragment;
	const read = yXmlFragmentToProseMirrorFragment(one, checkSchema());
	if (read.childCount !== 1) return null;
	return canonicalBlock(read.child(0) as Node, author);
}

/**
 * The blocks of the body the update's new items and deletions fall in, found from the shadow
 * before the update is applied. Null when it cannot be told (a new or deleted block, a parent
 * the shadow lacks, another shared type): the whole-document check decides those.
 */
function touchedBlocks(
	shadow: Y.Doc,
	body: Y.XmlFragment,
	decoded: Pick<ReturnType<typeof Y.decodeUpdate>, 'structs' | 'ds'>
): Set<Block> | null {
	const store = shadow.store;
	const blocks = new Set<Block>();
	/** New items of this update by client, in clock order, with the block each falls in. */
	const fresh = new Map<number, { item: Y.Item; block: Block | null | undefined }[]>();
	for (const struct of decoded.structs) {
		if (struct instanceof Y.Skip) continue;
		const known = Y.getState(store, struct.id.client);
		if (struct.id.clock + struct.length <= known) continue;
		// Partly held already: Yjs drops the known part and re-anchors the rest after the sender's
		// last item, wherever that is, keeping the parent the update names (text can land in
		// another block than its parent says). Only the whole-document check can tell.
		if (struct.id.clock < known) return null;
		if (!(struct instanceof Y.Item)) return null;
		let list = fresh.get(struct.id.client);
		if (!list) fresh.set(struct.id.client, (list = []));
		list.push({ item: struct, block: undefined });
	}

	const freshEntry = (id: Y.ID) =>
		fresh
			.get(id.client)
			?.find((e) => e.item.id.clock <= id.clock && id.clock < e.item.id.clock + e.item.length);

	/** The block of an item already in the shadow (null: not in a block of the body). */
	const blockOfStored = (id: Y.ID): Block | null => {
		if (id.clock >= Y.getState(store, id.client)) return null;
		const struct = Y.getItem(store, id) as Y.Item | Y.GC;
		if (!(struct instanceof Y.Item) || !(struct.parent instanceof Y.AbstractType)) return null;
		if (struct.parent === body) return null;
		return blockOf(struct.parent as Y.AbstractType<unknown>, body);
	};

	/** The block a new item falls in: its parent's, found through its parent or its neighbours. */
	const blockOfFresh = (
		entry: { item: Y.Item; block: Block | null | undefined },
		depth: number
	): Block | null => {
		if (entry.block !== undefined) return entry.block;
		if (depth > 10_000) return null;
		entry.block = null; // a cycle of origins resolves to "cannot tell"
		const { item } = entry;
		let block: Block | null = null;
		if (typeof item.parent === 'string') {
			block = null; // a root type: a new block of the body, or another shared type
		} else if (item.parent instanceof Y.ID) {
			const parentEntry = freshEntry(item.parent);
			if (parentEntry) {
				// A type created by this update inside a block (e.g. a mark's nested node).
				block = blockOfFresh(parentEntry, depth + 1);
			} else {
				const struct =
					item.parent.clock < Y.getState(store, item.parent.client)
						? (Y.getItem(store, item.parent) as Y.Item | Y.GC)
						: null;
				if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) {
					// The parent type is a block itself, or lies in one.
					block = blockOf(struct.content.type as Y.AbstractType<unknown>, body);
				}
			}
		} else {
			const neighbour = item.origin ?? item.rightOrigin;
			if (neighbour) {
				const neighbourEntry = freshEntry(neighbour);
				block = neighbourEntry ? blockOfFresh(neighbourEntry, depth + 1) : blockOfStored(neighbour);
			}
		}
		entry.block = block;
		return block;
	};

	for (const list of fresh.values()) {
		for (const entry of list) {
			const block = blockOfFresh(entry, 0);
			if (block === null) return null;
			blocks.add(block);
			// Integrating splits the items its origins name (getItemCleanEnd / getItemCleanStart),
			// which changes the text there without marking its type changed (a split surrogate
			// pair becomes two U+FFFD): the blocks of both origins are read too.
			for (const id of [entry.item.origin, entry.item.rightOrigin]) {
				if (id === null || freshEntry(id)) continue;
				const named = blockOfStored(id);
				if (named === null) return null;
				blocks.add(named);
			}
		}
	}

	for (const [client, ranges] of decoded.ds.clients) {
		const structs = store.clients.get(client);
		const known = Y.getState(store, client);
		for (const range of ranges) {
			const end = range.clock + range.len;
			if (range.clock < known && structs) {
				for (let i = Y.findIndexSS(structs, range.clock); i < structs.length; i++) {
					const struct = structs[i]!;
					if (struct.id.clock >= end) break;
					if (struct instanceof Y.GC || struct.deleted) continue;
					const block = struct.parent === body ? null : blockOfStored(struct.id);
					if (block === null) return null;
					blocks.add(block);
				}
			}
			// Deletions of this update's own new items fall in those items' blocks (already in).
			if (end > known) {
				const entry = freshEntry(Y.createID(client, Math.max(range.clock, known)));
				if (!entry) return null;
			}
		}
	}
	return blocks;
}

/**
 * One loaded document: its Y.Doc, the server-side awareness, the live connections and the
 * persistence queue. Updates from editors are applied in memory and broadcast at once; the
 * queue makes them durable in the background.
 */
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { DocStore, StoredUpdate } from '../storage/doc-store';
import type { Logger } from '../log';
import type { ConnectionAccess } from '../auth/authenticator';
import { AwarenessGuard, stateJson, type AwarenessOwner } from './awareness-guard';
import { PersistenceQueue, errorMessage } from './persistence';
import {
	awarenessUpdateOf,
	encodeAwarenessEntries,
	encodeAwarenessEntry,
	encodeAwarenessMessage,
	encodeSyncStep2,
	encodeSyncStep2Update,
	encodeSyncUpdate
} from './wire';
import { CollabError, CollabErrorId } from './errors';
import type { WriteGrid } from './write-grid';
import {
	changesNothing,
	holdsEvery,
	impossibleStruct,
	inspectUpdate,
	type UpdateInspection
} from './update-check';
import { SLICE_FROM_BYTES, cleanUpFormatting, sliceUpdate } from './sliced-apply';
import type { Barrier } from './remote-ledger';
import { restoredViolation } from './restored-check';
import { DocumentAuthors, MemoryAuthorshipStore, type AuthorshipStore } from './authorship';
import { hopTrace } from './hop-trace';
import { skipEmptyFormattingCleanup } from '../../src/lib/collab/formatting-cleanup';

/** An idle document as bytes (see CollabDocument.dormant). */
export interface DormantDocument {
	rows: StoredUpdate[];
	authors: DocumentAuthors;
}

/** What the document needs from a live connection. */
export interface DocumentPeer extends AwarenessOwner {
	/** Updates with seq <= requiredSeq must be durable before this peer's next save ack. */
	requiredSeq: number;
	/** Updates relayed by other instances that must be durable before this peer's next save ack. */
	remoteBarrier: Barrier | null;
	readonly userId: string;
	/** Comment-role peers may only bring their own suggestions, resend or not. */
	readonly access?: ConnectionAccess;
	send(message: Uint8Array): void;
	closeWith(error: CollabError): void;
}

export interface DocumentOptions {
	store: DocStore;
	logger: Logger;
	maxDocumentBytes: number;
	batchWindowMs: number;
	/** Least time between two store writes of the document (see PersistenceQueue). */
	minWriteIntervalMs?: number;
	/** Shared clock of timed writes (see PersistenceQueue). */
	writeGrid?: WriteGrid;
	compactEvery: number;
	retryBaseDelayMs: number;
	retryMaxDelayMs: number;
	storageGiveUpAfterMs: number;
	/** Who owns each Yjs client id (see authorship.ts); in memory only when absent. */
	authorship?: AuthorshipStore;
}

/**
 * `incomplete`: part of the update depends on content the document lacks; that part was dropped
 * (see applyClientUpdate) and the client must sync again to send it with its dependencies.
 */
export type ApplyResult = 'applied' | 'too_large' | 'incomplete';

/**
 * Smallest encoded document whose sync step 2 for fresh clients is kept: below it encoding is
 * cheaper than a copy held for the document's whole life (a 10 KB protocol: ~0.2 ms vs 10 KB).
 */
export const FULL_SYNC_CACHE_MIN_BYTES = 64 * 1024;

/** The cached sync step 2 is dropped once unused this long (tablets of a meeting open together). */
export const FULL_SYNC_CACHE_IDLE_MS = 10_000;

/** Largest sync step 2 for a client holding a copy that is kept (see CollabDocument.copySync). */
const COPY_SYNC_CACHE_MAX_BYTES = 64 * 1024;

/** Transaction origin of rows replayed from the store: never re-persisted. */
const LOAD_ORIGIN = Symbol('load');

/** Transaction origin of the server's own changes (sent to every peer, stored). */
export const SERVER_ORIGIN = Symbol('server-change');

/**
 * Transaction origin of updates relayed by another instance (server/collab/relay.ts): sent to this
 * instance's clients, but neither stored here (their instance stores them) nor relayed back.
 */
export const REMOTE_ORIGIN = Symbol('remote');

/** The document's link to the other instances holding it (absent in a single process). */
export interface DocumentLink {
	/** This tick's local updates (clients' or the server's own), merged; covered by `seq`. */
	publishUpdate(update: Uint8Array, seq: number): void;
	/** This tick's presence changes of local clients (a y-protocols awareness update). */
	publishAwareness(update: Uint8Array): void;
	/** Remote updates a save ack must now wait for (see remote-ledger.ts). */
	barrier(previous: Barrier | null): Barrier | null;
	wait(barrier: Barrier): Promise<void>;
	/** Says goodbye to the other instances and stops listening. */
	stop(): void;
}

export class CollabDocument {
	readonly ydoc: Y.Doc;
	readonly awareness: Awareness;
	readonly guard = new AwarenessGuard();
	/**
	 * Ids that resends brought with nobody owning them and no sender's presence naming them: the
	 * first connection whose presence names one (its writer, reconnecting, or the relaying
	 * connection itself when its presence came after its sync step 2) records it.
	 */
	private readonly unboundResends = new Set<number>();
	readonly peers = new Set<DocumentPeer>();
	readonly queue: PersistenceQueue;
	/** Upper bound of the encoded document size; recomputed exactly when it nears the cap. */
	private sizeEstimate: number;
	/** Updates applied this tick, broadcast together at its end (see flushBroadcast). */
	private outbox: { update: Uint8Array; origin: unknown }[] = [];
	/** Presence changed this tick: client id → the connection that changed it (or null). */
	private awarenessOutbox = new Map<number, unknown>();
	private broadcastScheduled = false;
	/**
	 * Sync step 2 for clients that have nothing yet (a fresh browser tab), valid until the next
	 * update: thirty tablets opening a large protocol cost one encoding, not thirty. Only kept for
	 * documents of FULL_SYNC_CACHE_MIN_BYTES or more, until unused for FULL_SYNC_CACHE_IDLE_MS.
	 */
	private fullSyncMessage: Uint8Array | null = null;
	/**
	 * The last sync step 2 answered to a client holding a copy (its state vector as the key),
	 * valid until the next update: after a restart, a hundred tabs reconnecting with the same copy
	 * cost one walk of a large document's delete set, not a hundred. Small answers only.
	 */
	private copySync: { key: string; message: Uint8Array } | null = null;
	private fullSyncExpiry: ReturnType<typeof setTimeout> | null = null;
	/** Set once loaded when other instances may hold the document too (a cluster). */
	link: DocumentLink | null = null;
	/**
	 * The state vector right after the load when the document is exactly its stored rows (every
	 * row applied cleanly): what a client answered from those rows lacks is what came after it.
	 */
	private readonly loadedStateVector: Uint8Array | null;
	private changedSinceLoad = false;

	private constructor(
		readonly name: string,
		ydoc: Y.Doc,
		rowIds: string[],
		private readonly options: DocumentOptions,
		loaded: { storedBytes: number; snapshot: Uint8Array | null; exact: boolean },
		readonly authors: DocumentAuthors
	) {
		this.ydoc = ydoc;
		// The stored rows' total bounds the encoded size (merging only removes duplicates):
		// no full encoding of a large document at load.
		this.sizeEstimate = loaded.storedBytes;
		// A single stored snapshot that applied cleanly is the document's state, already encoded.
		if (loaded.snapshot !== null && loaded.snapshot.byteLength >= FULL_SYNC_CACHE_MIN_BYTES)
			this.keepFullSync(encodeSyncStep2Update(loaded.snapshot));
		this.loadedStateVector = loaded.exact ? Y.encodeStateVector(ydoc) : null;
		this.awareness = new Awareness(ydoc);
		// The server has no presence of its own.
		this.awareness.setLocalState(null);
		this.queue = new PersistenceQueue({
			store: options.store,
			documentName: name,
			logger: options.logger,
			batchWindowMs: options.batchWindowMs,
			minWriteIntervalMs: options.minWriteIntervalMs,
			writeGrid: options.writeGrid,
			compactEvery: options.compactEvery,
			retryBaseDelayMs: options.retryBaseDelayMs,
			retryMaxDelayMs: options.retryMaxDelayMs,
			giveUpAfterMs: options.storageGiveUpAfterMs,
			onStorageFailing: () => this.closeUnsavedPeers(),
			snapshot: () => Y.encodeStateAsUpdate(this.ydoc),
			initialRowIds: rowIds
		});
		ydoc.on('update', this.onUpdate);
		this.awareness.on('update', this.onAwarenessUpdate);
	}

	/**
	 * Loads every stored row of the document (an empty document if there is none), or rebuilds it
	 * from what an idle document kept (see `dormant`) without reading the store. `onRead` gets
	 * the rows read from the store before they are applied, with a turn of the event loop to use
	 * them (answering clients from the stored rows: stored-answer.ts), and may return what to
	 * wait for before.
	 */
	static async load(
		name: string,
		options: DocumentOptions,
		kept?: DormantDocument,
		onRead?: (rows: readonly StoredUpdate[]) => (() => Promise<void>) | null
	): Promise<CollabDocument> {
		// Who wrote what is read alongside the rows, not after them.
		const [rows, authors] = kept
			? [kept.rows, kept.authors]
			: await Promise.all([
					options.store.load(name),
					DocumentAuthors.load(
						name,
						options.authorship ?? new MemoryAuthorshipStore(),
						options.logger
					)
				]);
		if (onRead && !kept) {
			const answersSent = onRead(rows);
			// Answers go out first; then a full turn of the event loop (its I/O included) before
			// the long apply below, so that the two never make one stall, and the apply waits for
			// the answers to be written out (it would hold the rest of a large one in the queue).
			await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
			await answersSent?.();
		}
		const ydoc = new Y.Doc();
		skipEmptyFormattingCleanup(ydoc);
		const rowIds: string[] = [];
		const unreadable = (row: StoredUpdate, error: unknown) =>
			// Never compact a row we could not read: it stays for a human to inspect.
			options.logger.error('collab.row_unreadable', {
				document: name,
				row: row.id,
				error: errorMessage(error)
			});
		// Consecutive small rows in one transaction; a large one in slices (see applyStoredRow).
		let small: StoredUpdate[] = [];
		const applySmall = () => {
			if (small.length === 0) return;
			const batch = small;
			small = [];
			Y.transact(
				ydoc,
				() => {
					for (const row of batch) {
						try {
							Y.applyUpdate(ydoc, row.data, LOAD_ORIGIN);
							rowIds.push(row.id);
						} catch (error) {
							unreadable(row, error);
						}
					}
				},
				LOAD_ORIGIN
			);
		};
		for (const row of rows) {
			if (row.data.byteLength < SLICE_FROM_BYTES) {
				small.push(row);
				continue;
			}
			applySmall();
			try {
				await applyStoredRow(ydoc, row.data);
				rowIds.push(row.id);
			} catch (error) {
				unreadable(row, error);
			}
		}
		applySmall();
		options.logger.info(kept ? 'collab.document_revived' : 'collab.document_loaded', {
			document: name,
			rows: rows.length
		});
		const storedBytes = rows.reduce((sum, row) => sum + row.data.byteLength, 0);
		const clean = ydoc.store.pendingStructs === null && ydoc.store.pendingDs === null;
		const exact = rowIds.length === rows.length && clean;
		const snapshot = rows.length === 1 && exact ? rows[0]!.data : null;
		const loaded = { storedBytes, snapshot, exact };
		return new CollabDocument(name, ydoc, rowIds, options, loaded, authors);
	}

	/**
	 * Applies a client's update unless it would push the document over the size cap. Throws a
	 * ProtocolError for a malformed or impossible update (the document is left untouched).
	 * `inspected`: `inspectUpdate(update)` when the caller already has it (the suggestion check).
	 */
	applyClientUpdate(
		update: Uint8Array,
		origin: DocumentPeer,
		incremental = true,
		inspected?: UpdateInspection
	): ApplyResult {
		let inspection: UpdateInspection;
		try {
			// Decoding first: a malformed update must not reach the live document half-applied.
			inspection = inspected ?? inspectUpdate(update);
		} catch (error) {
			throw new CollabError(CollabErrorId.ProtocolError, {}, { cause: error });
		}
		if (inspection.impossible !== null) {
			throw new CollabError(CollabErrorId.ProtocolError, { reason: inspection.impossible });
		}
		if (this.sizeEstimate + update.byteLength > this.options.maxDocumentBytes) {
			const exact = Y.mergeUpdates([Y.encodeStateAsUpdate(this.ydoc), update]).byteLength;
			if (exact > this.options.maxDocumentBytes) return 'too_large';
			this.sizeEstimate = exact - update.byteLength;
		}
		// Text typed under a client id that belongs to someone else would be shown as theirs.
		const claimed = this.authors.claims(inspection.ends, this.ydoc, origin.userId);
		if (claimed.foreign.length > 0) {
			// A commenter only ever writes their own suggestions: never under someone else's id.
			if (incremental || origin.access === 'comment') {
				throw new CollabError(CollabErrorId.AuthorRefused, { client: claimed.foreign[0] });
			}
			// A reconnecting editor's sync step 2 may carry what others typed and this server lost
			// in a crash: refusing it would stop convergence. Their owners stay as recorded.
			this.options.logger.warn('collab.author_foreign_resend', {
				document: this.name,
				user: origin.userId,
				clients: claimed.foreign
			});
		}
		// In a resend, an id nobody owns yet is the sender's only if it is the sender's own
		// (bound by its presence): otherwise it is text the sender relays (others' text this server
		// lost with its owner), left "auteur inconnu" rather than given to the relaying person.
		const relayed = incremental ? [] : this.relayedClients(claimed.unowned, origin);
		if (relayed.length > 0) {
			for (const client of relayed) this.unboundResends.add(client);
			this.options.logger.warn('collab.author_unknown_resend', {
				document: this.name,
				user: origin.userId,
				clients: relayed
			});
		}
		// "Who wrote what" after an undo: only one's own restored text may be said to be someone's.
		if (inspection.restored.length > 0) {
			const isOwn = (client: number) => {
				const owner = this.authors.ownerOf(client);
				if (owner !== undefined) return owner === origin.userId;
				return claimed.unowned.includes(client) && !relayed.includes(client);
			};
			const violation = restoredViolation(inspection.restored, this.ydoc, isOwn, !incremental);
			if (violation !== null)
				throw new CollabError(CollabErrorId.AuthorRefused, { reason: violation });
		}
		// A reconnecting client's sync step 2 often brings nothing new (its delete set): no
		// transaction, so no watcher wakes up and a large document is not walked for nothing.
		if (changesNothing(inspection.ends, inspection.deletions, this.ydoc)) {
			origin.requiredSeq = this.queue.lastSeq;
			if (this.link) origin.remoteBarrier = this.link.barrier(origin.remoteBarrier);
			return 'applied';
		}
		try {
			Y.applyUpdate(this.ydoc, update, origin);
		} catch (error) {
			this.dropPending();
			throw new CollabError(CollabErrorId.ProtocolError, {}, { cause: error });
		}
		const whole = holdsEvery(inspection.structs, this.ydoc);
		this.authors.commit(
			relayed.length === 0 ? claimed.unowned : claimed.unowned.filter((c) => !relayed.includes(c)),
			this.ydoc,
			origin.userId
		);
		origin.requiredSeq = this.queue.lastSeq;
		if (this.link) origin.remoteBarrier = this.link.barrier(origin.remoteBarrier);
		return this.dropPending() || !whole ? 'incomplete' : 'applied';
	}

	/**
	 * `peer`'s presence was just bound: resent ids nobody owned that turn out to be its own (its
	 * sync step 2 came before its first presence message, or another connection relayed its text
	 * first) are recorded as its user's.
	 */
	presenceBound(peer: DocumentPeer): void {
		if (this.unboundResends.size === 0 || peer.access === 'read') return;
		const own = [...this.guard.idsOf(peer)].filter((client) => this.unboundResends.has(client));
		if (own.length === 0) return;
		for (const client of own) this.unboundResends.delete(client);
		this.authors.commit(own, this.ydoc, peer.userId);
	}

	/** The ids among `unowned` that `peer`'s presence has not bound to it (see applyClientUpdate). */
	private relayedClients(unowned: readonly number[], peer: DocumentPeer): number[] {
		if (unowned.length === 0) return [];
		const own = this.guard.idsOf(peer);
		return unowned.filter((client) => !own.has(client));
	}

	/**
	 * Applies a change the server itself makes (an import into a section, an adopted text written
	 * back): checked like a client's update, then broadcast to every peer and queued for storage
	 * like any edit. Returns the sequence number to wait for (`queue.waitDurable`).
	 */
	applyServerUpdate(update: Uint8Array): { result: ApplyResult; seq: number } {
		const impossible = impossibleStruct(update);
		if (impossible !== null)
			throw new CollabError(CollabErrorId.ProtocolError, { reason: impossible });
		if (this.sizeEstimate + update.byteLength > this.options.maxDocumentBytes) {
			const exact = Y.mergeUpdates([Y.encodeStateAsUpdate(this.ydoc), update]).byteLength;
			if (exact > this.options.maxDocumentBytes)
				return { result: 'too_large', seq: this.queue.lastSeq };
			this.sizeEstimate = exact - update.byteLength;
		}
		Y.applyUpdate(this.ydoc, update, SERVER_ORIGIN);
		const result = this.dropPending() ? 'incomplete' : 'applied';
		return { result, seq: this.queue.lastSeq };
	}

	/**
	 * Applies an update relayed by another instance (never stored nor relayed from here). Returns
	 * false if part of it depended on content this instance lacks: that part is dropped, and the
	 * caller asks the other instances for a full exchange.
	 */
	applyRemoteUpdate(update: Uint8Array): boolean {
		try {
			Y.applyUpdate(this.ydoc, update, REMOTE_ORIGIN);
		} catch (error) {
			this.dropPending();
			this.options.logger.error('collab.remote_update_failed', {
				document: this.name,
				error: errorMessage(error)
			});
			return false;
		}
		return !this.dropPending();
	}

	/**
	 * Stores updates another instance relayed but never confirmed durable (it died or was cut off,
	 * see remote-ledger.ts): only what the stored rows lack, as this instance's own row.
	 */
	async adopt(updates: readonly Uint8Array[]): Promise<void> {
		const rows = await this.options.store.load(this.name);
		const stored =
			rows.length === 0
				? new Uint8Array([0])
				: Y.encodeStateVectorFromUpdate(Y.mergeUpdates(rows.map((row) => row.data)));
		const missing = Y.diffUpdate(Y.mergeUpdates([...updates]), stored);
		const { structs, ds } = Y.decodeUpdate(missing);
		if (structs.length === 0 && ds.clients.size === 0) return;
		await this.queue.waitDurable(this.queue.enqueue(missing));
	}

	/** Resolves when `peer`'s updates so far, and the remote ones they may repeat, are durable. */
	async waitDurable(peer: DocumentPeer): Promise<void> {
		const barrier = peer.remoteBarrier;
		await this.queue.waitDurable(peer.requiredSeq);
		await this.authors.durable();
		if (barrier !== null && this.link) await this.link.wait(barrier);
	}

	/** Presence of this instance's own clients (for another instance), or null if none. */
	localAwarenessUpdate(): Uint8Array | null {
		const ids: number[] = [];
		for (const peer of this.peers) for (const id of this.guard.idsOf(peer)) ids.push(id);
		const present = ids.filter((id) => this.awareness.getStates().has(id));
		return present.length === 0 ? null : encodeAwarenessUpdate(this.awareness, present);
	}

	/**
	 * The live document never holds pending structs or deletes: Yjs keeps them out of the 'update'
	 * event (never stored nor broadcast, yet acked), adds them to every sync step 2, and a client's
	 * valid edit on top of them stays pending here. The integrated part of an update stays; the
	 * rest comes back with its dependencies when the client syncs again.
	 */
	private dropPending(): boolean {
		const store = this.ydoc.store;
		if (store.pendingStructs === null && store.pendingDs === null) return false;
		store.pendingStructs = null;
		store.pendingDs = null;
		this.fullSyncMessage = null;
		this.copySync = null;
		return true;
	}

	/**
	 * Runs a change the server itself makes as ONE transaction with SERVER_ORIGIN: broadcast to
	 * every peer and queued for storage like any edit (see live-documents.ts `change`). `change`
	 * must validate before it mutates: what a transaction did before a throw stays. Returns the
	 * sequence number to wait for (`queue.waitDurable`), or null when nothing changed.
	 */
	runServerChange<T>(change: (ydoc: Y.Doc) => T): {
		result: T;
		seq: number | null;
		stateVector: Uint8Array;
		state: Uint8Array;
	} {
		const before = this.queue.lastSeq;
		let result!: T;
		// onUpdate (queue + broadcast) runs when the transaction ends, inside this call.
		Y.transact(this.ydoc, () => void (result = change(this.ydoc)), SERVER_ORIGIN);
		const seq = this.queue.lastSeq === before ? null : this.queue.lastSeq;
		return {
			result,
			seq,
			stateVector: Y.encodeStateVector(this.ydoc),
			state: Y.encodeStateAsUpdate(this.ydoc)
		};
	}

	/**
	 * What the live document holds beyond its stored rows, as an update, for a client answered
	 * from those rows while it loaded (stored-answer.ts); null when it holds nothing more.
	 */
	updateBeyondStored(): Uint8Array | null {
		if (this.loadedStateVector === null) {
			// Built otherwise (a row set aside as unreadable, pending structs): everything, to be safe.
			return Y.encodeStateAsUpdate(this.ydoc);
		}
		// The delete set always travels whole: deletions since the load are in it.
		return this.changedSinceLoad ? Y.encodeStateAsUpdate(this.ydoc, this.loadedStateVector) : null;
	}

	/** Sync step 2 answering a client's state vector (cached for clients that have nothing). */
	syncStep2(stateVector: Uint8Array): Uint8Array {
		if (Y.decodeStateVector(stateVector).size > 0) {
			if (this.sizeEstimate < FULL_SYNC_CACHE_MIN_BYTES) {
				return encodeSyncStep2(this.ydoc, stateVector);
			}
			const key = Buffer.from(stateVector).toString('latin1');
			if (this.copySync?.key === key) return this.copySync.message;
			const message = encodeSyncStep2(this.ydoc, stateVector);
			this.copySync = message.byteLength <= COPY_SYNC_CACHE_MAX_BYTES ? { key, message } : null;
			return message;
		}
		if (this.fullSyncMessage !== null) {
			this.fullSyncExpiry?.refresh();
			return this.fullSyncMessage;
		}
		const message = encodeSyncStep2Update(Y.encodeStateAsUpdate(this.ydoc));
		if (message.byteLength >= FULL_SYNC_CACHE_MIN_BYTES) this.keepFullSync(message);
		return message;
	}

	private keepFullSync(message: Uint8Array): void {
		this.fullSyncMessage = message;
		if (this.fullSyncExpiry !== null) {
			this.fullSyncExpiry.refresh();
			return;
		}
		this.fullSyncExpiry = setTimeout(() => {
			this.fullSyncExpiry = null;
			this.fullSyncMessage = null;
		}, FULL_SYNC_CACHE_IDLE_MS);
		this.fullSyncExpiry.unref();
	}

	addPeer(peer: DocumentPeer): void {
		this.peers.add(peer);
	}

	/** Removes the peer and its presence (broadcast to the others). */
	removePeer(peer: DocumentPeer): void {
		this.peers.delete(peer);
		const ids = this.guard.release(peer);
		const present = ids.filter((id) => this.awareness.getStates().has(id));
		// Emits the awareness 'update' that broadcasts the removal to the others.
		if (present.length > 0) removeAwarenessStates(this.awareness, present, null);
	}

	/** Current presence of everyone, for a newly connected peer. */
	awarenessSnapshot(): Uint8Array | null {
		const ids = [...this.awareness.getStates().keys()];
		if (ids.length === 0) return null;
		return encodeAwarenessMessage(encodeAwarenessUpdate(this.awareness, ids));
	}

	/**
	 * What an idle document keeps instead of its Y.Doc: its encoded state as the single stored
	 * row it equals, and its authors. Null unless everything is durable and stored as at most one
	 * row (after `queue.flush()` and `queue.compact()`); `load` rebuilds the same document.
	 */
	dormant(): DormantDocument | null {
		if (!this.queue.isIdle || this.queue.rowCount > 1 || this.peers.size > 0) return null;
		const [id] = this.queue.storedRowIds;
		const rows: StoredUpdate[] =
			id === undefined ? [] : [{ id, data: Y.encodeStateAsUpdate(this.ydoc), compacted: true }];
		return { rows, authors: this.authors };
	}

	get encodedSizeEstimate(): number {
		return this.sizeEstimate;
	}

	destroy(): void {
		if (this.fullSyncExpiry !== null) clearTimeout(this.fullSyncExpiry);
		this.fullSyncExpiry = null;
		this.fullSyncMessage = null;
		this.copySync = null;
		this.link?.stop();
		this.link = null;
		this.outbox = [];
		this.awarenessOutbox.clear();
		this.ydoc.off('update', this.onUpdate);
		this.awareness.off('update', this.onAwarenessUpdate);
		this.awareness.destroy();
		this.queue.destroy();
		this.ydoc.destroy();
	}

	private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
		if (origin === LOAD_ORIGIN) return;
		this.changedSinceLoad = true;
		this.fullSyncMessage = null;
		this.copySync = null;
		if (origin !== REMOTE_ORIGIN) this.queue.enqueue(update);
		this.sizeEstimate += update.byteLength;
		this.outbox.push({ update, origin });
		this.scheduleBroadcast();
	};

	private scheduleBroadcast(): void {
		if (this.broadcastScheduled) return;
		this.broadcastScheduled = true;
		setImmediate(this.flushBroadcast);
	}

	/**
	 * Sends this tick's document updates, then its presence changes (a cursor may point into text
	 * of this tick), to every peer: with many editors, one frame per kind (one write system call)
	 * per peer per tick instead of one per peer per keystroke or cursor move. Each peer gets
	 * every update but its own (peers that sent nothing share one encoding); presence is one
	 * encoding for all.
	 */
	private readonly flushBroadcast = (): void => {
		this.broadcastScheduled = false;
		hopTrace?.flushing();
		this.flushDocumentUpdates();
		this.flushAwareness();
	};

	private flushDocumentUpdates(): void {
		const batch = this.outbox;
		if (batch.length === 0) return;
		this.outbox = [];
		const merge = (items: readonly { update: Uint8Array }[]) =>
			encodeSyncUpdate(
				items.length === 1 ? items[0]!.update : Y.mergeUpdates(items.map((item) => item.update))
			);
		this.sendToPeers(batch, merge);
		hopTrace?.broadcast(batch.map((item) => item.update));
		if (this.link) {
			const local = batch.filter((item) => item.origin !== REMOTE_ORIGIN);
			if (local.length > 0) {
				const merged =
					local.length === 1 ? local[0]!.update : Y.mergeUpdates(local.map((i) => i.update));
				this.link.publishUpdate(merged, this.queue.lastSeq);
			}
		}
	}

	/**
	 * One awareness message per tick, the same bytes for every peer, its author included: a
	 * y-protocols client ignores its own entry (same clock as its local state), and the server
	 * only ever publishes the guarded entries it applied (see awareness-guard.ts).
	 */
	private flushAwareness(): void {
		if (this.awarenessOutbox.size === 0) return;
		const changes = this.awarenessOutbox;
		this.awarenessOutbox = new Map();
		const entries: Uint8Array[] = [];
		const local: Uint8Array[] = [];
		for (const [clientId, origin] of changes) {
			const meta = this.awareness.meta.get(clientId);
			if (!meta) continue;
			const state = this.awareness.getStates().get(clientId) ?? null;
			const entry = encodeAwarenessEntry(clientId, meta.clock, stateJson(state));
			entries.push(entry);
			if (origin !== REMOTE_ORIGIN) local.push(entry);
		}
		if (entries.length === 0) return;
		const message = encodeAwarenessEntries(entries);
		for (const peer of this.peers) peer.send(message);
		if (hopTrace) {
			const sent = [...changes.keys()].map((clientId) => ({
				clientId,
				clock: this.awareness.meta.get(clientId)?.clock ?? -1
			}));
			hopTrace.presenceSent(sent);
		}
		if (this.link && local.length > 0) this.link.publishAwareness(awarenessUpdateOf(local));
	}

	/** Sends each peer the items it did not originate, encoded by `encode`. */
	private sendToPeers<T extends { origin: unknown }>(
		items: readonly T[],
		encode: (items: readonly T[]) => Uint8Array
	): void {
		if (items.length === 0) return;
		const origins = new Set(items.map((item) => item.origin));
		let forAll: Uint8Array | null = null;
		for (const peer of this.peers) {
			if (!origins.has(peer)) {
				forAll ??= encode(items);
				peer.send(forAll);
				continue;
			}
			const others = items.filter((item) => item.origin !== peer);
			if (others.length > 0) peer.send(encode(others));
		}
	}

	private readonly onAwarenessUpdate = (
		change: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		const changed = [...change.added, ...change.updated, ...change.removed];
		if (changed.length === 0) return;
		for (const clientId of changed) this.awarenessOutbox.set(clientId, origin);
		this.scheduleBroadcast();
	};

	private closeUnsavedPeers(): void {
		const durable = this.queue.durableSeq;
		for (const peer of [...this.peers]) {
			if (peer.requiredSeq > durable) {
				peer.closeWith(new CollabError(CollabErrorId.StorageUnavailable));
			}
		}
	}
}

/**
 * Applies a large stored row in slices with a turn of the event loop after each (see
 * sliced-apply.ts), or whole when it cannot be sliced.
 */
async function applyStoredRow(ydoc: Y.Doc, data: Uint8Array): Promise<void> {
	const slices = sliceUpdate(data, ydoc);
	if (slices === null) {
		Y.transact(ydoc, () => Y.applyUpdate(ydoc, data, LOAD_ORIGIN), LOAD_ORIGIN);
		return;
	}
	for (const slice of slices) {
		await new Promise((resolve) => setImmediate(resolve));
		Y.transact(
			ydoc,
			(transaction) => {
				Y.applyUpdate(ydoc, slice, LOAD_ORIGIN);
				// After applying an update Yjs deletes formatting it finds redundant; on a text
				// half built that would delete real marks. Done once on the whole document below.
				transaction.local = true;
			},
			LOAD_ORIGIN
		);
	}
	Y.transact(ydoc, () => cleanUpFormatting(ydoc), LOAD_ORIGIN);
}

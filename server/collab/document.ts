/**
 * One loaded document: its Y.Doc, the server-side awareness, the live connections and the
 * persistence queue. Updates from editors are applied in memory and broadcast at once; the
 * queue makes them durable in the background.
 */
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { DocStore } from '../storage/doc-store';
import type { Logger } from '../log';
import { AwarenessGuard, type AwarenessOwner } from './awareness-guard';
import { PersistenceQueue, errorMessage } from './persistence';
import { encodeAwarenessMessage, encodeSyncUpdate } from './wire';
import { CollabError, CollabErrorId } from './errors';

/** What the document needs from a live connection. */
export interface DocumentPeer extends AwarenessOwner {
	/** Updates with seq <= requiredSeq must be durable before this peer's next save ack. */
	requiredSeq: number;
	readonly userId: string;
	send(message: Uint8Array): void;
	closeWith(error: CollabError): void;
}

export interface DocumentOptions {
	store: DocStore;
	logger: Logger;
	maxDocumentBytes: number;
	batchWindowMs: number;
	compactEvery: number;
	retryBaseDelayMs: number;
	retryMaxDelayMs: number;
	storageGiveUpAfterMs: number;
}

export type ApplyResult = 'applied' | 'too_large';

/** Transaction origin of rows replayed from the store: never re-persisted. */
const LOAD_ORIGIN = Symbol('load');

export class CollabDocument {
	readonly ydoc: Y.Doc;
	readonly awareness: Awareness;
	readonly guard = new AwarenessGuard();
	readonly peers = new Set<DocumentPeer>();
	readonly queue: PersistenceQueue;
	/** Upper bound of the encoded document size; recomputed exactly when it nears the cap. */
	private sizeEstimate: number;

	private constructor(
		readonly name: string,
		ydoc: Y.Doc,
		rowIds: string[],
		private readonly options: DocumentOptions
	) {
		this.ydoc = ydoc;
		this.sizeEstimate = Y.encodeStateAsUpdate(ydoc).byteLength;
		this.awareness = new Awareness(ydoc);
		// The server has no presence of its own.
		this.awareness.setLocalState(null);
		this.queue = new PersistenceQueue({
			store: options.store,
			documentName: name,
			logger: options.logger,
			batchWindowMs: options.batchWindowMs,
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

	/** Loads every stored row of the document (an empty document if there is none). */
	static async load(name: string, options: DocumentOptions): Promise<CollabDocument> {
		const rows = await options.store.load(name);
		const ydoc = new Y.Doc();
		const rowIds: string[] = [];
		Y.transact(
			ydoc,
			() => {
				for (const row of rows) {
					try {
						Y.applyUpdate(ydoc, row.data, LOAD_ORIGIN);
						rowIds.push(row.id);
					} catch (error) {
						// Never compact a row we could not read: it stays for a human to inspect.
						options.logger.error('collab.row_unreadable', {
							document: name,
							row: row.id,
							error: errorMessage(error)
						});
					}
				}
			},
			LOAD_ORIGIN
		);
		options.logger.info('collab.document_loaded', { document: name, rows: rows.length });
		return new CollabDocument(name, ydoc, rowIds, options);
	}

	/**
	 * Applies a client's update unless it would push the document over the size cap. Throws a
	 * ProtocolError for a malformed update (the document is left untouched).
	 */
	applyClientUpdate(update: Uint8Array, origin: DocumentPeer): ApplyResult {
		try {
			// Decoding first: a malformed update must not reach the live document half-applied.
			Y.parseUpdateMeta(update);
		} catch (error) {
			throw new CollabError(CollabErrorId.ProtocolError, {}, { cause: error });
		}
		if (this.sizeEstimate + update.byteLength > this.options.maxDocumentBytes) {
			const exact = Y.mergeUpdates([Y.encodeStateAsUpdate(this.ydoc), update]).byteLength;
			if (exact > this.options.maxDocumentBytes) return 'too_large';
			this.sizeEstimate = exact - update.byteLength;
		}
		try {
			Y.applyUpdate(this.ydoc, update, origin);
		} catch (error) {
			throw new CollabError(CollabErrorId.ProtocolError, {}, { cause: error });
		}
		origin.requiredSeq = this.queue.lastSeq;
		return 'applied';
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

	get encodedSizeEstimate(): number {
		return this.sizeEstimate;
	}

	destroy(): void {
		this.ydoc.off('update', this.onUpdate);
		this.awareness.off('update', this.onAwarenessUpdate);
		this.awareness.destroy();
		this.queue.destroy();
		this.ydoc.destroy();
	}

	private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
		if (origin === LOAD_ORIGIN) return;
		this.queue.enqueue(update);
		this.sizeEstimate += update.byteLength;
		const message = encodeSyncUpdate(update);
		for (const peer of this.peers) if (peer !== origin) peer.send(message);
	};

	private readonly onAwarenessUpdate = (
		change: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		const changed = [...change.added, ...change.updated, ...change.removed];
		if (changed.length === 0) return;
		const message = encodeAwarenessMessage(encodeAwarenessUpdate(this.awareness, changed));
		for (const peer of this.peers) if (peer !== origin) peer.send(message);
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

/**
 * Loaded documents by name. A document is loaded once even when many sockets connect at the
 * same moment (they share the load promise), and unloaded after its last connection has been
 * gone for `idleUnloadMs` — flushed and compacted first. In between, after `idleDormantMs`, an
 * idle document is kept as bytes (its encoded state, as stored), not as a Y.Doc: a few times
 * smaller, and rebuilt without reading the store when someone comes back.
 */
import type { Logger } from '../log';
import { CollabDocument, type DocumentOptions, type DormantDocument } from './document';
import { errorMessage } from './persistence';
import type { ClusterRelay } from './relay';
import { StoredSnapshot } from './stored-answer';
import type { DocumentWatch, DocumentWatcher } from './text-index';

interface Entry {
	/** The load or rebuild of the document; null while it is kept as bytes (it would retain it). */
	loading: Promise<CollabDocument> | null;
	/** The stored snapshot, once the rows are read (null: none, see stored-answer.ts). */
	stored: Promise<StoredSnapshot | null>;
	document: CollabDocument | null;
	/** The idle document as bytes while it has no Y.Doc (then `document` is null). */
	dormant: DormantDocument | null;
	refs: number;
	idleTimer: ReturnType<typeof setTimeout> | null;
	dormantTimer: ReturnType<typeof setTimeout> | null;
	unloading: boolean;
	/** Derived data kept from the live document (the search text), if a watcher is set. */
	watch: DocumentWatch | null;
}

/**
 * Brings a just-loaded document up to the current schema before its sessions start, as Yjs
 * transactions on the live document (persisted and broadcast like any edit). `plan` runs while
 * the rows are read and says which migration is due, if any; the migration then runs on the
 * loaded document. A failure is logged and the document served as it is: the migration runs
 * again at its next load.
 */
export interface DocumentMigrator {
	plan(documentName: string): Promise<DocumentMigration | null>;
}

export type DocumentMigration = (document: CollabDocument) => Promise<void>;

const NOTHING_STORED: Promise<StoredSnapshot | null> = Promise.resolve(null);

export interface RegistryOptions {
	documentOptions: DocumentOptions;
	idleUnloadMs: number;
	/**
	 * Idle this long, a document keeps only its bytes (see the header); never with a relay: other
	 * instances may change it meanwhile. Off when not below `idleUnloadMs`.
	 */
	idleDormantMs?: number;
	logger: Logger;
	watcher?: DocumentWatcher;
	/** Links each loaded document to the other instances (a cluster). */
	relay?: ClusterRelay;
	migrator?: DocumentMigrator;
}

export class DocumentRegistry {
	private readonly entries = new Map<string, Entry>();
	private closed = false;

	constructor(private readonly options: RegistryOptions) {}

	/**
	 * Loads (or reuses) the document and counts one more user of it. Release it exactly once.
	 * `deferBuild`: a socket that says itself when it needs the live document (`StoredSnapshot.need`,
	 * see stored-answer.ts); any other caller needs it now.
	 */
	async acquire(name: string, { deferBuild = false } = {}): Promise<CollabDocument> {
		if (this.closed) throw new Error('registry closed');
		let entry = this.entries.get(name);
		let loading: Promise<CollabDocument>;
		if (entry === undefined) {
			let announce!: (snapshot: StoredSnapshot | null) => void;
			const stored = new Promise<StoredSnapshot | null>((resolve) => (announce = resolve));
			const created: Entry = {
				loading: null,
				stored,
				document: null,
				dormant: null,
				refs: 0,
				idleTimer: null,
				dormantTimer: null,
				unloading: false,
				watch: null
			};
			entry = created;
			this.entries.set(name, created);
			const load = this.load(name, announce);
			// Settled whatever the outcome; once loaded, the live document answers (bytes let go).
			load.then(
				() => {
					announce(null);
					created.stored = NOTHING_STORED;
				},
				() => announce(null)
			);
			loading = this.track(name, created, load);
		} else if (entry.loading === null) {
			const kept = entry.dormant!;
			entry.dormant = null;
			loading = this.track(
				name,
				entry,
				CollabDocument.load(name, this.options.documentOptions, kept)
			);
		} else {
			loading = entry.loading;
		}
		if (!deferBuild) void entry.stored.then((snapshot) => snapshot?.need());
		entry.refs++;
		if (entry.idleTimer !== null) {
			clearTimeout(entry.idleTimer);
			entry.idleTimer = null;
		}
		if (entry.dormantTimer !== null) {
			clearTimeout(entry.dormantTimer);
			entry.dormantTimer = null;
		}
		try {
			return await loading;
		} catch (error) {
			entry.refs--;
			throw error;
		}
	}

	/** Wires a document once its load (or rebuild) resolves. */
	private track(
		name: string,
		entry: Entry,
		loading: Promise<CollabDocument>
	): Promise<CollabDocument> {
		entry.loading = loading;
		loading.then(
			(document) => {
				entry.document = document;
				// Loaded after shutdown: nobody will ever release it.
				if (this.closed) document.destroy();
				else {
					entry.watch = this.options.watcher?.watch(name, document.ydoc) ?? null;
					this.options.relay?.attach(document);
				}
			},
			() => {
				// A failed load is forgotten so the next connect tries again.
				if (this.entries.get(name) === entry && entry.loading === loading)
					this.entries.delete(name);
			}
		);
		return loading;
	}

	/**
	 * The stored snapshot of a document still loading, as soon as its rows are read (see
	 * stored-answer.ts); null once it is loaded (the live document answers), kept as bytes (it is
	 * rebuilt at once) or not being loaded.
	 */
	storedSnapshot(name: string): Promise<StoredSnapshot | null> | null {
		const entry = this.entries.get(name);
		return entry === undefined || entry.document !== null ? null : entry.stored;
	}

	private async load(
		name: string,
		announce: (snapshot: StoredSnapshot | null) => void
	): Promise<CollabDocument> {
		const failed = (error: unknown) => {
			this.options.logger.error('collab.migration_failed', {
				document: name,
				error: errorMessage(error)
			});
			return null;
		};
		// Which migration is due is asked while the rows are read, not after.
		const planned = this.options.migrator?.plan(name).catch(failed) ?? null;
		const document = await CollabDocument.load(
			name,
			this.options.documentOptions,
			undefined,
			(rows) => {
				const snapshot = StoredSnapshot.of(rows);
				announce(snapshot);
				return snapshot && (() => snapshot.whenBuildable());
			}
		);
		const migration = await planned;
		if (migration) await migration(document).catch(failed);
		return document;
	}

	release(name: string): void {
		const entry = this.entries.get(name);
		if (entry === undefined) return;
		entry.refs = Math.max(0, entry.refs - 1);
		if (entry.refs > 0) return;
		if (entry.idleTimer === null) {
			entry.idleTimer = setTimeout(() => {
				entry.idleTimer = null;
				void this.unload(name, entry);
			}, this.options.idleUnloadMs);
			entry.idleTimer.unref();
		}
		const dormantMs = this.options.idleDormantMs;
		if (
			entry.dormantTimer === null &&
			!this.options.relay &&
			dormantMs !== undefined &&
			dormantMs < this.options.idleUnloadMs
		) {
			entry.dormantTimer = setTimeout(() => {
				entry.dormantTimer = null;
				void this.makeDormant(name, entry);
			}, dormantMs);
			entry.dormantTimer.unref();
		}
	}

	/** Loaded documents (not those still loading). */
	documents(): CollabDocument[] {
		const documents: CollabDocument[] = [];
		for (const entry of this.entries.values()) if (entry.document) documents.push(entry.document);
		return documents;
	}

	get maxDocumentBytes(): number {
		return this.options.documentOptions.maxDocumentBytes;
	}

	get size(): number {
		return this.entries.size;
	}

	/** Waits for in-flight loads, then flushes every document's queue. */
	async flushAll(): Promise<void> {
		// A build waiting to be needed (stored-answer.ts) goes ahead: shutting down does not wait.
		for (const entry of this.entries.values()) void entry.stored.then((stored) => stored?.need());
		// Documents kept as bytes (no load under way) have nothing left to write.
		await Promise.allSettled(
			[...this.entries.values()].flatMap((entry) => (entry.loading ? [entry.loading] : []))
		);
		await Promise.all(this.documents().map((document) => document.queue.flush()));
		await Promise.all(
			[...this.entries.values()].flatMap((entry) => (entry.watch ? [entry.watch.flush()] : []))
		);
	}

	/** Forgets every document without writing (after `flushAll`). */
	destroyAll(): void {
		this.closed = true;
		for (const entry of this.entries.values()) {
			if (entry.idleTimer !== null) clearTimeout(entry.idleTimer);
			if (entry.dormantTimer !== null) clearTimeout(entry.dormantTimer);
			entry.watch?.stop();
			entry.document?.destroy();
		}
		this.entries.clear();
	}

	/** Writes everything an idle document holds; false if something could not be written. */
	private async settle(name: string, entry: Entry, document: CollabDocument): Promise<boolean> {
		entry.unloading = true;
		try {
			await document.queue.flush();
			await document.queue.compact();
			await document.authors.durable();
			await entry.watch?.flush();
			return true;
		} catch (error) {
			this.options.logger.error('collab.unload_failed', {
				document: name,
				error: errorMessage(error)
			});
			return false;
		} finally {
			entry.unloading = false;
		}
	}

	/** Replaces an idle document's Y.Doc by its bytes (see the header); it stays live otherwise. */
	private async makeDormant(name: string, entry: Entry): Promise<void> {
		const document = entry.document;
		if (entry.refs > 0 || entry.unloading || document === null) return;
		await this.settle(name, entry, document);
		// Someone may have connected, or the unload run, while we were writing.
		if (entry.refs > 0 || this.entries.get(name) !== entry || entry.document !== document) return;
		const kept = document.dormant();
		if (kept === null) return;
		entry.watch?.stop();
		entry.watch = null;
		document.destroy();
		entry.document = null;
		entry.loading = null;
		entry.dormant = kept;
		this.options.logger.info('collab.document_dormant', {
			document: name,
			bytes: kept.rows.reduce((sum, row) => sum + row.data.byteLength, 0)
		});
	}

	private async unload(name: string, entry: Entry): Promise<void> {
		if (entry.refs > 0) return;
		if (entry.unloading) {
			// Still writing (for keeping it as bytes): try again after another idle delay.
			this.release(name);
			return;
		}
		if (entry.document === null) {
			// Kept as bytes: everything was written before.
			if (entry.dormant === null || this.entries.get(name) !== entry) return;
			this.entries.delete(name);
			entry.dormant = null;
			this.options.logger.info('collab.document_unloaded', { document: name });
			return;
		}
		const document = entry.document;
		await this.settle(name, entry, document);
		// Someone may have connected while we were writing: then the document stays.
		if (entry.refs > 0 || this.entries.get(name) !== entry || entry.document !== document) return;
		if (!document.queue.isIdle) {
			this.release(name);
			return;
		}
		this.entries.delete(name);
		entry.watch?.stop();
		document.destroy();
		this.options.logger.info('collab.document_unloaded', { document: name });
	}
}

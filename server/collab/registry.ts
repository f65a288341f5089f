/**
 * Loaded documents by name. A document is loaded once even when many sockets connect at the
 * same moment (they share the load promise), and unloaded after its last connection has been
 * gone for `idleUnloadMs` — flushed and compacted first.
 */
import type { Logger } from '../log';
import { CollabDocument, type DocumentOptions } from './document';
import { errorMessage } from './persistence';
import type { ClusterRelay } from './relay';
import { StoredSnapshot } from './stored-answer';
import type { DocumentWatch, DocumentWatcher } from './text-index';

interface Entry {
	loading: Promise<CollabDocument>;
	/** The stored snapshot, once the rows are read (null: none, see stored-answer.ts). */
	stored: Promise<StoredSnapshot | null>;
	document: CollabDocument | null;
	refs: number;
	idleTimer: ReturnType<typeof setTimeout> | null;
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

export interface RegistryOptions {
	documentOptions: DocumentOptions;
	idleUnloadMs: number;
	logger: Logger;
	watcher?: DocumentWatcher;
	/** Links each loaded document to the other instances (a cluster). */
	relay?: ClusterRelay;
	migrator?: DocumentMigrator;
}

const NOTHING_STORED: Promise<StoredSnapshot | null> = Promise.resolve(null);

export class DocumentRegistry {
	private readonly entries = new Map<string, Entry>();
	private closed = false;

	constructor(private readonly options: RegistryOptions) {}

	/** Loads (or reuses) the document and counts one more user of it. Release it exactly once. */
	async acquire(name: string): Promise<CollabDocument> {
		if (this.closed) throw new Error('registry closed');
		let entry = this.entries.get(name);
		if (entry === undefined) {
			let announce!: (snapshot: StoredSnapshot | null) => void;
			const stored = new Promise<StoredSnapshot | null>((resolve) => (announce = resolve));
			const created: Entry = {
				loading: this.load(name, announce),
				stored,
				document: null,
				refs: 0,
				idleTimer: null,
				unloading: false,
				watch: null
			};
			entry = created;
			this.entries.set(name, created);
			created.loading.then(
				(document) => {
					announce(null);
					// The live document answers from now on: the stored bytes are let go.
					created.stored = NOTHING_STORED;
					created.document = document;
					// Loaded after shutdown: nobody will ever release it.
					if (this.closed) document.destroy();
					else {
						created.watch = this.options.watcher?.watch(name, document.ydoc) ?? null;
						this.options.relay?.attach(document);
					}
				},
				() => {
					announce(null);
					// A failed load is forgotten so the next connect tries again.
					if (this.entries.get(name) === created) this.entries.delete(name);
				}
			);
		}
		entry.refs++;
		if (entry.idleTimer !== null) {
			clearTimeout(entry.idleTimer);
			entry.idleTimer = null;
		}
		try {
			return await entry.loading;
		} catch (error) {
			entry.refs--;
			throw error;
		}
	}

	/**
	 * The stored snapshot of a document still loading, as soon as its rows are read (see
	 * stored-answer.ts); null once it is loaded (the live document answers) or not being loaded.
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
		const document = await CollabDocument.load(name, this.options.documentOptions, (rows) => {
			const snapshot = StoredSnapshot.of(rows);
			announce(snapshot);
			return snapshot && (() => snapshot.whenSent());
		});
		const migration = await planned;
		if (migration) await migration(document).catch(failed);
		return document;
	}

	release(name: string): void {
		const entry = this.entries.get(name);
		if (entry === undefined) return;
		entry.refs = Math.max(0, entry.refs - 1);
		if (entry.refs === 0 && entry.idleTimer === null) {
			entry.idleTimer = setTimeout(() => {
				entry.idleTimer = null;
				void this.unload(name, entry);
			}, this.options.idleUnloadMs);
			entry.idleTimer.unref();
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
		await Promise.allSettled([...this.entries.values()].map((entry) => entry.loading));
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
			entry.watch?.stop();
			entry.document?.destroy();
		}
		this.entries.clear();
	}

	private async unload(name: string, entry: Entry): Promise<void> {
		if (entry.refs > 0 || entry.unloading || entry.document === null) return;
		entry.unloading = true;
		const document = entry.document;
		try {
			await document.queue.flush();
			await document.queue.compact();
			await entry.watch?.flush();
		} catch (error) {
			this.options.logger.error('collab.unload_failed', {
				document: name,
				error: errorMessage(error)
			});
		} finally {
			entry.unloading = false;
		}
		// Someone may have connected while we were writing: then the document stays.
		if (entry.refs > 0 || this.entries.get(name) !== entry) return;
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

/**
 * Loaded documents by name. A document is loaded once even when many sockets connect at the
 * same moment (they share the load promise), and unloaded after its last connection has been
 * gone for `idleUnloadMs` — flushed and compacted first.
 */
import type { Logger } from '../log';
import { CollabDocument, type DocumentOptions } from './document';
import { errorMessage } from './persistence';
import type { DocumentWatch, DocumentWatcher } from './text-index';

interface Entry {
	loading: Promise<CollabDocument>;
	document: CollabDocument | null;
	refs: number;
	idleTimer: ReturnType<typeof setTimeout> | null;
	unloading: boolean;
	/** Derived data kept from the live document (the search text), if a watcher is set. */
	watch: DocumentWatch | null;
}

export interface RegistryOptions {
	documentOptions: DocumentOptions;
	idleUnloadMs: number;
	logger: Logger;
	watcher?: DocumentWatcher;
}

export class DocumentRegistry {
	private readonly entries = new Map<string, Entry>();
	private closed = false;

	constructor(private readonly options: RegistryOptions) {}

	/** Loads (or reuses) the document and counts one more user of it. Release it exactly once. */
	async acquire(name: string): Promise<CollabDocument> {
		if (this.closed) throw new Error('registry closed');
		let entry = this.entries.get(name);
		if (entry === undefined) {
			const created: Entry = {
				loading: CollabDocument.load(name, this.options.documentOptions),
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
					created.document = document;
					// Loaded after shutdown: nobody will ever release it.
					if (this.closed) document.destroy();
					else created.watch = this.options.watcher?.watch(name, document.ydoc) ?? null;
				},
				() => {
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

	/** Runs `task` on the document, loaded if needed and held (not unloaded) until it settles. */
	async withDocument<T>(
		name: string,
		task: (document: CollabDocument) => Promise<T> | T
	): Promise<T> {
		const document = await this.acquire(name);
		try {
			return await task(document);
		} finally {
			this.release(name);
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
		await Promise.all([...this.entries.values()].map((entry) => entry.watch?.flush()));
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

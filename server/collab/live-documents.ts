/**
 * Changing a document from the server through the collaboration path: the change is a Yjs update
 * applied to the live Y.Doc held by the collaboration server (loaded for the occasion if nobody
 * has it open), so open editors receive it at once and it is stored by the same queue as every
 * edit — never by writing rows behind the server's back. Used by the import into a section; meant
 * for any server-side change (e.g. writing an adopted text back into its section).
 *
 * Typical use: read `state(id)`, compute an update on a copy of it (a Y.Doc with its own client
 * id), then `applyUpdate(id, update)`; concurrent edits made in between merge as any two edits do.
 * When the change must be decided on the live text itself — nobody's edit slipping in between the
 * check and the write, as when an adopted text replaces a section only if it still reads as it was
 * frozen — `change(id, (ydoc) => …)` runs it as ONE transaction on the live Y.Doc (validate first,
 * then mutate), and `read(id, (ydoc) => …)` reads without changing.
 */
import * as Y from 'yjs';
import type { DocumentRegistry } from './registry';

export type LiveDocumentFailure = 'too_large' | 'invalid' | 'unavailable' | 'closed';

export class LiveDocumentError extends Error {
	constructor(
		readonly reason: LiveDocumentFailure,
		detail = ''
	) {
		super(detail ? `${reason}: ${detail}` : reason);
		this.name = 'LiveDocumentError';
	}
}

export interface LiveDocuments {
	/** The document's current state as the collaboration server holds it. */
	state(documentId: string): Promise<Uint8Array>;
	/**
	 * Applies `update` to the live document: broadcast to every connected editor, stored like an
	 * edit; resolves once it is durable (rejects with `unavailable` if storage does not confirm
	 * within `durableTimeoutMs`: the change stays in memory and is stored when storage returns).
	 */
	applyUpdate(documentId: string, update: Uint8Array): Promise<void>;
	/** Reads the live document; `reader` must not change it. */
	read<T>(documentId: string, reader: (ydoc: Y.Doc) => T): Promise<T>;
	/**
	 * Runs `change` on the live document as ONE transaction (origin SERVER_ORIGIN: broadcast to
	 * every connected editor, stored like an edit) and resolves once it is durable, with what
	 * `change` returned and the document's state right after (rejects with `unavailable` like
	 * `applyUpdate`). `change` must validate before it mutates (a throw keeps what was done).
	 */
	change<T>(documentId: string, change: (ydoc: Y.Doc) => T): Promise<LiveChange<T>>;
}

export interface LiveChange<T> {
	result: T;
	/** False when the transaction left the document as it was (nothing stored nor broadcast). */
	changed: boolean;
	/** Y.encodeStateVector of the document right after the change. */
	stateVector: Uint8Array;
	/** Y.encodeStateAsUpdate of the document right after the change (for versions). */
	state: Uint8Array;
}

export interface LiveDocumentsOptions {
	registry: DocumentRegistry;
	isClosing(): boolean;
	durableTimeoutMs?: number;
}

export function liveDocuments(options: LiveDocumentsOptions): LiveDocuments {
	const { registry } = options;
	const use = async <T>(
		documentId: string,
		action: (doc: Awaited<ReturnType<DocumentRegistry['acquire']>>) => Promise<T> | T
	) => {
		if (options.isClosing()) throw new LiveDocumentError('closed');
		let document;
		try {
			document = await registry.acquire(documentId);
		} catch (error) {
			throw new LiveDocumentError(
				'unavailable',
				error instanceof Error ? error.message : String(error)
			);
		}
		try {
			return await action(document);
		} finally {
			registry.release(documentId);
		}
	};
	const durable = async (
		document: Awaited<ReturnType<DocumentRegistry['acquire']>>,
		seq: number
	): Promise<void> => {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const stored = await Promise.race([
			document.queue.waitDurable(seq).then(() => true),
			new Promise<boolean>((resolve) => {
				timer = setTimeout(() => resolve(false), options.durableTimeoutMs ?? 15_000);
			})
		]);
		clearTimeout(timer);
		if (!stored) throw new LiveDocumentError('unavailable', 'not stored in time');
	};
	return {
		state: (documentId) => use(documentId, (document) => Y.encodeStateAsUpdate(document.ydoc)),
		read: (documentId, reader) => use(documentId, (document) => reader(document.ydoc)),
		change: (documentId, change) =>
			use(documentId, async (document) => {
				const done = document.runServerChange(change);
				if (done.seq !== null) {
					// Written now rather than on the batching clock: the caller is waiting.
					void document.queue.flush();
					await durable(document, done.seq);
				}
				return {
					result: done.result,
					changed: done.seq !== null,
					stateVector: done.stateVector,
					state: done.state
				};
			}),
		applyUpdate: (documentId, update) =>
			use(documentId, async (document) => {
				let applied;
				try {
					applied = document.applyServerUpdate(update);
				} catch (error) {
					throw new LiveDocumentError(
						'invalid',
						error instanceof Error ? error.message : String(error)
					);
				}
				if (applied.result === 'too_large') throw new LiveDocumentError('too_large');
				if (applied.result === 'incomplete')
					throw new LiveDocumentError('invalid', 'missing dependencies');
				await durable(document, applied.seq);
			})
	};
}

/**
 * Server-side changes to live documents: the one way code on the server (a decision written back
 * into its section, an import into a section…) changes a document. It goes through the same path
 * as an editor's keystroke, never around it:
 *
 *   const { result, stateVector } = await documents.applyServerChange(documentId, (ydoc) => {
 *     // one Yjs transaction: validate first, then mutate (a throw after a mutation keeps it)
 *   });
 *
 * The document is acquired from the registry (loaded from the store if nobody has it open), the
 * change runs as ONE Yjs transaction whose origin is SERVER_ORIGIN, so it is broadcast to every
 * connected client (none of them originated it) and appended through the document's persistence
 * queue like any update; the promise resolves only once that update is durably stored, then the
 * document is released (it unloads after the usual idle delay if nobody has it open).
 *
 * Behind the `DocumentChanges` interface so that a cluster can relay the change to the instance
 * that owns the document, and so that callers (the app, tests) never hold document state of
 * their own.
 */
import type * as Y from 'yjs';

/** Transaction origin of server-side changes: never a connection, so every peer receives them. */
export const SERVER_ORIGIN: unique symbol = Symbol('trame.server-change');

export interface ServerChangeResult<T> {
	/** What `change` returned. */
	result: T;
	/** False when the transaction left the document as it was (nothing stored nor broadcast). */
	changed: boolean;
	/** The document's Yjs state vector right after the change (Y.encodeStateVector). */
	stateVector: Uint8Array;
	/** The document's whole state right after the change (Y.encodeStateAsUpdate), for versions. */
	state: Uint8Array;
}

export interface ServerChangeOptions {
	/** How long to wait for the store before rejecting with DocumentNotDurableError (10 s). */
	durableTimeoutMs?: number;
}

export interface DocumentChanges {
	/** Reads the live document (loading it if needed): `reader` must not change it. */
	read<T>(documentId: string, reader: (ydoc: Y.Doc) => T): Promise<T>;
	/**
	 * Applies `change` as one transaction with SERVER_ORIGIN; resolves once durably stored.
	 * Rejects with DocumentNotDurableError if the store does not confirm in time: the change is
	 * then live and queued (it is stored when the store comes back), but not yet durable.
	 */
	applyServerChange<T>(
		documentId: string,
		change: (ydoc: Y.Doc) => T,
		options?: ServerChangeOptions
	): Promise<ServerChangeResult<T>>;
}

export class DocumentNotDurableError extends Error {
	constructor(readonly documentId: string) {
		super(`the change to ${documentId} was not confirmed durable in time`);
		this.name = 'DocumentNotDurableError';
	}
}

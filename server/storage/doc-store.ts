/**
 * Durable storage of a document's Yjs updates, as an append-only list of rows (the
 * `doc_updates` collection in production). The collaboration server never stores anything
 * else: the Yjs state is the only source of truth and is never rebuilt from HTML or JSON.
 */

export interface StoredUpdate {
	/** Row id, used to delete rows merged by a compaction. */
	id: string;
	/** A Yjs update (v1 encoding). */
	data: Uint8Array;
	/** True for a snapshot row that merged earlier rows. */
	compacted: boolean;
}

export interface DocStore {
	/** Every stored row of the document, in a stable order (order does not matter to Yjs). */
	load(documentName: string): Promise<StoredUpdate[]>;
	/** Appends one row; resolves once it is durable. Returns the new row id. */
	append(documentName: string, update: Uint8Array): Promise<string>;
	/**
	 * Stores `snapshot` (a superset of the rows `replacedIds`) as one compacted row and deletes the
	 * replaced rows, atomically when the backend allows. Returns the snapshot row id.
	 */
	compact(
		documentName: string,
		snapshot: Uint8Array,
		replacedIds: readonly string[]
	): Promise<string>;
}

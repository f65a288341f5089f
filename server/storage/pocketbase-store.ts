/**
 * `DocStore` on PocketBase's `doc_updates` collection (superuser only): one row per stored
 * update, `data` = base64 of the Yjs update. Compaction creates the snapshot row and deletes the
 * merged rows in one `/api/batch` request, which PocketBase runs as a transaction.
 */
import type PocketBase from 'pocketbase';
import type { DocStore, StoredUpdate } from './doc-store';

const COLLECTION = 'doc_updates';

interface DocUpdateRow {
	id: string;
	data: string;
	compacted: boolean;
}

export interface PocketBaseStoreOptions {
	/** Rows per page when loading. */
	pageSize?: number;
	/** Requests per batch; must not exceed the `batch.maxRequests` setting (1000, migration). */
	maxBatchRequests?: number;
}

export class PocketBaseStore implements DocStore {
	private readonly pageSize: number;
	private readonly maxBatchRequests: number;

	/** `pb` must be authenticated as superuser. */
	constructor(
		private readonly pb: PocketBase,
		options: PocketBaseStoreOptions = {}
	) {
		this.pageSize = options.pageSize ?? 200;
		this.maxBatchRequests = options.maxBatchRequests ?? 500;
	}

	async load(documentName: string): Promise<StoredUpdate[]> {
		const rows: StoredUpdate[] = [];
		const filter = this.pb.filter('document = {:document}', { document: documentName });
		for (let page = 1; ; page++) {
			const result = await this.pb
				.collection(COLLECTION)
				.getList<DocUpdateRow>(page, this.pageSize, {
					filter,
					// A stable order for stable pages; Yjs itself does not care about order.
					sort: 'created,id',
					fields: 'id,data,compacted',
					skipTotal: true
				});
			for (const item of result.items) {
				rows.push({
					id: item.id,
					data: new Uint8Array(Buffer.from(item.data, 'base64')),
					compacted: item.compacted
				});
			}
			if (result.items.length < this.pageSize) return rows;
		}
	}

	async append(documentName: string, update: Uint8Array): Promise<string> {
		const record = await this.pb
			.collection(COLLECTION)
			.create<{ id: string }>(rowBody(documentName, update, false), { fields: 'id' });
		return record.id;
	}

	async compact(
		documentName: string,
		snapshot: Uint8Array,
		replacedIds: readonly string[]
	): Promise<string> {
		const firstDeletes = replacedIds.slice(0, this.maxBatchRequests - 1);
		const batch = this.pb.createBatch();
		batch.collection(COLLECTION).create(rowBody(documentName, snapshot, true), { fields: 'id' });
		for (const id of firstDeletes) batch.collection(COLLECTION).delete(id);
		const results = await batch.send();
		const created = results[0]?.body as { id?: unknown } | undefined;
		if (typeof created?.id !== 'string') throw new Error('compaction batch returned no row id');
		// Rows beyond one batch: later batches. If one fails, the leftover rows only duplicate
		// content already in the snapshot, which Yjs merges harmlessly.
		for (let i = firstDeletes.length; i < replacedIds.length; i += this.maxBatchRequests) {
			const more = this.pb.createBatch();
			for (const id of replacedIds.slice(i, i + this.maxBatchRequests)) {
				more.collection(COLLECTION).delete(id);
			}
			await more.send();
		}
		return created.id;
	}
}

function rowBody(documentName: string, update: Uint8Array, compacted: boolean) {
	return {
		document: documentName,
		data: Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('base64'),
		bytes: update.byteLength,
		compacted
	};
}

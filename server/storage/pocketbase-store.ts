/**
 * `DocStore` on PocketBase's `doc_updates` collection (superuser only): one row per stored
 * update, encoded by the row codec (update-codec.ts). Appends of all documents are grouped by
 * an `AppendBatcher` into `/api/batch` requests (one transaction each). Compaction creates the
 * snapshot row and deletes the merged rows in one `/api/batch` request too.
 */
import { ClientResponseError } from 'pocketbase';
import type PocketBase from 'pocketbase';
import { silentLogger, type Logger } from '../log';
import { AppendBatcher, BatchItemRefused } from './append-batcher';
import type { DocStore, StoredUpdate } from './doc-store';
import { decodeRow, encodeRow, ROW_FIELDS, RowDecodeError } from './update-codec';

const COLLECTION = 'doc_updates';

interface DocUpdateRow {
	id: string;
	data: string;
	format: string;
	compacted: boolean;
}

type RowBody = ReturnType<typeof rowBody>;

export interface PocketBaseStoreOptions {
	/** Rows per page when loading. */
	pageSize?: number;
	/** Requests per batch; must not exceed the `batch.maxRequests` setting (1000, migration). */
	maxBatchRequests?: number;
	/** Base64 characters of appended rows per batch (`batch.maxBodySize` is 64 MB). */
	maxBatchChars?: number;
	/** Append batches out at once. */
	maxBatchesInFlight?: number;
	/** Where unreadable rows are reported (they are left out of `load`, never deleted). */
	logger?: Logger;
}

export class PocketBaseStore implements DocStore {
	private readonly pageSize: number;
	private readonly maxBatchRequests: number;
	private readonly logger: Logger;
	private readonly appends: AppendBatcher<RowBody>;

	/** `pb` must be authenticated as superuser. */
	constructor(
		private readonly pb: PocketBase,
		options: PocketBaseStoreOptions = {}
	) {
		this.pageSize = options.pageSize ?? 200;
		this.maxBatchRequests = options.maxBatchRequests ?? 500;
		this.logger = options.logger ?? silentLogger;
		this.appends = new AppendBatcher({
			send: (rows) => this.createRows(rows),
			size: (row) => row.data.length,
			maxItems: this.maxBatchRequests,
			maxBytes: options.maxBatchChars ?? 8 * 1024 * 1024,
			maxInFlight: options.maxBatchesInFlight
		});
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
					fields: `${ROW_FIELDS},compacted`,
					skipTotal: true
				});
			for (const item of result.items) {
				let data: Uint8Array;
				try {
					// CollabDocument.load applies each row and sets a malformed one aside itself.
					data = decodeRow(item, { validate: false });
				} catch (error) {
					if (!(error instanceof RowDecodeError)) throw error;
					// Left out, hence never compacted away: it stays for a human to inspect.
					this.logger.error('collab.row_unreadable', {
						document: documentName,
						row: item.id,
						error: error.message
					});
					continue;
				}
				rows.push({ id: item.id, data, compacted: item.compacted });
			}
			if (result.items.length < this.pageSize) return rows;
		}
	}

	/** Resolves once this row is durable; it may travel in one batch with other documents' rows. */
	append(documentName: string, update: Uint8Array): Promise<string> {
		return this.appends.add(rowBody(documentName, update, false));
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

	/** One `/api/batch` of creates; names the refused row when PocketBase reports one. */
	private async createRows(rows: readonly RowBody[]): Promise<string[]> {
		const batch = this.pb.createBatch();
		for (const row of rows) batch.collection(COLLECTION).create(row, { fields: 'id' });
		let results;
		try {
			results = await batch.send();
		} catch (error) {
			const refused = refusedRequest(error);
			throw refused ? new BatchItemRefused(refused.index, refused.error) : error;
		}
		return results.map((result) => {
			const id = (result.body as { id?: unknown } | undefined)?.id;
			if (typeof id !== 'string') throw new Error('batch create returned no row id');
			return id;
		});
	}
}

function rowBody(documentName: string, update: Uint8Array, compacted: boolean) {
	return { document: documentName, compacted, ...encodeRow(update) };
}

/**
 * PocketBase answers a failed batch with 400 and `data.requests[<index>]` = the request that
 * failed (and rolled the transaction back), its own error under `response`.
 */
function refusedRequest(error: unknown): { index: number; error: Error } | null {
	if (!(error instanceof ClientResponseError) || error.status !== 400) return null;
	const requests = (error.response as { data?: { requests?: unknown } }).data?.requests;
	if (typeof requests !== 'object' || requests === null) return null;
	const keys = Object.keys(requests);
	if (keys.length !== 1 || !/^\d+$/.test(keys[0]!)) return null;
	const failure = (
		requests as Record<string, { response?: { message?: unknown; data?: unknown } }>
	)[keys[0]!];
	const detail = failure?.response;
	const message =
		`doc_updates row refused: ${String(detail?.message ?? 'unknown reason')}` +
		(detail?.data ? ` ${JSON.stringify(detail.data)}` : '');
	return { index: Number(keys[0]), error: new Error(message) };
}

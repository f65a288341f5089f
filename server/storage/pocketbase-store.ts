/**
 * `DocStore` on PocketBase's `doc_updates` collection (superuser only): one row per stored
 * update, encoded by the row codec (update-codec.ts). Appends of all documents are grouped by
 * an `AppendBatcher` into requests to the lean insert route `POST /api/trame/doc-rows`
 * (pocketbase/pb_hooks/doc_rows.pb.js: one transaction each, ~5x less PocketBase CPU per row than
 * `/api/batch` creates). Compaction inserts the snapshot row and deletes the merged rows in one
 * transaction through `POST /api/trame/doc-compact` (same file; record-API deletes cost ~0.3 ms
 * of PocketBase CPU each).
 */
import { ClientResponseError } from 'pocketbase';
import type PocketBase from 'pocketbase';
import { silentLogger, type Logger } from '../log';
import { AppendBatcher, BatchItemRefused } from './append-batcher';
import type { DocStore, StoredUpdate } from './doc-store';
import { DOC_UPDATES, rowBody } from './doc-rows';
import { decodeRow, encodeRow, ROW_FIELDS, RowDecodeError } from './update-codec';

const COLLECTION = DOC_UPDATES;
const ROWS_ROUTE = '/api/trame/doc-rows';
const COMPACT_ROUTE = '/api/trame/doc-compact';

interface DocUpdateRow {
	id: string;
	data: string;
	format: string;
	compacted: boolean;
}

type RowBody = ReturnType<typeof appendedRow>;

export interface PocketBaseStoreOptions {
	/** Rows per page when loading. */
	pageSize?: number;
	/** Rows per append request (the insert route takes them in one transaction). */
	maxBatchRequests?: number;
	/** Base64 characters of appended rows per request (the route's body limit is 64 MB). */
	maxBatchChars?: number;
	/** Append batches out at once. */
	maxBatchesInFlight?: number;
	/**
	 * A request PocketBase has not answered after this long is abandoned and fails (then retried
	 * by the document's queue): a hung request would otherwise hold every document's appends
	 * (one batch in flight) and never acknowledge them. Default 10 s.
	 */
	requestTimeoutMs?: number;
	/** Where unreadable rows are reported (they are left out of `load`, never deleted). */
	logger?: Logger;
}

export class PocketBaseStore implements DocStore {
	private readonly pageSize: number;
	private readonly logger: Logger;
	private readonly requestTimeoutMs: number;
	private readonly appends: AppendBatcher<RowBody>;

	/** `pb` must be authenticated as superuser. */
	constructor(
		private readonly pb: PocketBase,
		options: PocketBaseStoreOptions = {}
	) {
		this.pageSize = options.pageSize ?? 200;
		this.logger = options.logger ?? silentLogger;
		this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
		this.appends = new AppendBatcher({
			send: (rows) => this.createRows(rows),
			size: (row) => row.data.length,
			maxItems: options.maxBatchRequests ?? 500,
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
					skipTotal: true,
					signal: this.timeout()
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
		return this.appends.add(appendedRow(documentName, update));
	}

	/**
	 * One request to the compaction route: the snapshot row inserted and the replaced rows (of
	 * this document only) deleted in one transaction, all or nothing.
	 */
	async compact(
		documentName: string,
		snapshot: Uint8Array,
		replacedIds: readonly string[]
	): Promise<string> {
		// The route marks the row compacted itself.
		const result = await this.pb.send<{ id?: unknown }>(COMPACT_ROUTE, {
			method: 'POST',
			body: { document: documentName, ...encodeRow(snapshot), replaced: replacedIds },
			requestKey: null,
			signal: this.timeout()
		});
		if (typeof result.id !== 'string') throw new Error(`${COMPACT_ROUTE} returned no row id`);
		return result.id;
	}

	private timeout(): AbortSignal {
		return AbortSignal.timeout(this.requestTimeoutMs);
	}

	/** One request to the insert route; names the refused row when PocketBase reports one. */
	private async createRows(rows: readonly RowBody[]): Promise<string[]> {
		let result: { ids?: unknown };
		try {
			result = await this.pb.send<{ ids?: unknown }>(ROWS_ROUTE, {
				method: 'POST',
				body: { rows },
				requestKey: null,
				signal: this.timeout()
			});
		} catch (error) {
			const refused = refusedRow(error, rows.length);
			throw refused ? new BatchItemRefused(refused.index, refused.error) : error;
		}
		const ids = result.ids;
		if (
			!Array.isArray(ids) ||
			ids.length !== rows.length ||
			!ids.every((id): id is string => typeof id === 'string')
		) {
			throw new Error(`${ROWS_ROUTE} returned no row ids`);
		}
		return ids;
	}
}

function appendedRow(documentName: string, update: Uint8Array) {
	return rowBody(documentName, update, false);
}

/** The route answers a refused request with 400 and `data.index` = the first bad row. */
function refusedRow(error: unknown, rowCount: number): { index: number; error: Error } | null {
	if (!(error instanceof ClientResponseError) || error.status !== 400) return null;
	const data = (error.response as { data?: { index?: unknown; reason?: unknown } }).data;
	const index = data?.index;
	if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= rowCount) {
		return null;
	}
	return {
		index,
		error: new Error(`doc_updates row refused: ${String(data?.reason ?? 'unknown reason')}`)
	};
}

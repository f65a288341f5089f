/**
 * The one codec of `doc_updates` rows. `data` is base64 text of a binary payload whose encoding
 * `format` names:
 *   - `v1` (or empty: rows written before the field existed): a Yjs v1 update;
 *   - `v2`: a Yjs v2 update (denser for updates of many structs);
 *   - `v2-deflate`: a Yjs v2 update compressed with raw deflate (node:zlib);
 *   - `v1-deflate`: a Yjs v1 update compressed with raw deflate.
 * Writers store the smallest of the formats tried for the update's size: v2 for the small rows
 * of live typing (where it halves the bytes), never for large ones (snapshots, copies): turning
 * a 1 MB v2 update back into v1 costs ~100 ms on a freshly started server, on the cold-open path;
 * inflating costs a few. `bytes` is the stored binary size; `bytes` is the stored binary size (before base64), which is what
 * "bytes written" means. Readers always get a Yjs v1 update back (what the sync protocol
 * and `Y.applyUpdate` speak). No other module parses `data`.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as Y from 'yjs';

export const ROW_FORMAT_V1 = 'v1';
export const ROW_FORMAT_V2 = 'v2';
export const ROW_FORMAT_V2_DEFLATE = 'v2-deflate';
export const ROW_FORMAT_V1_DEFLATE = 'v1-deflate';
export type RowFormat =
	| typeof ROW_FORMAT_V1
	| typeof ROW_FORMAT_V2
	| typeof ROW_FORMAT_V2_DEFLATE
	| typeof ROW_FORMAT_V1_DEFLATE;

/** Fields a reader must request to decode a row. */
export const ROW_FIELDS = 'id,data,format';

/** The encoded fields of a row, as written to `doc_updates`. */
export interface EncodedRow {
	data: string;
	/** Stored binary bytes (before base64). */
	bytes: number;
	format: RowFormat;
}

/** A row as read back (`format` is '' or missing on rows older than the field). */
export interface RawRow {
	id?: string;
	data?: unknown;
	format?: unknown;
}

export class RowDecodeError extends Error {
	constructor(
		readonly rowId: string | undefined,
		reason: string
	) {
		super(`doc_updates row ${rowId ?? '(no id)'} is unreadable: ${reason}`);
		this.name = 'RowDecodeError';
	}
}

/**
 * Below this size (one or two keystrokes) v2 and deflate only add headers: stored as v1 without
 * paying ~25 µs of conversion (bench/update-codec.ts measures both).
 */
const DENSE_FROM_BYTES = 64;
/** From this size on, v1 (deflated if smaller): reading it back must stay cheap (see above). */
const LARGE_FROM_BYTES = 64 * 1024;
/** Far above any document the server accepts: a corrupt length cannot exhaust memory. */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/** Encodes a Yjs v1 update for storage, in the smallest format. */
export function encodeRow(updateV1: Uint8Array): EncodedRow {
	let best: EncodedRow = { data: '', bytes: updateV1.byteLength, format: ROW_FORMAT_V1 };
	let bestBytes: Uint8Array = updateV1;
	const candidates: [Uint8Array, RowFormat][] = [];
	if (updateV1.byteLength >= LARGE_FROM_BYTES) {
		candidates.push([deflateRawSync(updateV1, { level: 1 }), ROW_FORMAT_V1_DEFLATE]);
	} else if (updateV1.byteLength >= DENSE_FROM_BYTES) {
		const v2 = Y.convertUpdateFormatV1ToV2(updateV1);
		candidates.push([v2, ROW_FORMAT_V2], [deflateRawSync(v2), ROW_FORMAT_V2_DEFLATE]);
	}
	for (const [bytes, format] of candidates) {
		if (bytes.byteLength < best.bytes) {
			best = { data: '', bytes: bytes.byteLength, format };
			bestBytes = bytes;
		}
	}
	return { ...best, data: toBase64(bestBytes) };
}

export interface DecodeOptions {
	/**
	 * Check a v1 row's structure (a full parse). Off only for a caller that applies the update
	 * itself and handles a malformed one (the collaboration server's load): not twice per open.
	 */
	validate?: boolean;
}

/** The Yjs v1 update a row holds. Throws `RowDecodeError` (never anything else) when it cannot. */
export function decodeRow(row: RawRow, options: DecodeOptions = {}): Uint8Array {
	if (typeof row.data !== 'string' || row.data === '') {
		throw new RowDecodeError(row.id, 'no data');
	}
	const binary = Buffer.from(row.data, 'base64');
	const format = row.format ?? '';
	try {
		if (format === '' || format === ROW_FORMAT_V1) {
			// Validates the structure, so a garbled row fails here with a clear error.
			if (options.validate !== false) Y.decodeUpdate(binary);
			return new Uint8Array(binary.buffer, binary.byteOffset, binary.byteLength);
		}
		if (format === ROW_FORMAT_V1_DEFLATE) {
			const update = inflateRawSync(binary, { maxOutputLength: MAX_INFLATED_BYTES });
			if (options.validate !== false) Y.decodeUpdate(update);
			return new Uint8Array(update.buffer, update.byteOffset, update.byteLength);
		}
		if (format === ROW_FORMAT_V2) return Y.convertUpdateFormatV2ToV1(binary);
		if (format === ROW_FORMAT_V2_DEFLATE) {
			return Y.convertUpdateFormatV2ToV1(
				inflateRawSync(binary, { maxOutputLength: MAX_INFLATED_BYTES })
			);
		}
	} catch (error) {
		throw new RowDecodeError(
			row.id,
			`format ${format === '' ? 'v1 (legacy)' : String(format)}: ${error instanceof Error ? error.message : String(error)}`
		);
	}
	throw new RowDecodeError(row.id, `unknown format ${JSON.stringify(format)}`);
}

/** Every row's update merged into one Yjs v1 state (an empty document's state if none). */
export function mergeRows(rows: readonly RawRow[]): Uint8Array {
	const updates = rows.map((row) => decodeRow(row));
	if (updates.length === 0) return Y.encodeStateAsUpdate(new Y.Doc());
	return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}

function toBase64(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

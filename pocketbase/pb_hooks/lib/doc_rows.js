// Row checks shared by the doc_updates routes of pb_hooks/doc_rows.pb.js: the collection's own
// limits (keep in step with pb_migrations 1763700000_trame_collections.js and
// 1764600000_doc_update_format.js). Pure functions: no PocketBase globals.

const MAX_DATA_CHARS = 20000000;
const FORMATS = ['', 'v1', 'v2', 'v2-deflate', 'v1-deflate'];
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Bound parameters per statement, well under SQLite's limit. */
const IDS_PER_STATEMENT = 500;

/** Why `row` cannot be stored, or null. */
function rowProblem(row) {
	if (typeof row !== 'object' || row === null) return 'not an object';
	if (typeof row.document !== 'string' || row.document === '') return 'document missing';
	if (typeof row.data !== 'string' || row.data === '') return 'data missing';
	if (row.data.length > MAX_DATA_CHARS) return 'data too long';
	const format = row.format === undefined ? '' : row.format;
	if (typeof format !== 'string' || FORMATS.indexOf(format) < 0) return 'unknown format';
	const bytes = row.bytes === undefined ? 0 : row.bytes;
	if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 0) return 'bad bytes';
	if (row.compacted !== undefined && typeof row.compacted !== 'boolean') return 'bad compacted';
	return null;
}

/** `{:p0},{:p1},…` and the matching parameters, for an SQL `IN (…)`. */
function inList(prefix, values) {
	const params = {};
	const placeholders = values.map((value, i) => {
		params[`${prefix}${i}`] = value;
		return `{:${prefix}${i}}`;
	});
	return { sql: placeholders.join(','), params };
}

/** Inserts one row; parameters from `insertParams`. */
const INSERT_ROW =
	'INSERT INTO doc_updates (id, document, data, format, bytes, compacted, created) ' +
	'VALUES ({:id}, {:document}, {:data}, {:format}, {:bytes}, {:compacted}, {:created})';

/** Parameters of INSERT_ROW for a row `rowProblem` accepted. */
function insertParams(id, row, created) {
	return {
		id,
		document: row.document,
		data: row.data,
		format: row.format || '',
		bytes: row.bytes || 0,
		compacted: row.compacted === true,
		created
	};
}

/** PocketBase's datetime text, e.g. '2026-11-21 09:00:00.000Z'. */
function nowText() {
	return new Date().toISOString().replace('T', ' ');
}

module.exports = {
	ID_ALPHABET,
	IDS_PER_STATEMENT,
	INSERT_ROW,
	insertParams,
	rowProblem,
	inList,
	nowText
};

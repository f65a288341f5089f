/// <reference path="../../.data/pb_data/types.d.ts" />
// POST /api/trame/doc-rows  { rows: [{ document, data, format, bytes, compacted }] }  → { ids }
// (superuser only: the collaboration server). The lean insert path of `doc_updates` appends
// (server/storage/pocketbase-store.ts): one transaction, one query checking that every referenced
// document exists, one parameterised INSERT per row. PocketBase's record pipeline costs ~0.26 ms
// of CPU per row inside an `/api/batch`; this path skips it.
//
// All or nothing, like a batch: a bad row or a missing document refuses the whole request with a
// 400 whose `data.index` names the first culprit, and nothing is written.
//
// What the record layer did that raw SQL skips, and why that is fine here:
// - Field validation: redone below with the collection's own limits (keep them in step with
//   pb_migrations 1763700000_trame_collections.js and 1764600000_doc_update_format.js).
// - Relation check: the one `SELECT id FROM documents` below. The relation is a plain text column
//   holding the document id, so a document's cascade delete still finds these rows
//   (tests/integration/doc-updates-storage.test.ts checks it).
// - Realtime events: none are sent; nobody subscribes to doc_updates (superuser-only rules).
// - Record hooks (onRecordCreate… on doc_updates): none exist in pb_hooks; a new one would NOT
//   run for rows written here.
// - id and `created`: generated here the way PocketBase does (15 chars [a-z0-9]; datetime text
//   'YYYY-MM-DD HH:MM:SS.mmmZ').

routerAdd(
	'POST',
	'/api/trame/doc-rows',
	(e) => {
		// Collection limits (see the migrations named above).
		const MAX_DATA_CHARS = 20000000;
		const FORMATS = ['', 'v1', 'v2', 'v2-deflate', 'v1-deflate'];
		const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

		const refuse = (index, message) =>
			e.json(400, {
				status: 400,
				message: `doc_updates row ${index} refused: ${message}`,
				data: { index, reason: message }
			});

		const body = e.requestInfo().body || {};
		const rows = body.rows;
		if (!Array.isArray(rows)) throw new BadRequestError('Expected { rows: [...] }.');

		const problem = (row) => {
			if (typeof row !== 'object' || row === null) return 'not an object';
			if (typeof row.document !== 'string' || row.document === '') return 'document missing';
			if (typeof row.data !== 'string' || row.data === '') return 'data missing';
			if (row.data.length > MAX_DATA_CHARS) return 'data too long';
			const format = row.format === undefined ? '' : row.format;
			if (typeof format !== 'string' || FORMATS.indexOf(format) < 0) return 'unknown format';
			const bytes = row.bytes === undefined ? 0 : row.bytes;
			if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 0) return 'bad bytes';
			if (row.compacted !== undefined && typeof row.compacted !== 'boolean') {
				return 'bad compacted';
			}
			return null;
		};
		for (let i = 0; i < rows.length; i++) {
			const reason = problem(rows[i]);
			if (reason) return refuse(i, reason);
		}
		if (rows.length === 0) return e.json(200, { ids: [] });

		const documents = [];
		for (const row of rows) {
			if (documents.indexOf(row.document) < 0) documents.push(row.document);
		}
		const docParams = {};
		const placeholders = documents.map((id, i) => {
			docParams[`d${i}`] = id;
			return `{:d${i}}`;
		});

		const ids = [];
		let missing = -1;
		e.app.runInTransaction((txApp) => {
			const found = arrayOf(new DynamicModel({ id: '' }));
			txApp
				.db()
				.newQuery(`SELECT id FROM documents WHERE id IN (${placeholders.join(',')})`)
				.bind(docParams)
				.all(found);
			const existing = {};
			for (const record of found) existing[record.id] = true;
			missing = rows.findIndex((row) => !existing[row.document]);
			if (missing >= 0) return;

			const created = new Date().toISOString().replace('T', ' ');
			const insert = txApp
				.db()
				.newQuery(
					'INSERT INTO doc_updates (id, document, data, format, bytes, compacted, created) ' +
						'VALUES ({:id}, {:document}, {:data}, {:format}, {:bytes}, {:compacted}, {:created})'
				);
			for (const row of rows) {
				const id = $security.randomStringWithAlphabet(15, ID_ALPHABET);
				insert
					.bind({
						id,
						document: row.document,
						data: row.data,
						format: row.format || '',
						bytes: row.bytes || 0,
						compacted: row.compacted === true,
						created
					})
					.execute();
				ids.push(id);
			}
		});
		if (missing >= 0) return refuse(missing, 'document not found');
		return e.json(200, { ids });
	},
	$apis.requireSuperuserAuth(),
	// As much as one `/api/batch` may carry (`batch.maxBodySize`, migration 1763700001).
	$apis.bodyLimit(64 * 1024 * 1024)
);

/// <reference path="../../.data/pb_data/types.d.ts" />
/* global __hooks */
/* eslint-disable @typescript-eslint/no-require-imports -- goja loads shared code with require() */
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
		const lib = require(`${__hooks}/lib/doc_rows.js`);
		const refuse = (index, message) =>
			e.json(400, {
				status: 400,
				message: `doc_updates row ${index} refused: ${message}`,
				data: { index, reason: message }
			});

		const body = e.requestInfo().body || {};
		const rows = body.rows;
		if (!Array.isArray(rows)) throw new BadRequestError('Expected { rows: [...] }.');

		const problem = lib.rowProblem;
		for (let i = 0; i < rows.length; i++) {
			const reason = problem(rows[i]);
			if (reason) return refuse(i, reason);
		}
		if (rows.length === 0) return e.json(200, { ids: [] });

		const documents = [];
		for (const row of rows) {
			if (documents.indexOf(row.document) < 0) documents.push(row.document);
		}
		const documentList = lib.inList('d', documents);

		const ids = [];
		let missing = -1;
		e.app.runInTransaction((txApp) => {
			const found = arrayOf(new DynamicModel({ id: '' }));
			txApp
				.db()
				.newQuery(`SELECT id FROM documents WHERE id IN (${documentList.sql})`)
				.bind(documentList.params)
				.all(found);
			const existing = {};
			for (const record of found) existing[record.id] = true;
			missing = rows.findIndex((row) => !existing[row.document]);
			if (missing >= 0) return;

			const created = lib.nowText();
			const insert = txApp.db().newQuery(lib.INSERT_ROW);
			for (const row of rows) {
				const id = $security.randomStringWithAlphabet(15, lib.ID_ALPHABET);
				insert.bind(lib.insertParams(id, row, created)).execute();
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

// POST /api/trame/doc-compact  { document, data, format, bytes, replaced: [ids] }  → { id, deleted }
// (superuser only). A compaction: the snapshot row (compacted) inserted and the rows it replaces
// deleted, in one transaction — through the record API each delete cost ~0.3 ms of PocketBase
// CPU, and a document compacts every 100 rows. Deletes are limited to rows of that document, so a
// wrong id can never remove another document's data; ids already gone are simply not counted.
routerAdd(
	'POST',
	'/api/trame/doc-compact',
	(e) => {
		const lib = require(`${__hooks}/lib/doc_rows.js`);
		const body = e.requestInfo().body || {};
		const row = {
			document: body.document,
			data: body.data,
			format: body.format,
			bytes: body.bytes,
			compacted: true
		};
		const problem = lib.rowProblem(row);
		if (problem) throw new BadRequestError(`Snapshot refused: ${problem}.`);
		const replaced = body.replaced;
		if (
			!Array.isArray(replaced) ||
			replaced.some((id) => typeof id !== 'string' || !/^[a-z0-9]{15}$/.test(id))
		) {
			throw new BadRequestError('Expected replaced: [row ids].');
		}

		let id = '';
		let deleted = 0;
		let missing = false;
		e.app.runInTransaction((txApp) => {
			const found = arrayOf(new DynamicModel({ id: '' }));
			txApp
				.db()
				.newQuery('SELECT id FROM documents WHERE id = {:document}')
				.bind({ document: row.document })
				.all(found);
			if (found.length === 0) {
				missing = true;
				return;
			}
			id = $security.randomStringWithAlphabet(15, lib.ID_ALPHABET);
			txApp
				.db()
				.newQuery(lib.INSERT_ROW)
				.bind(lib.insertParams(id, row, lib.nowText()))
				.execute();
			for (let i = 0; i < replaced.length; i += lib.IDS_PER_STATEMENT) {
				const ids = lib.inList('r', replaced.slice(i, i + lib.IDS_PER_STATEMENT));
				const result = txApp
					.db()
					.newQuery(`DELETE FROM doc_updates WHERE document = {:document} AND id IN (${ids.sql})`)
					.bind(Object.assign({ document: row.document }, ids.params))
					.execute();
				deleted += result.rowsAffected();
			}
		});
		if (missing) throw new NotFoundError('Document not found.');
		return e.json(200, { id, deleted });
	},
	$apis.requireSuperuserAuth(),
	$apis.bodyLimit(64 * 1024 * 1024)
);

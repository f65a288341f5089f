/// <reference path="../../.data/pb_data/types.d.ts" />
// "Depuis votre dernière visite" (docs/architecture.md, "Since your last visit"): what changed in
// a document, logged by the collaboration server, and when each reader last looked at it.
// Regenerate src/lib/pocketbase/types.ts with any change.
//
// `document_changes`: one row per quiet period (~2 s after edits stop) and section of a live
// document, attributed to the people whose sockets sent the edits (the server knows who each
// socket is; clients never write here). Kinds: `text` (accepted text added/removed in a section),
// `suggestion` (a tracked change proposed) and `suggestion_resolved` (accepted or rejected).
// `document_visits`: one row per reader and document, the time they last opened it; written by
// the reader themself through the app (their own client, so these rules apply).

const READERS = 'document.experiment.readers.id ?= @request.auth.id';
const KINDS = ['text', 'suggestion', 'suggestion_resolved'];

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		const documents = app.findCollectionByNameOrId('documents');
		const documentRelation = {
			type: 'relation',
			name: 'document',
			required: true,
			collectionId: documents.id,
			maxSelect: 1,
			cascadeDelete: true
		};

		const changes = new Collection({
			type: 'base',
			name: 'document_changes',
			listRule: READERS,
			viewRule: READERS,
			createRule: null,
			updateRule: null,
			deleteRule: null,
			fields: [
				documentRelation,
				{ type: 'select', name: 'kind', required: true, maxSelect: 1, values: KINDS },
				{
					type: 'relation',
					name: 'authors',
					collectionId: users.id,
					maxSelect: 50,
					cascadeDelete: false
				},
				// Names as the text carried them (a suggestion's mark), for people no longer readable.
				{ type: 'json', name: 'author_names', maxSize: 4096 },
				{ type: 'text', name: 'section', max: 300 },
				{ type: 'number', name: 'added', min: 0, onlyInt: true },
				{ type: 'number', name: 'removed', min: 0, onlyInt: true },
				{ type: 'text', name: 'excerpt', max: 300 },
				{ type: 'text', name: 'change_id', max: 64 },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: [
				'CREATE INDEX `idx_document_changes_document` ON `document_changes` (`document`, `created`)'
			]
		});
		app.save(changes);

		const own = 'user = @request.auth.id';
		const visits = new Collection({
			type: 'base',
			name: 'document_visits',
			listRule: own,
			viewRule: own,
			createRule: `@request.body.user = @request.auth.id && ${READERS}`,
			updateRule: `${own} && @request.body.user:changed = false && @request.body.document:changed = false`,
			deleteRule: own,
			fields: [
				{
					type: 'relation',
					name: 'user',
					required: true,
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				documentRelation,
				{ type: 'date', name: 'seen_at', required: true }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_document_visits_user_document` ON `document_visits` (`user`, `document`)'
			]
		});
		app.save(visits);
	},
	(app) => {
		for (const name of ['document_visits', 'document_changes']) {
			app.delete(app.findCollectionByNameOrId(name));
		}
	}
);

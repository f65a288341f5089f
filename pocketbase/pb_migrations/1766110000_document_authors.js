/// <reference path="../../.data/pb_data/types.d.ts" />
// "Qui a écrit quoi" (docs/architecture.md, "Who wrote what"): which Trame user each Yjs client id
// of a document belongs to. Written ONLY by the collaboration server, the first time a socket's
// update brings structs under a client id: the server knows who authenticated the socket, so no
// client can claim text under someone else's name. Read by the app for the document's readers.
// Regenerate src/lib/pocketbase/types.ts with any change.

const READERS = 'document.experiment.readers.id ?= @request.auth.id';

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		const documents = app.findCollectionByNameOrId('documents');
		const authors = new Collection({
			type: 'base',
			name: 'document_authors',
			listRule: READERS,
			viewRule: READERS,
			createRule: null,
			updateRule: null,
			deleteRule: null,
			fields: [
				{
					type: 'relation',
					name: 'document',
					required: true,
					collectionId: documents.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				// A Yjs client id: an unsigned 32-bit integer.
				{
					type: 'number',
					name: 'client_id',
					required: false,
					min: 0,
					max: 4294967295,
					onlyInt: true
				},
				{
					type: 'relation',
					name: 'user',
					required: true,
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: [
				// First writer wins, also across collaboration server instances.
				'CREATE UNIQUE INDEX `idx_document_authors_client` ON `document_authors` (`document`, `client_id`)'
			]
		});
		app.save(authors);
	},
	(app) => {
		app.delete(app.findCollectionByNameOrId('document_authors'));
	}
);

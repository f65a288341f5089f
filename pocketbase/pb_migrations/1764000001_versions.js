/// <reference path="../../.data/pb_data/types.d.ts" />
// Version history and publication (docs/architecture.md, "Asynchronous review"): binary Yjs
// states of a document at given moments (automatic after a pause, before a restore, or named),
// and the one version of a document published read-only at /public/<slug>. Written by Trame's
// server as superuser only. Regenerate src/lib/pocketbase/types.ts with any change.

const READERS = 'document.experiment.readers.id ?= @request.auth.id';
// base64 of a Yjs state up to the collab server's document cap.
const STATE_MAX_CHARS = 20000000;

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		const documents = app.findCollectionByNameOrId('documents');

		const versions = new Collection({
			type: 'base',
			name: 'doc_versions',
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
				{
					type: 'select',
					name: 'kind',
					required: true,
					maxSelect: 1,
					values: ['auto', 'named', 'before_restore', 'restored']
				},
				{ type: 'text', name: 'name', max: 200 },
				// base64 of Y.encodeStateAsUpdate of the document at that moment.
				{ type: 'text', name: 'state', required: true, max: STATE_MAX_CHARS },
				{ type: 'number', name: 'bytes', onlyInt: true, min: 0 },
				{
					type: 'relation',
					name: 'created_by',
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: [
				'CREATE INDEX `idx_doc_versions_document` ON `doc_versions` (`document`, `created`)'
			]
		});
		app.save(versions);

		const publications = new Collection({
			type: 'base',
			name: 'publications',
			listRule: null,
			viewRule: null,
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
				{
					type: 'relation',
					name: 'version',
					required: true,
					collectionId: versions.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{
					type: 'text',
					name: 'slug',
					required: true,
					min: 3,
					max: 120,
					pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$'
				},
				{
					type: 'relation',
					name: 'published_by',
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_publications_slug` ON `publications` (`slug`)',
				'CREATE UNIQUE INDEX `idx_publications_document` ON `publications` (`document`)'
			]
		});
		app.save(publications);
	},
	(app) => {
		for (const name of ['publications', 'doc_versions']) {
			app.delete(app.findCollectionByNameOrId(name));
		}
	}
);

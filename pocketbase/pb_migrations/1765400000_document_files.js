/// <reference path="../../.data/pb_data/types.d.ts" />
// Images and attached files of documents (docs/architecture.md, "Images and files"). The
// document's Yjs state only holds a file's `key`; the bytes live here: the original as uploaded
// (checked by its magic bytes) and, for images, variants resized by Trame's server (sharp).
// Superuser only: Trame's server serves them after checking that the reader may read the document
// (or that the key is in the published version, for the public page). Deleting the document
// deletes its files (cascade). Regenerate src/lib/pocketbase/types.ts with any change.

// Same caps as src/lib/domain/files.ts.
const IMAGE_MAX_BYTES = 15 * 1024 * 1024;
const FILE_MAX_BYTES = 25 * 1024 * 1024;

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		const documents = app.findCollectionByNameOrId('documents');
		const files = new Collection({
			type: 'base',
			name: 'document_files',
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
				// The node attribute `file` of the image or attachment: unique within its document, kept
				// by copies (the copy's files get the same keys under the new document).
				{ type: 'text', name: 'key', required: true, pattern: '^[a-z0-9]{15}$' },
				{ type: 'select', name: 'kind', required: true, maxSelect: 1, values: ['image', 'file'] },
				{ type: 'text', name: 'name', required: true, max: 255 },
				{ type: 'text', name: 'mime', required: true, max: 100 },
				{ type: 'number', name: 'size', onlyInt: true, min: 0 },
				{ type: 'number', name: 'width', onlyInt: true, min: 0 },
				{ type: 'number', name: 'height', onlyInt: true, min: 0 },
				{
					type: 'file',
					name: 'original',
					required: true,
					maxSelect: 1,
					maxSize: FILE_MAX_BYTES,
					protected: true
				},
				// Resized images (WebP), one per width of `variant_widths` (same order).
				{
					type: 'file',
					name: 'variants',
					maxSelect: 5,
					maxSize: IMAGE_MAX_BYTES,
					protected: true
				},
				{ type: 'json', name: 'variant_widths', maxSize: 1000 },
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
				'CREATE UNIQUE INDEX `idx_document_files_key` ON `document_files` (`document`, `key`)'
			]
		});
		app.save(files);
	},
	(app) => {
		app.delete(app.findCollectionByNameOrId('document_files'));
	}
);

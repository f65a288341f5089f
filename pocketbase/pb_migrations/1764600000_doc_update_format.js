/// <reference path="../../.data/pb_data/types.d.ts" />
// Encoding of a `doc_updates` row's `data` (server/storage/update-codec.ts is the one codec):
// 'v1' = base64 of a Yjs v1 update, 'v2' = of a Yjs v2 update, 'v2-deflate' = of a raw-deflated
// Yjs v2 update, 'v1-deflate' = of a raw-deflated Yjs v1 update (large rows). Rows written
// before this field have '' and are v1, so they stay readable as is.
// Regenerate src/lib/pocketbase/types.ts with any change.

migrate(
	(app) => {
		const docUpdates = app.findCollectionByNameOrId('doc_updates');
		docUpdates.fields.add(
			new SelectField({
				name: 'format',
				maxSelect: 1,
				values: ['v1', 'v2', 'v2-deflate', 'v1-deflate']
			})
		);
		app.save(docUpdates);
	},
	(app) => {
		const docUpdates = app.findCollectionByNameOrId('doc_updates');
		docUpdates.fields.removeByName('format');
		app.save(docUpdates);
	}
);

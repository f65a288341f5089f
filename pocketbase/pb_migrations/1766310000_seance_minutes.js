/// <reference path="../../.data/pb_data/types.d.ts" />
/* global RelationField */
// Minutes of a séance (docs/architecture.md, "Séances", minutes): the notes written live are one
// Yjs document per séance, a `documents` record of kind `notes_seance` whose id is the séance's id
// (one fragment per agenda item); the compte rendu generated after closing is a normal document
// linked by `seances.minutes_document`.
// Hand-written; regenerate src/lib/pocketbase/types.ts (`npm run pb:typegen`) with any change.

migrate(
	(app) => {
		const documents = app.findCollectionByNameOrId('documents');
		const kind = documents.fields.getByName('kind');
		kind.values = [...kind.values.filter((v) => v !== 'notes_seance'), 'notes_seance'];
		app.save(documents);

		const seances = app.findCollectionByNameOrId('seances');
		seances.fields.add(
			new RelationField({
				name: 'minutes_document',
				collectionId: documents.id,
				maxSelect: 1,
				cascadeDelete: false
			})
		);
		app.save(seances);
	},
	(app) => {
		const seances = app.findCollectionByNameOrId('seances');
		seances.fields.removeByName('minutes_document');
		app.save(seances);
		app.db().newQuery("DELETE FROM documents WHERE kind = 'notes_seance'").execute();
		const documents = app.findCollectionByNameOrId('documents');
		const kind = documents.fields.getByName('kind');
		kind.values = kind.values.filter((v) => v !== 'notes_seance');
		app.save(documents);
	}
);

/// <reference path="../../.data/pb_data/types.d.ts" />
/* global DateField, RelationField */
// Running a séance (docs/architecture.md, "Séances"): the séance's `started_at`, `closed_at` and
// `current_item`; each item's `started_at` and `ended_at`. Timers and time left are derived from
// these instants (src/lib/domain/seances/run.ts), never stored.
// Hand-written; regenerate src/lib/pocketbase/types.ts (`npm run pb:typegen`) with any change.

migrate(
	(app) => {
		const seances = app.findCollectionByNameOrId('seances');
		const items = app.findCollectionByNameOrId('seance_items');
		seances.fields.add(new DateField({ name: 'started_at' }));
		seances.fields.add(new DateField({ name: 'closed_at' }));
		seances.fields.add(
			new RelationField({
				name: 'current_item',
				collectionId: items.id,
				maxSelect: 1,
				cascadeDelete: false
			})
		);
		app.save(seances);

		items.fields.add(new DateField({ name: 'started_at' }));
		items.fields.add(new DateField({ name: 'ended_at' }));
		app.save(items);
	},
	(app) => {
		const seances = app.findCollectionByNameOrId('seances');
		for (const name of ['started_at', 'closed_at', 'current_item'])
			seances.fields.removeByName(name);
		app.save(seances);
		const items = app.findCollectionByNameOrId('seance_items');
		for (const name of ['started_at', 'ended_at']) items.fields.removeByName(name);
		app.save(items);
	}
);

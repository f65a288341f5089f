/// <reference path="../../.data/pb_data/types.d.ts" />
/* global BoolField */
// Search engines per organisation (issue 17): an organisation's public pages say `noindex` until
// one of its administrators allows indexing. New organisations start unindexed; those that exist
// already published under the former rule (every public page indexable) and keep it, so that no
// page already found by search engines disappears because of an upgrade.
// Hand-written; regenerate src/lib/pocketbase/types.ts (`npm run pb:typegen`) with any change.

migrate(
	(app) => {
		const organisations = app.findCollectionByNameOrId('organisations');
		organisations.fields.add(new BoolField({ name: 'indexable' }));
		app.save(organisations);
		app.db().newQuery('UPDATE organisations SET indexable = TRUE').execute();
	},
	(app) => {
		const organisations = app.findCollectionByNameOrId('organisations');
		organisations.fields.removeByName('indexable');
		app.save(organisations);
	}
);

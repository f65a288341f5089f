/// <reference path="../../.data/pb_data/types.d.ts" />
// The public resource centre over publications (docs/architecture.md, "Resource centre"): a
// licence (Creative Commons, CC BY-SA 4.0 by default) and a summary per publication, when it was
// published, the versions published before the current one (their stable URLs keep answering,
// with a "new version" notice), the published version's text for full-text search, and
// `withdrawn_at`: unpublishing keeps the record so that its URL answers with a clear notice.
// Superuser only, like the rest of `publications`: Trame's server shows published versions.
// Same values as src/lib/domain/resources.ts (LICENCES, SUMMARY_MAX, SEARCH_TEXT_MAX).

const LICENCES = ['cc-by-sa-4.0', 'cc-by-4.0', 'cc-by-nc-sa-4.0', 'cc-by-nd-4.0', 'cc0-1.0'];

migrate(
	(app) => {
		const publications = app.findCollectionByNameOrId('publications');
		const versions = app.findCollectionByNameOrId('doc_versions');
		publications.fields.add(
			new SelectField({ name: 'licence', maxSelect: 1, values: LICENCES }),
			new TextField({ name: 'summary', max: 1000 }),
			new DateField({ name: 'published_at' }),
			new DateField({ name: 'withdrawn_at' }),
			new RelationField({
				name: 'past_versions',
				collectionId: versions.id,
				maxSelect: 200,
				cascadeDelete: false
			}),
			new TextField({ name: 'search_text', max: 200000 })
		);
		app.save(publications);
		// Existing publications: the default licence, published when last updated.
		for (const record of app.findAllRecords('publications')) {
			record.set('licence', 'cc-by-sa-4.0');
			record.set('published_at', record.get('updated'));
			app.save(record);
		}
	},
	(app) => {
		const publications = app.findCollectionByNameOrId('publications');
		for (const name of [
			'licence',
			'summary',
			'published_at',
			'withdrawn_at',
			'past_versions',
			'search_text'
		]) {
			publications.fields.removeByName(name);
		}
		app.save(publications);
	}
);

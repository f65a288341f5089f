/// <reference path="../../.data/pb_data/types.d.ts" />
// A follow-up action can come from a comment thread (as from a decision or a séance item).
// Regenerate src/lib/pocketbase/types.ts with any change.

migrate(
	(app) => {
		const followUps = app.findCollectionByNameOrId('follow_ups');
		const threads = app.findCollectionByNameOrId('review_threads');
		followUps.fields.add(
			new RelationField({
				name: 'thread',
				collectionId: threads.id,
				maxSelect: 1,
				cascadeDelete: false
			})
		);
		app.save(followUps);
	},
	(app) => {
		const followUps = app.findCollectionByNameOrId('follow_ups');
		followUps.fields.removeByName('thread');
		app.save(followUps);
	}
);

/// <reference path="../../.data/pb_data/types.d.ts" />
// Reply threads on tracked changes and the record of their decision (docs/architecture.md,
// "Tracked changes"). A thread of kind `change` is about one tracked change of the text (its
// mark's id in `change_id`, at most one thread per change and document); `change_author` is who
// proposed it (read from the mark), `quote` the struck text and `replacement` the inserted text.
// Accepting or rejecting the change records `status`, `decided_by` and `decided_at` on that
// thread; `decided_at` is written by Trame's server only (the moment it received the decision).
// Regenerate src/lib/pocketbase/types.ts with any change.

const LOCKED = [
	'@request.body.change_id:changed = false',
	'@request.body.change_author:changed = false',
	'@request.body.decided_at:isset = false'
].join(' && ');

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		const threads = app.findCollectionByNameOrId('review_threads');
		threads.fields.getByName('kind').values = ['comment', 'suggestion', 'objection', 'change'];
		threads.fields.add(
			new TextField({ name: 'change_id', max: 64, pattern: '^[A-Za-z0-9_:.-]*$' })
		);
		threads.fields.add(
			new RelationField({
				name: 'change_author',
				collectionId: users.id,
				maxSelect: 1,
				cascadeDelete: false
			})
		);
		threads.fields.add(new DateField({ name: 'decided_at' }));
		threads.createRule = `(${threads.createRule}) && @request.body.decided_at:isset = false`;
		threads.updateRule = `(${threads.updateRule}) && ${LOCKED}`;
		threads.indexes = [
			...threads.indexes,
			"CREATE UNIQUE INDEX `idx_review_threads_change` ON `review_threads` (`document`, `change_id`) WHERE `change_id` != ''"
		];
		app.save(threads);
	},
	(app) => {
		const threads = app.findCollectionByNameOrId('review_threads');
		for (const name of ['change_id', 'change_author', 'decided_at'])
			threads.fields.removeByName(name);
		threads.fields.getByName('kind').values = threads.fields
			.getByName('kind')
			.values.filter((v) => v !== 'change');
		threads.createRule = threads.createRule.replace(
			/^\((.*)\) && @request\.body\.decided_at:isset = false$/,
			'$1'
		);
		threads.updateRule = threads.updateRule.replace(
			/^\((.*)\) && @request\.body\.change_id.*$/,
			'$1'
		);
		threads.indexes = threads.indexes.filter((i) => !i.includes('idx_review_threads_change'));
		app.save(threads);
	}
);

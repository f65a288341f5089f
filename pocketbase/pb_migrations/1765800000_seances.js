/// <reference path="../../.data/pb_data/types.d.ts" />
// Séances (COPIL meetings), their agenda items, follow-up actions and personal calendar feeds
// (docs/architecture.md, "Séances"). Regenerate src/lib/pocketbase/types.ts with any change.
//
// Access mirrors can() of src/lib/domain/access.ts through the experiment's derived lists:
// readers read; facilitators (coordinators, COPIL members) plan and run séances and create
// actions. A séance's owner is its experiment today; an organisation (the Labo's own COPIL) will
// become a second, alternative owner: `experiment` is then made optional and the rules gain
// `|| organisation.<list>.id ?= @request.auth.id`, without touching the items or the actions.

const READERS = 'experiment.readers.id ?= @request.auth.id';
const FACILITATORS = 'experiment.facilitators.id ?= @request.auth.id';
const SEANCE_READERS = 'seance.experiment.readers.id ?= @request.auth.id';
const SEANCE_FACILITATORS = 'seance.experiment.facilitators.id ?= @request.auth.id';
const ATTENDANCE_MAX_BYTES = 64 * 1024;

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		const experiments = app.findCollectionByNameOrId('experiments');
		const rounds = app.findCollectionByNameOrId('rounds');
		const decisions = app.findCollectionByNameOrId('decisions');
		const threads = app.findCollectionByNameOrId('review_threads');
		const userRelation = (name, required = false) => ({
			type: 'relation',
			name,
			required,
			collectionId: users.id,
			maxSelect: 1,
			cascadeDelete: false
		});

		const seances = new Collection({
			type: 'base',
			name: 'seances',
			listRule: READERS,
			viewRule: READERS,
			createRule: `${FACILITATORS} && @request.body.created_by = @request.auth.id`,
			updateRule: `${FACILITATORS} && @request.body.experiment:changed = false && @request.body.created_by:changed = false`,
			deleteRule: FACILITATORS,
			fields: [
				{
					type: 'relation',
					name: 'experiment',
					required: true,
					collectionId: experiments.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{ type: 'text', name: 'title', required: true, max: 200 },
				// An instant (UTC); entered and shown in Europe/Paris.
				{ type: 'date', name: 'starts_at', required: true },
				{ type: 'number', name: 'duration_minutes', onlyInt: true, min: 0, max: 1440 },
				{ type: 'text', name: 'place', max: 300 },
				{ type: 'url', name: 'visio_url' },
				{
					type: 'select',
					name: 'status',
					required: true,
					maxSelect: 1,
					values: ['planned', 'running', 'closed']
				},
				// Members present (in the room or remote) needed for a quorum; 0 = no quorum.
				{ type: 'number', name: 'quorum', onlyInt: true, min: 0, max: 500 },
				userRelation('facilitator'),
				userRelation('secretary'),
				// { <user id>: 'present' | 'excused' | 'absent' | 'remote' }
				{ type: 'json', name: 'attendance', maxSize: ATTENDANCE_MAX_BYTES },
				userRelation('created_by', true),
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: ['CREATE INDEX `idx_seances_experiment` ON `seances` (`experiment`, `starts_at`)']
		});
		app.save(seances);

		const items = new Collection({
			type: 'base',
			name: 'seance_items',
			listRule: SEANCE_READERS,
			viewRule: SEANCE_READERS,
			createRule: SEANCE_FACILITATORS,
			updateRule: `${SEANCE_FACILITATORS} && @request.body.seance:changed = false`,
			deleteRule: SEANCE_FACILITATORS,
			fields: [
				{
					type: 'relation',
					name: 'seance',
					required: true,
					collectionId: seances.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{ type: 'number', name: 'position', onlyInt: true, min: 0, max: 10000 },
				{ type: 'text', name: 'title', required: true, max: 300 },
				{ type: 'number', name: 'duration_minutes', onlyInt: true, min: 0, max: 600 },
				{
					type: 'select',
					name: 'kind',
					required: true,
					maxSelect: 1,
					values: ['information', 'discussion', 'consent', 'review', 'actions', 'approval']
				},
				{
					type: 'relation',
					name: 'round',
					collectionId: rounds.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{
					type: 'relation',
					name: 'decision',
					collectionId: decisions.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{
					type: 'relation',
					name: 'thread',
					collectionId: threads.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				// The séance whose minutes this item approves.
				{
					type: 'relation',
					name: 'minutes_of',
					collectionId: seances.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: ['CREATE INDEX `idx_seance_items_seance` ON `seance_items` (`seance`, `position`)']
		});
		app.save(items);

		const actions = new Collection({
			type: 'base',
			name: 'follow_ups',
			listRule: READERS,
			viewRule: READERS,
			createRule: `${FACILITATORS} && @request.body.created_by = @request.auth.id`,
			// Facilitators edit everything; the owner moves the status of their own action only.
			updateRule: `@request.body.experiment:changed = false && @request.body.created_by:changed = false && (${FACILITATORS} || (owner = @request.auth.id && ${READERS} && @request.body.owner:changed = false && @request.body.what:changed = false && @request.body.due_date:changed = false))`,
			deleteRule: FACILITATORS,
			fields: [
				{
					type: 'relation',
					name: 'experiment',
					required: true,
					collectionId: experiments.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{ type: 'text', name: 'what', required: true, max: 500 },
				userRelation('owner', true),
				// A calendar date (no time): stored at 00:00 UTC.
				{ type: 'date', name: 'due_date' },
				{
					type: 'select',
					name: 'status',
					required: true,
					maxSelect: 1,
					values: ['todo', 'doing', 'done', 'dropped']
				},
				{
					type: 'relation',
					name: 'seance',
					collectionId: seances.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{
					type: 'relation',
					name: 'seance_item',
					collectionId: items.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{
					type: 'relation',
					name: 'decision',
					collectionId: decisions.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				userRelation('created_by', true),
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: [
				'CREATE INDEX `idx_follow_ups_experiment` ON `follow_ups` (`experiment`, `status`)',
				'CREATE INDEX `idx_follow_ups_owner` ON `follow_ups` (`owner`, `status`)'
			]
		});
		app.save(actions);

		// A personal calendar feed: only the SHA-256 of its secret token is kept. Created and
		// read by the Trame server; the owner sees and revokes (deletes) it.
		const feeds = new Collection({
			type: 'base',
			name: 'calendar_feeds',
			listRule: 'user = @request.auth.id',
			viewRule: 'user = @request.auth.id',
			createRule: null,
			updateRule: null,
			deleteRule: 'user = @request.auth.id',
			fields: [
				{
					type: 'relation',
					name: 'user',
					required: true,
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{ type: 'text', name: 'token_hash', required: true, min: 64, max: 64, hidden: true },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_calendar_feeds_token_hash` ON `calendar_feeds` (`token_hash`)',
				'CREATE UNIQUE INDEX `idx_calendar_feeds_user` ON `calendar_feeds` (`user`)'
			]
		});
		app.save(feeds);
	},
	(app) => {
		for (const name of ['calendar_feeds', 'follow_ups', 'seance_items', 'seances']) {
			app.delete(app.findCollectionByNameOrId(name));
		}
	}
);

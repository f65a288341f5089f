/// <reference path="../../.data/pb_data/types.d.ts" />
/* global SelectField */
// Trame's collections (docs/architecture.md). Hand-written; regenerate src/lib/pocketbase/types.ts
// (`npm run pb:typegen`) in the same commit as any change here.

// ROLES of src/lib/domain/access.ts at the time of this migration (a migration is a snapshot);
// tests/integration/pb-schema.test.ts fails if the domain gains a role the schema lacks.
const ROLES = [
	'coordinator',
	'evaluator',
	'project_lead',
	'elected',
	'innovator',
	'copil_member',
	'partner',
	'observer'
];

/** Derived per-action user lists on experiments, maintained by pb_hooks from memberships. */
const DERIVED_LISTS = ['readers', 'commenters', 'editors', 'facilitators', 'managers'];

// Large enough for an experiment's members (a maxSelect of 1 would make it single-valued).
const MAX_LIST_USERS = 10000;

// base64 of a Yjs update of up to ~14 MiB (4/3 expansion); 0 would mean PocketBase's 5000.
const DOC_UPDATE_MAX_CHARS = 20000000;

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');

		const name = users.fields.getByName('name');
		name.required = true;
		name.max = 200;
		users.fields.add(
			new SelectField({ name: 'locale', values: ['fr', 'en'], maxSelect: 1, required: false })
		);
		users.passwordAuth.enabled = true;
		app.save(users);

		// Rules referencing `memberships` are set once it exists (see below).
		const experiments = new Collection({
			type: 'base',
			name: 'experiments',
			listRule: null,
			viewRule: null,
			createRule: null,
			updateRule: null,
			deleteRule: null,
			fields: [
				{ type: 'text', name: 'title', required: true, max: 200 },
				{ type: 'text', name: 'territory_name', max: 200 },
				{
					type: 'select',
					name: 'territory_type',
					maxSelect: 1,
					values: ['region', 'departement', 'metropole', 'intercommunalite', 'commune', 'village']
				},
				{
					type: 'select',
					name: 'enjeux',
					maxSelect: 8,
					values: [
						'diversification',
						'massification',
						'engagement',
						'pouvoir_agir',
						'perennisation',
						'co_construction',
						'co_decision',
						'confiance'
					]
				},
				{
					type: 'select',
					name: 'status',
					required: true,
					maxSelect: 1,
					values: ['idee', 'conception', 'en_cours', 'evaluation', 'terminee', 'archivee']
				},
				{ type: 'text', name: 'summary', max: 20000 },
				{ type: 'date', name: 'start_date' },
				{ type: 'date', name: 'end_date' },
				{
					type: 'relation',
					name: 'created_by',
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				...DERIVED_LISTS.map((list) => ({
					type: 'relation',
					name: list,
					collectionId: users.id,
					maxSelect: MAX_LIST_USERS,
					cascadeDelete: false
				})),
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			]
		});
		app.save(experiments);

		const memberships = new Collection({
			type: 'base',
			name: 'memberships',
			fields: [
				{
					type: 'relation',
					name: 'experiment',
					required: true,
					collectionId: experiments.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{
					type: 'relation',
					name: 'user',
					required: true,
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{ type: 'select', name: 'role', required: true, maxSelect: 1, values: ROLES },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_memberships_experiment_user` ON `memberships` (`experiment`, `user`)',
				'CREATE INDEX `idx_memberships_user` ON `memberships` (`user`)'
			],
			listRule: 'experiment.readers.id ?= @request.auth.id',
			viewRule: 'experiment.readers.id ?= @request.auth.id',
			createRule: 'experiment.managers.id ?= @request.auth.id',
			// A membership never moves to another experiment or user: delete and recreate instead.
			updateRule:
				'experiment.managers.id ?= @request.auth.id && @request.body.experiment:changed = false && @request.body.user:changed = false',
			deleteRule: 'experiment.managers.id ?= @request.auth.id'
		});
		app.save(memberships);

		experiments.listRule = 'readers.id ?= @request.auth.id';
		experiments.viewRule = 'readers.id ?= @request.auth.id';
		// Any signed-in user (not a superuser token from another collection); the creator becomes
		// coordinator by hook.
		experiments.createRule = "@request.auth.collectionName = 'users'";
		experiments.updateRule =
			'managers.id ?= @request.auth.id && @request.body.created_by:changed = false';
		experiments.deleteRule = 'managers.id ?= @request.auth.id';
		app.save(experiments);

		// Self, or someone who reads an experiment this user is a member of (a single chain, so
		// one `?=` cannot pair conditions from different rows).
		const usersVisible =
			'id = @request.auth.id || memberships_via_user.experiment.readers.id ?= @request.auth.id';
		users.listRule = usersVisible;
		users.viewRule = usersVisible;
		users.updateRule = 'id = @request.auth.id';
		// Accounts are created by invitation (through the app's server), never by open sign-up,
		// and not deleted through the API: deleting one would cascade to memberships and could
		// leave an experiment without its coordinator.
		users.createRule = null;
		users.deleteRule = null;
		app.save(users);

		const documents = new Collection({
			type: 'base',
			name: 'documents',
			fields: [
				{
					type: 'relation',
					name: 'experiment',
					required: true,
					collectionId: experiments.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{
					type: 'select',
					name: 'kind',
					required: true,
					maxSelect: 1,
					values: [
						'protocole',
						'compte_rendu_copil',
						'carnet_de_bord',
						'fiche_retour',
						'guide_methodologique',
						'libre'
					]
				},
				{ type: 'text', name: 'title', required: true, max: 300 },
				{ type: 'bool', name: 'archived' },
				{ type: 'number', name: 'schema_version', onlyInt: true, min: 0 },
				{
					type: 'relation',
					name: 'created_by',
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: ['CREATE INDEX `idx_documents_experiment` ON `documents` (`experiment`)'],
			listRule: 'experiment.readers.id ?= @request.auth.id',
			viewRule: 'experiment.readers.id ?= @request.auth.id',
			createRule: 'experiment.editors.id ?= @request.auth.id',
			// A document never moves to another experiment, and keeps its author.
			updateRule:
				'experiment.editors.id ?= @request.auth.id && @request.body.experiment:changed = false && @request.body.created_by:changed = false',
			deleteRule: 'experiment.managers.id ?= @request.auth.id'
		});
		app.save(documents);

		// Superuser only (all rules null): only the Trame server reads and writes Yjs updates.
		const docUpdates = new Collection({
			type: 'base',
			name: 'doc_updates',
			fields: [
				{
					type: 'relation',
					name: 'document',
					required: true,
					collectionId: documents.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{ type: 'text', name: 'data', required: true, max: DOC_UPDATE_MAX_CHARS },
				{ type: 'number', name: 'bytes', onlyInt: true, min: 0 },
				{ type: 'bool', name: 'compacted' },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: ['CREATE INDEX `idx_doc_updates_document` ON `doc_updates` (`document`)']
		});
		app.save(docUpdates);
	},
	(app) => {
		for (const name of ['doc_updates', 'documents', 'memberships', 'experiments']) {
			app.delete(app.findCollectionByNameOrId(name));
		}
		const users = app.findCollectionByNameOrId('users');
		users.fields.removeByName('locale');
		users.fields.getByName('name').required = false;
		users.fields.getByName('name').max = 255;
		users.listRule = 'id = @request.auth.id';
		users.viewRule = 'id = @request.auth.id';
		app.save(users);
	}
);

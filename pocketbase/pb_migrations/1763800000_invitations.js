/// <reference path="../../.data/pb_data/types.d.ts" />
/* global TextField */
// Workspace: invitations to an experiment (only a SHA-256 of the token is stored), and the
// plain-text extract of each document (`search_text`, written by the collaboration server as
// superuser, for the dashboard's search). Regenerate src/lib/pocketbase/types.ts after changes.

// ROLES of src/lib/domain/access.ts at the time of this migration (a snapshot).
const INVITATION_ROLES = [
	'coordinator',
	'evaluator',
	'project_lead',
	'elected',
	'innovator',
	'copil_member',
	'partner',
	'observer'
];

// Plain text of a document up to the collab server's document cap (~10 MB of Yjs state).
const SEARCH_TEXT_MAX_CHARS = 5000000;

const DOCUMENT_CREATE_RULE_BEFORE = 'experiment.editors.id ?= @request.auth.id';
const DOCUMENT_UPDATE_RULE_BEFORE =
	'experiment.editors.id ?= @request.auth.id && @request.body.experiment:changed = false && @request.body.created_by:changed = false';

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		const experiments = app.findCollectionByNameOrId('experiments');

		const invitations = new Collection({
			type: 'base',
			name: 'invitations',
			fields: [
				{
					type: 'relation',
					name: 'experiment',
					required: true,
					collectionId: experiments.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{ type: 'email', name: 'email', required: true },
				{ type: 'select', name: 'role', required: true, maxSelect: 1, values: INVITATION_ROLES },
				// hex SHA-256 of the token; hidden: never returned, even to coordinators.
				{ type: 'text', name: 'token_hash', required: true, min: 64, max: 64, hidden: true },
				{ type: 'date', name: 'expires', required: true },
				{ type: 'date', name: 'accepted_at' },
				{
					type: 'relation',
					name: 'accepted_by',
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{
					type: 'relation',
					name: 'invited_by',
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_invitations_token_hash` ON `invitations` (`token_hash`)',
				'CREATE INDEX `idx_invitations_experiment` ON `invitations` (`experiment`)'
			],
			// Coordinators see and revoke (delete) their experiment's invitations; creating and
			// accepting go through the Trame server (superuser), which holds the token.
			listRule: 'experiment.managers.id ?= @request.auth.id',
			viewRule: 'experiment.managers.id ?= @request.auth.id',
			createRule: null,
			updateRule: null,
			deleteRule: 'experiment.managers.id ?= @request.auth.id'
		});
		app.save(invitations);

		const documents = app.findCollectionByNameOrId('documents');
		documents.fields.add(new TextField({ name: 'search_text', max: SEARCH_TEXT_MAX_CHARS }));
		// The text extract is the server's: clients may neither create nor change it.
		documents.createRule = `${DOCUMENT_CREATE_RULE_BEFORE} && @request.body.search_text:isset = false`;
		documents.updateRule = `${DOCUMENT_UPDATE_RULE_BEFORE} && @request.body.search_text:isset = false`;
		app.save(documents);
	},
	(app) => {
		app.delete(app.findCollectionByNameOrId('invitations'));
		const documents = app.findCollectionByNameOrId('documents');
		documents.fields.removeByName('search_text');
		documents.createRule = DOCUMENT_CREATE_RULE_BEFORE;
		documents.updateRule = DOCUMENT_UPDATE_RULE_BEFORE;
		app.save(documents);
	}
);

/// <reference path="../../.data/pb_data/types.d.ts" />
// Consent governance (docs/architecture.md, "Consent governance"): rounds (consent rounds and
// elections without candidates), their append-only audit trail and the decision register.
// Hand-written; regenerate src/lib/pocketbase/types.ts (`npm run pb:typegen`) with any change.
//
// Every write goes through Trame's server (superuser): it authenticates the user and applies the
// pure state machine of src/lib/domain/. `rounds` and `round_events` hold secrets (hidden
// positions, secret nominations), so they are superuser-only; the register (`decisions`) is
// readable by the experiment's readers. pb_hooks/governance.pb.js keeps closed rounds, events and
// decisions immutable even against a superuser.
//
// Actors are stored as user ids in text fields, not relations: deleting a user must not rewrite
// (or be blocked by) the audit trail. Relations to experiments are required and never cascade: an
// experiment with a register is archived, not deleted.

const ID_PATTERN = '^[a-z0-9]{15}$';
const PROPOSAL_MAX = 100000;
const STATE_MAX_BYTES = 4 * 1024 * 1024;
const READERS = 'experiment.readers.id ?= @request.auth.id';

migrate(
	(app) => {
		const experiments = app.findCollectionByNameOrId('experiments');
		const documents = app.findCollectionByNameOrId('documents');

		const rounds = new Collection({
			type: 'base',
			name: 'rounds',
			listRule: null,
			viewRule: null,
			createRule: null,
			updateRule: null,
			deleteRule: null,
			fields: [
				{
					type: 'relation',
					name: 'experiment',
					required: true,
					collectionId: experiments.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{
					type: 'relation',
					name: 'document',
					collectionId: documents.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{ type: 'text', name: 'section', max: 300 },
				{
					type: 'select',
					name: 'kind',
					required: true,
					maxSelect: 1,
					values: ['consent', 'election']
				},
				{ type: 'text', name: 'title', required: true, max: 300 },
				{ type: 'json', name: 'state', required: true, maxSize: STATE_MAX_BYTES },
				{ type: 'text', name: 'phase', required: true, max: 40 },
				{ type: 'bool', name: 'closed' },
				{ type: 'number', name: 'revision', onlyInt: true, min: 0 },
				{ type: 'text', name: 'created_by', required: true, pattern: ID_PATTERN },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: ['CREATE INDEX `idx_rounds_experiment` ON `rounds` (`experiment`, `closed`)']
		});
		app.save(rounds);

		const roundEvents = new Collection({
			type: 'base',
			name: 'round_events',
			listRule: null,
			viewRule: null,
			createRule: null,
			updateRule: null,
			deleteRule: null,
			fields: [
				{
					type: 'relation',
					name: 'round',
					required: true,
					collectionId: rounds.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{ type: 'text', name: 'actor', required: true, pattern: ID_PATTERN },
				{ type: 'text', name: 'type', required: true, max: 40 },
				{ type: 'json', name: 'payload', maxSize: STATE_MAX_BYTES },
				// The round's revision this event produced (0 = the creation).
				{ type: 'number', name: 'revision', onlyInt: true, min: 0 },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_round_events_round_revision` ON `round_events` (`round`, `revision`)'
			]
		});
		app.save(roundEvents);

		const decisions = new Collection({
			type: 'base',
			name: 'decisions',
			listRule: READERS,
			viewRule: READERS,
			createRule: null,
			updateRule: null,
			deleteRule: null,
			fields: [
				{
					type: 'relation',
					name: 'experiment',
					required: true,
					collectionId: experiments.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{
					type: 'relation',
					name: 'round',
					required: true,
					collectionId: rounds.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{
					type: 'select',
					name: 'kind',
					required: true,
					maxSelect: 1,
					values: ['consent', 'election']
				},
				{
					type: 'select',
					name: 'outcome',
					required: true,
					maxSelect: 1,
					values: ['adopted', 'withdrawn', 'postponed', 'elected', 'cancelled']
				},
				{ type: 'text', name: 'title', required: true, max: 300 },
				{ type: 'text', name: 'section', max: 300 },
				// The exact text consented (or the role described, for an election) and its SHA-256.
				{ type: 'text', name: 'text', max: PROPOSAL_MAX },
				{ type: 'text', name: 'hash', max: 64, pattern: '^([0-9a-f]{64})?$' },
				{ type: 'number', name: 'version', onlyInt: true, min: 0 },
				{ type: 'date', name: 'decided_at', required: true },
				{ type: 'date', name: 'review_date' },
				// Snapshots ({ id, name }) so the register reads the same after accounts change.
				{ type: 'json', name: 'present', maxSize: STATE_MAX_BYTES },
				{ type: 'json', name: 'concerns', maxSize: STATE_MAX_BYTES },
				{ type: 'json', name: 'objections', maxSize: STATE_MAX_BYTES },
				{ type: 'text', name: 'reason', max: 5000 },
				{ type: 'text', name: 'elected', pattern: '^([a-z0-9]{15})?$' },
				{ type: 'text', name: 'elected_name', max: 200 },
				{ type: 'date', name: 'term_start' },
				{ type: 'date', name: 'term_end' },
				{ type: 'text', name: 'facilitator', pattern: ID_PATTERN },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_decisions_round` ON `decisions` (`round`)',
				'CREATE INDEX `idx_decisions_experiment` ON `decisions` (`experiment`, `decided_at`)'
			]
		});
		app.save(decisions);
	},
	(app) => {
		for (const name of ['decisions', 'round_events', 'rounds']) {
			app.delete(app.findCollectionByNameOrId(name));
		}
	}
);

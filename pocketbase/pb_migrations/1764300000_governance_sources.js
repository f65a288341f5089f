/// <reference path="../../.data/pb_data/types.d.ts" />
/* global TextField, JSONField */
// Consent governance, second step (docs/architecture.md, "Consent governance"):
// - a proposal frozen from a document section records the document's Yjs state vector (base64)
//   at that moment (`rounds.source_state`), copied to the register entry with the document id, so
//   a decision links back to the exact version of the protocol it was taken on;
// - participants marked absent are kept in the register (`decisions.absent`, { id, name });
// - `decision_reminders`: one row per (decision, member) once the review-date reminder was sent,
//   whose unique index makes the reminder idempotent even when two page loads race.
// Hand-written; regenerate src/lib/pocketbase/types.ts (`npm run pb:typegen`) with any change.

const ID_PATTERN = '^[a-z0-9]{15}$';
const STATE_VECTOR_MAX = 200000;

migrate(
	(app) => {
		const rounds = app.findCollectionByNameOrId('rounds');
		rounds.fields.add(new TextField({ name: 'source_state', max: STATE_VECTOR_MAX }));
		app.save(rounds);

		const decisions = app.findCollectionByNameOrId('decisions');
		// A plain id, not a relation: deleting the document must never touch an immutable decision.
		decisions.fields.add(new TextField({ name: 'source_document', pattern: '^([a-z0-9]{15})?$' }));
		decisions.fields.add(new TextField({ name: 'source_state', max: STATE_VECTOR_MAX }));
		decisions.fields.add(new JSONField({ name: 'absent', maxSize: 1024 * 1024 }));
		app.save(decisions);

		const reminders = new Collection({
			type: 'base',
			name: 'decision_reminders',
			listRule: null,
			viewRule: null,
			createRule: null,
			updateRule: null,
			deleteRule: null,
			fields: [
				{ type: 'text', name: 'decision', required: true, pattern: ID_PATTERN },
				{ type: 'text', name: 'user', required: true, pattern: ID_PATTERN },
				{ type: 'text', name: 'experiment', required: true, pattern: ID_PATTERN },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_decision_reminders_once` ON `decision_reminders` (`decision`, `user`)'
			]
		});
		app.save(reminders);
	},
	(app) => {
		app.delete(app.findCollectionByNameOrId('decision_reminders'));
		const decisions = app.findCollectionByNameOrId('decisions');
		for (const name of ['source_document', 'source_state', 'absent'])
			decisions.fields.removeByName(name);
		app.save(decisions);
		const rounds = app.findCollectionByNameOrId('rounds');
		rounds.fields.removeByName('source_state');
		app.save(rounds);
	}
);

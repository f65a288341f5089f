/// <reference path="../../.data/pb_data/types.d.ts" />
/* global TextField, JSONField, SelectField, DateField */
// The decision returns to the document (docs/architecture.md, "Decisions in the document"):
// - rounds: `mode` (live / async), `due_at` (the next time the schedule must act on an
//   asynchronous window: reminder or end; empty otherwise), `source_anchor` (the Yjs relative
//   position of the section's heading — or of the COPIL part for an election — so the round
//   finds its place after edits around it) and `renews` (the register entry a renewal reviews);
// - decisions (immutable): `mode` (which mode decided), `silent` (who stayed silent in an
//   asynchronous window), `source_anchor`, `renews`;
// - decision_writebacks: how a decision's text reached its document, written once per decision
//   AFTER the decision (the text is written through the collaboration path only once it is
//   decided), append-only: outcome, the text and hash written, the document's state vector after
//   the write, the named versions taken before and after, the section's text when it diverged;
// - review_threads: kind `objection` (an objection raised in a round, anchored on its section,
//   written by the server only and closed when integrated or withdrawn), `round`, `objection`
//   (its id in the round) and `objection_text` (its argument).
// Hand-written; regenerate src/lib/pocketbase/types.ts (`npm run pb:typegen`) with any change.

const ID_PATTERN = '^[a-z0-9]{15}$';
const OPTIONAL_ID = '^([a-z0-9]{15})?$';
const STATE_VECTOR_MAX = 200000;
const TEXT_MAX = 100000;
const ANCHOR_MAX_BYTES = 4096;
const READERS = 'experiment.readers.id ?= @request.auth.id';
const THREAD_READERS = 'document.experiment.readers.id ?= @request.auth.id';
const COMMENTERS = 'document.experiment.commenters.id ?= @request.auth.id';
const EDITORS = 'document.experiment.editors.id ?= @request.auth.id';

migrate(
	(app) => {
		const rounds = app.findCollectionByNameOrId('rounds');
		rounds.fields.add(new SelectField({ name: 'mode', maxSelect: 1, values: ['live', 'async'] }));
		rounds.fields.add(new DateField({ name: 'due_at' }));
		rounds.fields.add(new JSONField({ name: 'source_anchor', maxSize: ANCHOR_MAX_BYTES }));
		rounds.fields.add(new TextField({ name: 'renews', pattern: OPTIONAL_ID }));
		rounds.indexes = [
			...rounds.indexes,
			'CREATE INDEX `idx_rounds_due` ON `rounds` (`closed`, `due_at`)',
			'CREATE INDEX `idx_rounds_document` ON `rounds` (`document`, `closed`)'
		];
		app.save(rounds);

		const decisions = app.findCollectionByNameOrId('decisions');
		decisions.fields.add(
			new SelectField({ name: 'mode', maxSelect: 1, values: ['live', 'async'] })
		);
		decisions.fields.add(new JSONField({ name: 'silent', maxSize: 1024 * 1024 }));
		decisions.fields.add(new JSONField({ name: 'source_anchor', maxSize: ANCHOR_MAX_BYTES }));
		decisions.fields.add(new TextField({ name: 'renews', pattern: OPTIONAL_ID }));
		decisions.indexes = [
			...decisions.indexes,
			'CREATE INDEX `idx_decisions_source_document` ON `decisions` (`source_document`)'
		];
		app.save(decisions);

		const experiments = app.findCollectionByNameOrId('experiments');
		const writebacks = new Collection({
			type: 'base',
			name: 'decision_writebacks',
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
				{ type: 'text', name: 'decision', required: true, pattern: ID_PATTERN },
				{ type: 'text', name: 'round', required: true, pattern: ID_PATTERN },
				// Plain ids, not relations: deleting the document never touches the record.
				{ type: 'text', name: 'document', required: true, pattern: ID_PATTERN },
				{
					type: 'select',
					name: 'outcome',
					required: true,
					maxSelect: 1,
					values: ['applied', 'kept_current', 'merged', 'elected']
				},
				// What the section reads as after the write (its hash equals the decision's when
				// `applied`); the current text kept, or the merge written, otherwise.
				{ type: 'text', name: 'text', max: TEXT_MAX },
				{ type: 'text', name: 'hash', max: 64, pattern: '^([0-9a-f]{64})?$' },
				// Y.encodeStateVector of the document right after the write (base64).
				{ type: 'text', name: 'state_vector', max: STATE_VECTOR_MAX },
				{ type: 'text', name: 'version_before', pattern: OPTIONAL_ID },
				{ type: 'text', name: 'version_after', pattern: OPTIONAL_ID },
				// Who chose (the facilitator), or empty when the schedule wrote it by itself.
				{ type: 'text', name: 'by', pattern: OPTIONAL_ID },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_decision_writebacks_decision` ON `decision_writebacks` (`decision`)',
				'CREATE INDEX `idx_decision_writebacks_document` ON `decision_writebacks` (`document`)'
			]
		});
		app.save(writebacks);

		const threads = app.findCollectionByNameOrId('review_threads');
		const kind = threads.fields.getByName('kind');
		kind.values = ['comment', 'suggestion', 'objection'];
		threads.fields.add(new TextField({ name: 'round', pattern: OPTIONAL_ID }));
		threads.fields.add(new TextField({ name: 'objection', pattern: OPTIONAL_ID }));
		// The objection's argument as raised in the round (never edited here).
		threads.fields.add(new TextField({ name: 'objection_text', max: 5000 }));
		threads.indexes = [
			...threads.indexes,
			'CREATE INDEX `idx_review_threads_round` ON `review_threads` (`round`)'
		];
		// Objection threads are written by the server from the round: clients neither open,
		// resolve, reopen nor delete them (replies stay open to commenters).
		threads.listRule = THREAD_READERS;
		threads.viewRule = THREAD_READERS;
		threads.createRule = `${COMMENTERS} && @request.body.author = @request.auth.id && @request.body.status = 'open' && @request.body.decided_by:isset = false && @request.body.kind != 'objection' && @request.body.round:isset = false && @request.body.objection:isset = false && @request.body.objection_text:isset = false`;
		threads.updateRule = [
			COMMENTERS,
			"kind != 'objection'",
			'@request.body.document:changed = false',
			'@request.body.author:changed = false',
			'@request.body.anchor:changed = false',
			'@request.body.quote:changed = false',
			'@request.body.kind:changed = false',
			'@request.body.replacement:changed = false',
			'@request.body.round:changed = false',
			'@request.body.objection:changed = false',
			'@request.body.objection_text:changed = false',
			"(@request.body.status:changed = false || @request.body.status = 'open' || @request.body.status = 'resolved' || " +
				EDITORS +
				')',
			"(@request.body.decided_by:changed = false || @request.body.decided_by = @request.auth.id || @request.body.decided_by = '')"
		].join(' && ');
		threads.deleteRule = `${COMMENTERS} && author = @request.auth.id && kind != 'objection'`;
		app.save(threads);
	},
	(app) => {
		const threads = app.findCollectionByNameOrId('review_threads');
		threads.fields.getByName('kind').values = ['comment', 'suggestion'];
		threads.fields.removeByName('round');
		threads.fields.removeByName('objection');
		threads.fields.removeByName('objection_text');
		threads.indexes = threads.indexes.filter((i) => !i.includes('idx_review_threads_round'));
		app.save(threads);
		app.delete(app.findCollectionByNameOrId('decision_writebacks'));
		const decisions = app.findCollectionByNameOrId('decisions');
		for (const name of ['mode', 'silent', 'source_anchor', 'renews'])
			decisions.fields.removeByName(name);
		decisions.indexes = decisions.indexes.filter(
			(i) => !i.includes('idx_decisions_source_document')
		);
		app.save(decisions);
		const rounds = app.findCollectionByNameOrId('rounds');
		for (const name of ['mode', 'due_at', 'source_anchor', 'renews'])
			rounds.fields.removeByName(name);
		rounds.indexes = rounds.indexes.filter(
			(i) => !i.includes('idx_rounds_due') && !i.includes('idx_rounds_document')
		);
		app.save(rounds);
	}
);

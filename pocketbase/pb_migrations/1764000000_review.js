/// <reference path="../../.data/pb_data/types.d.ts" />
// Asynchronous review (docs/architecture.md, "Asynchronous review"): comment threads anchored to
// a passage of a document (Yjs relative positions, never character offsets), their messages, and
// suggested replacements. Comments live here, never in the document body, so a commenter's live
// connection to the body stays read-only. Hand-written; regenerate src/lib/pocketbase/types.ts
// (`npm run pb:typegen`) with any change.
//
// Rules mirror can(ctx, 'comment') through the experiment's derived `commenters` list, and
// can(ctx, 'edit') (`editors`) for accepting or rejecting a suggestion.

const READERS = 'document.experiment.readers.id ?= @request.auth.id';
const COMMENTERS = 'document.experiment.commenters.id ?= @request.auth.id';
const EDITORS = 'document.experiment.editors.id ?= @request.auth.id';
const QUOTE_MAX = 2000;
const BODY_MAX = 5000;
const ANCHOR_MAX_BYTES = 4096;

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		const documents = app.findCollectionByNameOrId('documents');

		const threads = new Collection({
			type: 'base',
			name: 'review_threads',
			listRule: READERS,
			viewRule: READERS,
			// A commenter opens a thread as themself, open, not yet decided.
			createRule: `${COMMENTERS} && @request.body.author = @request.auth.id && @request.body.status = 'open' && @request.body.decided_by:isset = false`,
			// Commenters resolve / reopen; only editors accept or reject a suggestion, and only as
			// themselves. What a thread is about (document, anchor, quote, author, suggestion)
			// never changes.
			updateRule: [
				COMMENTERS,
				'@request.body.document:changed = false',
				'@request.body.author:changed = false',
				'@request.body.anchor:changed = false',
				'@request.body.quote:changed = false',
				'@request.body.kind:changed = false',
				'@request.body.replacement:changed = false',
				"(@request.body.status:changed = false || @request.body.status = 'open' || @request.body.status = 'resolved' || " +
					EDITORS +
					')',
				"(@request.body.decided_by:changed = false || @request.body.decided_by = @request.auth.id || @request.body.decided_by = '')"
			].join(' && '),
			deleteRule: `${COMMENTERS} && author = @request.auth.id`,
			fields: [
				{
					type: 'relation',
					name: 'document',
					required: true,
					collectionId: documents.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{
					type: 'relation',
					name: 'author',
					required: true,
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{
					type: 'select',
					name: 'kind',
					required: true,
					maxSelect: 1,
					values: ['comment', 'suggestion']
				},
				// { from, to }: Y.relativePositionToJSON of both ends of the passage.
				{ type: 'json', name: 'anchor', required: true, maxSize: ANCHOR_MAX_BYTES },
				// The passage as it was when commented: shown when the passage is deleted.
				{ type: 'text', name: 'quote', max: QUOTE_MAX },
				// Suggestions only: the proposed replacement text (plain text, may be empty = delete).
				{ type: 'text', name: 'replacement', max: BODY_MAX },
				{
					type: 'select',
					name: 'status',
					required: true,
					maxSelect: 1,
					values: ['open', 'resolved', 'accepted', 'rejected']
				},
				// Who resolved, accepted or rejected (the suggester stays `author`).
				{
					type: 'relation',
					name: 'decided_by',
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: ['CREATE INDEX `idx_review_threads_document` ON `review_threads` (`document`)']
		});
		app.save(threads);

		const messages = new Collection({
			type: 'base',
			name: 'review_messages',
			listRule: 'thread.' + READERS,
			viewRule: 'thread.' + READERS,
			createRule: `thread.${COMMENTERS} && @request.body.author = @request.auth.id`,
			// Own messages only; a message never moves to another thread.
			updateRule: `thread.${COMMENTERS} && author = @request.auth.id && @request.body.author:changed = false && @request.body.thread:changed = false`,
			deleteRule: `thread.${COMMENTERS} && author = @request.auth.id`,
			fields: [
				{
					type: 'relation',
					name: 'thread',
					required: true,
					collectionId: threads.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{
					type: 'relation',
					name: 'author',
					required: true,
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				// Plain text, rendered as text (never HTML).
				{ type: 'text', name: 'body', required: true, max: BODY_MAX },
				{
					type: 'relation',
					name: 'mentions',
					collectionId: users.id,
					maxSelect: 50,
					cascadeDelete: false
				},
				{ type: 'bool', name: 'edited' },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: ['CREATE INDEX `idx_review_messages_thread` ON `review_messages` (`thread`)']
		});
		app.save(messages);

		// The in-app inbox. Written by Trame's server (superuser) only; a user reads their own and
		// marks them read, nothing else.
		const notifications = new Collection({
			type: 'base',
			name: 'notifications',
			listRule: 'user = @request.auth.id',
			viewRule: 'user = @request.auth.id',
			createRule: null,
			updateRule:
				'user = @request.auth.id && @request.body.user:changed = false && @request.body.kind:changed = false && @request.body.actor:changed = false && @request.body.document:changed = false && @request.body.thread:changed = false && @request.body.excerpt:changed = false && @request.body.link:changed = false',
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
				{
					type: 'select',
					name: 'kind',
					required: true,
					maxSelect: 1,
					values: [
						'mention',
						'reply',
						'suggestion',
						'resolved',
						'accepted',
						'rejected',
						'invitation',
						'round'
					]
				},
				{
					type: 'relation',
					name: 'actor',
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: false
				},
				{
					type: 'relation',
					name: 'document',
					collectionId: documents.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{ type: 'text', name: 'thread', max: 15 },
				{ type: 'text', name: 'excerpt', max: 300 },
				// Same-site path to open (never an absolute URL).
				{ type: 'text', name: 'link', max: 300, pattern: '^/[^/\\\\]' },
				{ type: 'bool', name: 'read' },
				// Set when an email digest included it.
				{ type: 'bool', name: 'emailed' },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: [
				'CREATE INDEX `idx_notifications_user` ON `notifications` (`user`, `read`, `created`)'
			]
		});
		app.save(notifications);
	},
	(app) => {
		for (const name of ['notifications', 'review_messages', 'review_threads']) {
			app.delete(app.findCollectionByNameOrId(name));
		}
	}
);

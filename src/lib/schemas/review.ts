/**
 * Input schemas of the asynchronous review: the JSON commands of `/api/review/documents/<id>/…`
 * (threads, replies, status changes, messages, named versions, publication) and the export's
 * query. Limits agree with the review collections (migration 1764000000_review.js).
 */
import * as v from 'valibot';
import { COMMENT_BODY_MAX, QUOTE_MAX, SUGGESTION_MAX } from '../domain/comments';
import { VERSION_NAME_MAX } from '../domain/versions';
import { LICENCES, SUMMARY_MAX } from '../domain/resources';
import { isAnchor } from '../review/anchors';
import * as f from './fields';

/** PocketBase's `review_threads.anchor` maxSize. */
export const ANCHOR_MAX_BYTES = 4096;

/** `POST /api/review/documents/<id>`: a comment (its text required) or a suggestion. */
export const newThread = f.command(
	{
		// Not compared with `review_threads.kind`: that collection also holds `objection` threads,
		// which only a consent round creates (src/lib/server/governance/objection-threads.ts).
		kind: f.choice(['comment', 'suggestion']),
		anchor: v.pipe(
			f.json({ maxBytes: ANCHOR_MAX_BYTES, pb: 'review_threads.anchor' }),
			v.check(isAnchor, 'invalid')
		),
		// Written by the browser from the selection (domain/comments.ts `quoteOf`): one line.
		quote: f.text({
			max: QUOTE_MAX,
			required: true,
			pb: 'review_threads.quote',
			requiredBeyondCollection: true
		}),
		body: f.text({
			max: COMMENT_BODY_MAX,
			multiline: true,
			requiredIf: 'kind = comment',
			pb: 'review_messages.body'
		}),
		replacement: f.text({
			max: SUGGESTION_MAX,
			multiline: true,
			pb: 'review_threads.replacement'
		})
	},
	{
		rules: [
			{
				fields: ['kind', 'body'],
				check: (t) =>
					t.kind === 'comment' && t.body === '' ? { field: 'body', code: 'required' } : null
			}
		]
	}
);

/** A reply (`POST …/threads/<t>`) or an edited message (`PATCH …/messages/<m>`). */
export const messageBody = f.command({
	body: f.text({
		max: COMMENT_BODY_MAX,
		required: true,
		multiline: true,
		pb: 'review_messages.body'
	})
});

/** `PATCH …/threads/<t>`. */
export const threadStatus = f.command({
	change: f.choice(['resolve', 'reopen', 'accept', 'reject'])
});

/** `POST …/versions`: name the current state. */
export const namedVersion = f.command({
	name: f.text({
		max: VERSION_NAME_MAX,
		required: true,
		pb: 'doc_versions.name',
		requiredBeyondCollection: true
	})
});

/** `PUT …/publication`: the version, its licence (CC BY-SA 4.0 when none) and a summary. */
export const publish = f.command({
	versionId: f.id(),
	licence: f.optionalChoice(LICENCES, { pb: 'publications.licence' }),
	summary: f.text({ max: SUMMARY_MAX, multiline: true, pb: 'publications.summary' })
});

/** `GET /documents/<id>/export?format=…[&version=…][&commentaires=1]`. */
export const exportQuery = f.form({
	format: f.choice(['md', 'docx', 'odt', 'pdf']),
	version: f.id({ required: false }),
	commentaires: f.optionalChoice(['0', '1']),
	/** DOCX: pending suggestions as Word tracked changes. */
	suggestions: f.optionalChoice(['0', '1'])
});

/** A tracked change as the browser read it from its mark (id, proposer) and its text. */
const changeFields = {
	/** Its characters are checked by the server (server/review/change-threads.ts). */
	changeId: f.text({
		max: 64,
		required: true,
		pb: 'review_threads.change_id',
		requiredBeyondCollection: true
	}),
	/** The proposer's user id (the mark's `author`); '' when unknown. */
	changeAuthor: f.id({ required: false }),
	anchor: v.pipe(
		f.json({ maxBytes: ANCHOR_MAX_BYTES, pb: 'review_threads.anchor' }),
		v.check(isAnchor, 'invalid')
	),
	/** Struck text (the browser cuts it with `quoteOf`). */
	deleted: f.text({ max: QUOTE_MAX, multiline: true, pb: 'review_threads.quote' }),
	inserted: f.text({ max: SUGGESTION_MAX, multiline: true, pb: 'review_threads.replacement' })
};

/** `POST …/changes`: a message in a tracked change's thread (opened by its first message). */
export const changeMessage = f.command({
	...changeFields,
	body: f.text({
		max: COMMENT_BODY_MAX,
		required: true,
		multiline: true,
		pb: 'review_messages.body'
	})
});

/** `POST …/changes/decisions`: an editor accepted or rejected a tracked change in the text. */
export const changeDecision = f.command({
	...changeFields,
	decision: f.choice(['accept', 'reject'])
});

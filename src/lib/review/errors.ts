/** The review's error ids (src/lib/server/review/errors.ts) as sentences for the UI. */
import { m } from '$lib/paraglide/messages';
import { COMMENT_BODY_MAX, SUGGESTION_MAX } from '../domain/comments';

const MESSAGES: Record<string, () => string> = {
	not_found: m.review_error_not_found,
	forbidden: m.review_error_forbidden,
	invalid_input: m.review_error_invalid_input,
	invalid_anchor: m.review_error_invalid_anchor,
	comment_empty: m.review_error_comment_empty,
	comment_too_long: () => m.review_error_comment_too_long({ max: COMMENT_BODY_MAX }),
	suggestion_too_long: () => m.review_error_suggestion_too_long({ max: SUGGESTION_MAX }),
	invalid_transition: m.review_error_invalid_transition,
	apply_failed: m.review_error_apply_failed,
	name_required: m.review_error_name_required,
	name_too_long: m.review_error_name_too_long,
	not_published: m.review_error_not_published,
	unavailable: m.review_error_unavailable
};

/**
 * The sentence of a review error: the server's own message when it sent one (field errors are
 * worded there, with their limits), else its code's; "try again" only for an outage.
 */
export function reviewErrorText(error: unknown): string {
	if (typeof error !== 'object' || error === null) return m.review_error_unavailable();
	const { code, message } = error as { code?: unknown; message?: unknown };
	if (typeof message === 'string' && message !== '' && message !== code) return message;
	const known = typeof code === 'string' ? MESSAGES[code] : undefined;
	return known
		? known()
		: code === undefined
			? m.review_error_unavailable()
			: m.sweep_error_refused();
}

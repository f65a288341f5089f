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

export function reviewErrorText(error: unknown): string {
	const code =
		typeof error === 'object' && error !== null && 'code' in error
			? String((error as { code: unknown }).code)
			: 'unavailable';
	return (MESSAGES[code] ?? m.review_error_unavailable)();
}

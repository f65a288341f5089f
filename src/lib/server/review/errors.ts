/**
 * The one error type of the review server: a stable id and an HTTP status. The panel maps the id
 * to a sentence through src/lib/i18n/errors.ts.
 */
export type ReviewErrorCode =
	| 'not_found'
	| 'forbidden'
	| 'invalid_input'
	| 'invalid_anchor'
	| 'comment_empty'
	| 'comment_too_long'
	| 'suggestion_too_long'
	| 'invalid_transition'
	| 'name_required'
	| 'name_too_long'
	| 'not_published'
	| 'unavailable';

const STATUS: Record<ReviewErrorCode, number> = {
	not_found: 404,
	forbidden: 403,
	invalid_input: 400,
	invalid_anchor: 400,
	comment_empty: 400,
	comment_too_long: 413,
	suggestion_too_long: 413,
	invalid_transition: 409,
	name_required: 400,
	name_too_long: 400,
	not_published: 404,
	unavailable: 503
};

export class ReviewError extends Error {
	readonly code: ReviewErrorCode;
	readonly status: number;

	constructor(code: ReviewErrorCode) {
		super(code);
		this.name = 'ReviewError';
		this.code = code;
		this.status = STATUS[code];
	}
}

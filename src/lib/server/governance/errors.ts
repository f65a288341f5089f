/**
 * The one error type of the governance server: a stable id (the domain's RoundError /
 * ElectionError codes, plus the server's own) and an HTTP status. The UI maps the id to a French
 * message through one handler (src/lib/components/governance/errors.ts).
 */
import type { RoundError } from '../../domain/consent-round';
import type { ElectionError } from '../../domain/election';
import type { SectionError } from '../../domain/proposal-section';
import type { FieldErrors } from '../../schemas/messages';

export type ServerErrorCode =
	| 'not_found'
	| 'forbidden'
	| 'invalid_input'
	| 'forged_field'
	| 'experiment_archived'
	| 'participants_invalid'
	| 'facilitator_invalid'
	| 'title_required'
	| 'conflict'
	| 'unavailable'
	/** An adopted or merged text that cannot be written so that the section reads it back the same. */
	| 'text_not_representable'
	/** A write-back needs the facilitator's choice, or is already recorded. */
	| 'writeback_not_pending';

export type GovernanceErrorCode = RoundError | ElectionError | SectionError | ServerErrorCode;

const STATUS: Partial<Record<GovernanceErrorCode, number>> = {
	not_found: 404,
	forbidden: 403,
	not_facilitator: 403,
	not_participant: 403,
	not_proposer: 403,
	not_author: 403,
	not_current_speaker: 403,
	experiment_archived: 403,
	forged_field: 400,
	invalid_input: 400,
	round_closed: 409,
	closed: 409,
	conflict: 409,
	unavailable: 503
};

export class GovernanceError extends Error {
	readonly code: GovernanceErrorCode;
	readonly status: number;

	/** `fields`: the field errors of a refused input (`invalid_input`), by field name. */
	constructor(
		code: GovernanceErrorCode,
		readonly fields?: FieldErrors
	) {
		super(code);
		this.name = 'GovernanceError';
		this.code = code;
		this.status = STATUS[code] ?? 422;
	}
}

export function isGovernanceError(error: unknown): error is GovernanceError {
	return error instanceof GovernanceError;
}

/** The field of a command or form a domain refusal is about (the UI shows it next to it). */
const FIELD_OF: Partial<Record<GovernanceErrorCode, string>> = {
	text_required: 'text',
	text_too_long: 'text',
	same_text: 'text',
	review_date_invalid: 'reviewDate',
	term_start_invalid: 'termStart',
	reason_required: 'reason',
	rationale_required: 'rationale',
	order_invalid: 'order',
	turn_invalid: 'turnSeconds',
	version_invalid: 'version',
	role_invalid: 'role',
	deadline_passed: 'remoteDeadline',
	title_required: 'title',
	participants_invalid: 'participants',
	section_not_found: 'source',
	section_changed: 'source',
	section_empty: 'source',
	unknown_objection: 'objectionId',
	objection_id_invalid: 'objectionId',
	nominee_not_participant: 'nomineeId'
};

/**
 * The field errors of a governance refusal: those of a refused input, or the one field a domain
 * refusal is about (worded by `message`, the UI's sentences); null when no field is at fault.
 */
export function fieldErrorsOfGovernance(
	error: GovernanceError,
	message: (code: string) => string
): FieldErrors | null {
	if (error.fields && Object.keys(error.fields).length > 0) return error.fields;
	const field = FIELD_OF[error.code];
	return field ? { [field]: { code: error.code, message: message(error.code) } } : null;
}

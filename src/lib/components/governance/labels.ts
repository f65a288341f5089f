/**
 * French-first labels of governance values, and THE error handler: every stable error id of the
 * governance server (src/lib/server/governance/errors.ts) shown to people goes through
 * errorMessage().
 */
import { m } from '$lib/paraglide/messages';

type Label = () => string;

const PHASES: Record<string, Label> = {
	presentation: m.gov_phase_presentation,
	clarification: m.gov_phase_clarification,
	reactions: m.gov_phase_reactions,
	amendment: m.gov_phase_amendment,
	objections: m.gov_phase_objections,
	integration: m.gov_phase_integration,
	adopted: m.gov_phase_adopted,
	withdrawn: m.gov_phase_withdrawn,
	postponed: m.gov_phase_postponed,
	description: m.gov_phase_description,
	nomination: m.gov_phase_nomination,
	justification: m.gov_phase_justification,
	change: m.gov_phase_change,
	proposal: m.gov_phase_proposal,
	elected: m.gov_phase_elected,
	cancelled: m.gov_phase_cancelled
};

const POSITION_KINDS: Record<string, Label> = {
	consent: m.gov_position_consent,
	concern: m.gov_position_concern,
	objection: m.gov_position_objection
};

const OBJECTION_STATUS: Record<string, Label> = {
	open: m.gov_objection_open,
	set_aside: m.gov_objection_set_aside,
	integrated: m.gov_objection_integrated,
	withdrawn: m.gov_objection_withdrawn
};

const OUTCOMES: Record<string, Label> = {
	adopted: m.gov_outcome_adopted,
	withdrawn: m.gov_outcome_withdrawn,
	postponed: m.gov_outcome_postponed,
	elected: m.gov_outcome_elected,
	cancelled: m.gov_outcome_cancelled
};

const ROUND_KINDS: Record<string, Label> = {
	consent: m.gov_round_kind_consent,
	election: m.gov_round_kind_election
};

const ERRORS: Record<string, Label> = {
	round_closed: m.gov_err_round_closed,
	closed: m.gov_err_round_closed,
	wrong_phase: m.gov_err_wrong_phase,
	not_facilitator: m.gov_err_not_facilitator,
	not_proposer: m.gov_err_not_proposer,
	not_participant: m.gov_err_not_participant,
	not_author: m.gov_err_not_author,
	not_current_speaker: m.gov_err_not_current_speaker,
	no_go_around: m.gov_err_no_go_around,
	go_around_finished: m.gov_err_go_around_finished,
	order_invalid: m.gov_err_order_invalid,
	turn_invalid: m.gov_err_turn_invalid,
	text_required: m.gov_err_text_required,
	text_too_long: m.gov_err_text_too_long,
	same_text: m.gov_err_same_text,
	unknown_objection: m.gov_err_unknown_objection,
	objection_id_invalid: m.gov_err_unknown_objection,
	objection_not_open: m.gov_err_objection_not_open,
	version_invalid: m.gov_err_version_invalid,
	standing_objections: m.gov_err_standing_objections,
	missing_positions: m.gov_err_missing_positions,
	objections_not_integrated: m.gov_err_objections_not_integrated,
	review_date_invalid: m.gov_err_review_date_invalid,
	deadline_passed: m.gov_err_deadline_passed,
	reason_required: m.gov_err_reason_required,
	nominee_not_participant: m.gov_err_nominee_not_participant,
	role_invalid: m.gov_err_role_invalid,
	missing_nominations: m.gov_err_missing_nominations,
	no_change_allowed: m.gov_err_no_change_allowed,
	rationale_required: m.gov_err_rationale_required,
	nominee_speaks_last: m.gov_err_nominee_speaks_last,
	term_start_invalid: m.gov_err_term_start_invalid,
	no_proposal: m.gov_err_no_proposal,
	not_found: m.gov_err_not_found,
	forbidden: m.gov_err_forbidden,
	invalid_input: m.gov_err_invalid_input,
	forged_field: m.gov_err_forged_field,
	experiment_archived: m.gov_err_experiment_archived,
	participants_invalid: m.gov_err_participants_invalid,
	facilitator_invalid: m.gov_err_forbidden,
	title_required: m.gov_err_title_required,
	conflict: m.gov_err_conflict,
	unavailable: m.gov_err_unavailable,
	section_not_found: m.gov_err_section_not_found,
	section_changed: m.gov_err_section_changed,
	section_empty: m.gov_err_section_not_found,
	absent_has_objection: m.gov_err_absent_has_objection,
	last_participant: m.gov_err_last_participant,
	nominee_absent: m.gov_err_nominee_absent,
	not_async: m.decisions_err_not_async,
	window_open: m.decisions_err_window_open,
	window_invalid: m.decisions_err_window_invalid,
	unknown_input: m.decisions_err_unknown_input,
	input_id_invalid: m.decisions_err_unknown_input,
	not_a_question: m.decisions_err_not_a_question,
	text_not_representable: m.decisions_err_text_not_representable,
	writeback_not_pending: m.decisions_err_writeback_not_pending
};

const AUDIT_TYPES: Record<string, Label> = {
	create: m.gov_audit_create,
	advance: m.gov_audit_advance,
	amend: m.gov_audit_amend,
	start_go_around: m.gov_audit_start_go_around,
	next_speaker: m.gov_audit_next_speaker,
	pass: m.gov_audit_pass,
	record_position: m.gov_audit_record_position,
	reveal: m.gov_audit_reveal,
	test_objection: m.gov_audit_test_objection,
	withdraw_objection: m.gov_audit_withdraw_objection,
	integrate_objection: m.gov_audit_integrate_objection,
	mark_absent: m.gov_audit_mark_absent,
	adopt: m.gov_audit_adopt,
	withdraw: m.gov_audit_withdraw,
	postpone: m.gov_audit_postpone,
	describe: m.gov_audit_describe,
	nominate: m.gov_audit_nominate,
	propose: m.gov_audit_propose,
	elect: m.gov_audit_elect,
	cancel: m.gov_audit_cancel,
	record_input: m.decisions_audit_record_input,
	answer_input: m.decisions_audit_answer_input,
	remind: m.decisions_audit_remind,
	close_window: m.decisions_audit_close_window
};

const pick = (table: Record<string, Label>, key: string) => table[key]?.() ?? key;

export const phaseLabel = (phase: string) => pick(PHASES, phase);
export const positionLabel = (kind: string) => pick(POSITION_KINDS, kind);
export const objectionStatusLabel = (status: string) => pick(OBJECTION_STATUS, status);
export const outcomeLabel = (outcome: string) => pick(OUTCOMES, outcome);
export const roundKindLabel = (kind: string) => pick(ROUND_KINDS, kind);
export const auditTypeLabel = (type: string) => pick(AUDIT_TYPES, type);

/** The one place an error id becomes words. Unknown ids get a generic message, never a raw id. */
export function errorMessage(code: string): string {
	return (ERRORS[code] ?? m.gov_err_unknown)();
}

export const CONSENT_STEPS = [
	'presentation',
	'clarification',
	'reactions',
	'amendment',
	'objections',
	'integration'
] as const;

export const ELECTION_STEPS = [
	'description',
	'nomination',
	'justification',
	'change',
	'proposal',
	'objections',
	'integration'
] as const;

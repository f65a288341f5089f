/**
 * The one place where error codes (domain failures, server errors with a stable id, PocketBase
 * hook codes) become French/English sentences for the UI.
 */
import { m } from '../paraglide/messages';

const MESSAGES: Record<string, () => string> = {
	title_required: m.ws_error_title_required,
	title_too_long: m.ws_error_title_too_long,
	territory_name_required: m.ws_error_territory_name_required,
	territory_type_invalid: m.ws_error_territory_type_invalid,
	enjeux_required: m.ws_error_enjeux_required,
	enjeu_invalid: m.ws_error_enjeu_invalid,
	summary_too_long: m.ws_error_summary_too_long,
	date_invalid: m.ws_error_date_invalid,
	end_before_start: m.ws_error_end_before_start,
	status_change_invalid: m.ws_error_status_change_invalid,
	last_coordinator: m.ws_error_last_coordinator,
	forbidden: m.ws_error_forbidden,
	not_found: m.ws_error_not_found,
	failed: m.ws_error_failed,
	email_invalid: m.ws_error_email_invalid,
	role_invalid: m.ws_error_role_invalid,
	name_required: m.ws_error_name_required,
	name_too_long: m.ws_error_name_too_long,
	password_too_short: m.ws_error_password_too_short,
	already_member: m.ws_error_already_member,
	account_exists: m.ws_account_exists,
	document_title: m.ws_error_document_title,
	minutes_not_closed: m.minutes_error_not_closed,
	minutes_exists: m.minutes_error_exists,
	// Only outages say "try again": input that can never succeed must not.
	unavailable: m.sweep_error_unavailable,
	throttled: m.signin_error_throttled,
	invalid_input: m.sweep_input_invalid,
	// Accounts (src/lib/accounts/schemas.ts and the account pages).
	password_mismatch: m.accounts_error_password_mismatch,
	wrong_password: m.accounts_error_wrong_password,
	confirm_mismatch: m.accounts_error_confirm_mismatch,
	same_email: m.accounts_error_same_email,
	token_invalid: m.accounts_error_token_invalid,
	seances_nothing_picked: m.seances_error_nothing_picked,
	seances_run_not_planned: m.seances_error_not_planned,
	seances_run_not_running: m.seances_error_not_running,
	seances_run_agenda_empty: m.seances_error_agenda_empty,
	seances_run_last_item: m.seances_error_last_item,
	seances_run_stale: m.seances_error_stale,
	seances_round_exists: m.seances_error_round_exists,
	followup_error_cancel_not_planned: m.followup_error_cancel_not_planned,
	followup_error_seance_closed: m.followup_error_seance_closed,
	followup_error_item_current: m.followup_error_item_current,
	followup_error_item_done: m.followup_error_item_done,
	followup_error_before_current: m.followup_error_before_current,
	// Organisations (src/lib/server/organisations.ts).
	labo_org_last_admin: m.labo_org_error_last_admin,
	labo_org_no_account: m.labo_org_error_no_account,
	labo_org_already_in: m.labo_org_error_already_in
};

/** The sentence of a known code, or null. */
export function knownErrorText(code: string): string | null {
	return MESSAGES[code]?.() ?? null;
}

/**
 * The sentence of an error: a field error's own message, or a code's (an unknown code reads as a
 * refusal, never as "try again").
 */
export function errorText(error: string | { message: string } | null | undefined): string | null {
	if (!error) return null;
	if (typeof error !== 'string') return error.message;
	return knownErrorText(error) ?? m.sweep_error_refused();
}

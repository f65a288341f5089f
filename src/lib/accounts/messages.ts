/** Error codes of the account forms (schemas.ts and the server actions) as sentences. */
import { m } from '../paraglide/messages';

const TEXTS: Record<string, () => string> = {
	email_required: m.accounts_error_email_required,
	email_invalid: m.accounts_error_email_invalid,
	password_required: m.accounts_error_password_required,
	password_too_short: m.accounts_error_password_too_short,
	password_too_long: m.accounts_error_password_too_long,
	password_mismatch: m.accounts_error_password_mismatch,
	wrong_password: m.accounts_error_wrong_password,
	name_required: m.accounts_error_name_required,
	name_too_long: m.accounts_error_name_too_long,
	locale_invalid: m.accounts_error_locale_invalid,
	token_invalid: m.accounts_error_token_invalid,
	confirm_mismatch: m.accounts_error_confirm_mismatch,
	same_email: m.accounts_error_same_email,
	throttled: m.signin_error_throttled,
	unavailable: m.signin_error_unavailable
};

/** A code's sentence, or a field error's own message (src/lib/schemas/messages.ts). */
export function accountErrorText(error: string | { message: string } | undefined): string {
	if (error && typeof error !== 'string') return error.message;
	return ((error && TEXTS[error]) || m.accounts_error_failed)();
}

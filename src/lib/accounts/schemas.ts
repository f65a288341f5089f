/**
 * One Valibot schema per account form (sign-in help, password, email, profile, deletion). Each
 * issue's message is a stable code; the pages turn codes into French or English sentences
 * (`accountErrorText`). Shared by the server actions (the authority) and nothing else.
 */
import * as v from 'valibot';
import { ACCOUNT_NAME_MAX, PASSWORD_MIN } from '../domain/invitation';

/** bcrypt reads at most 72 bytes; PocketBase refuses longer passwords. */
export const PASSWORD_MAX = 64;

const email = v.pipe(
	v.string('email_required'),
	v.trim(),
	v.toLowerCase(),
	v.nonEmpty('email_required'),
	v.maxLength(255, 'email_invalid'),
	v.email('email_invalid')
);

const newPassword = v.pipe(
	v.string('password_too_short'),
	v.minLength(PASSWORD_MIN, 'password_too_short'),
	v.maxLength(PASSWORD_MAX, 'password_too_long')
);

const currentPassword = v.pipe(v.string('password_required'), v.nonEmpty('password_required'));

export const ForgotPasswordSchema = v.object({ email });

/** The confirmation's error sits on the confirmation field. */
const MISMATCH = 'password_mismatch';

export const NewPasswordSchema = v.pipe(
	v.object({ password: newPassword, passwordConfirm: v.string() }),
	v.forward(
		v.partialCheck(
			[['password'], ['passwordConfirm']],
			(input) => input.password === input.passwordConfirm,
			MISMATCH
		),
		['passwordConfirm']
	)
);

export const ChangePasswordSchema = v.pipe(
	v.object({ oldPassword: currentPassword, password: newPassword, passwordConfirm: v.string() }),
	v.forward(
		v.partialCheck(
			[['password'], ['passwordConfirm']],
			(input) => input.password === input.passwordConfirm,
			MISMATCH
		),
		['passwordConfirm']
	)
);

export const ChangeEmailSchema = v.object({ newEmail: email });

export const ConfirmEmailChangeSchema = v.object({ password: currentPassword });

export const ProfileSchema = v.object({
	name: v.pipe(
		v.string('name_required'),
		v.trim(),
		v.nonEmpty('name_required'),
		v.maxLength(ACCOUNT_NAME_MAX, 'name_too_long')
	),
	locale: v.picklist(['fr', 'en'], 'locale_invalid')
});

/** The person types their own address: works for password and single-sign-on accounts alike. */
export const DeleteAccountSchema = v.object({
	confirmEmail: email
});

export type FieldErrors = Record<string, string>;

/**
 * Parses form data (strings only) with a schema: the typed value, or the first code per field.
 */
export function parseForm<S extends v.GenericSchema>(
	schema: S,
	form: FormData,
	fields: readonly string[]
): { ok: true; value: v.InferOutput<S> } | { ok: false; errors: FieldErrors } {
	const input = Object.fromEntries(fields.map((name) => [name, String(form.get(name) ?? '')]));
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, value: result.output };
	const errors: FieldErrors = {};
	for (const issue of result.issues) {
		const key = issue.path?.map((item) => String(item.key)).join('.') ?? 'form';
		errors[key] ??= issue.message;
	}
	return { ok: false, errors };
}

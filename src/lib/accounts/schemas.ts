/**
 * One schema per account form (sign-in help, password, email, profile, deletion), built with the
 * field builders every input of Trame uses (src/lib/schemas/fields.ts: the same text policy, the
 * same French field messages), and listed in src/lib/schemas/index.ts so that the agreement and
 * bad-input tests cover them. The server actions read them with `parseForm`
 * (src/lib/server/input.ts).
 */
import { ACCOUNT_NAME_MAX, PASSWORD_MIN } from '../domain/invitation';
import * as f from '../schemas/fields';
import { PASSWORD_MAX } from '../schemas/workspace';

export { PASSWORD_MAX };

/** The confirmation's error sits on the confirmation field. */
const confirmed: f.ObjectRule<{ password: string; passwordConfirm: string }> = {
	fields: ['password', 'passwordConfirm'],
	check: (input) =>
		input.password === input.passwordConfirm
			? null
			: { field: 'passwordConfirm', code: 'password_mismatch' }
};

const newPassword = () => f.secret({ min: PASSWORD_MIN, max: PASSWORD_MAX, pb: 'users.password' });
/** A password typed to prove who one is: existing passwords may predate today's minimum. */
const currentPassword = () => f.secret({ min: 1, max: PASSWORD_MAX });

export const ForgotPasswordSchema = f.form({ email: f.email() });

export const NewPasswordSchema = f.form(
	{ password: newPassword(), passwordConfirm: currentPassword() },
	{ rules: [confirmed] }
);

export const ChangePasswordSchema = f.form(
	{ oldPassword: currentPassword(), password: newPassword(), passwordConfirm: currentPassword() },
	{ rules: [confirmed] }
);

export const ChangeEmailSchema = f.form({ newEmail: f.email() });

export const ConfirmEmailChangeSchema = f.form({ password: currentPassword() });

export const ProfileSchema = f.form({
	name: f.text({ max: ACCOUNT_NAME_MAX, required: true, pb: 'users.name' }),
	locale: f.choice(['fr', 'en'], { pb: 'users.locale', requiredBeyondCollection: true })
});

/** The person types their own address: works for password and single-sign-on accounts alike. */
export const DeleteAccountSchema = f.form({ confirmEmail: f.email() });

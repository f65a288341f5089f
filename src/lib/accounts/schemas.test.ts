import { describe, expect, it } from 'vitest';
import {
	ChangeEmailSchema,
	ChangePasswordSchema,
	DeleteAccountSchema,
	ForgotPasswordSchema,
	NewPasswordSchema,
	ProfileSchema,
	parseForm
} from './schemas';

const form = (fields: Record<string, string>) => {
	const data = new FormData();
	for (const [key, value] of Object.entries(fields)) data.set(key, value);
	return data;
};

describe('account form schemas', () => {
	it.each([
		[{ email: '' }, { email: 'email_required' }],
		[{ email: 'pas-une-adresse' }, { email: 'email_invalid' }],
		[{ email: `${'a'.repeat(251)}@x.fr` }, { email: 'email_invalid' }]
	])('forgotten password refuses %j', (input, errors) => {
		expect(parseForm(ForgotPasswordSchema, form(input), ['email'])).toEqual({ ok: false, errors });
	});

	it('normalises the address (trim, lower case)', () => {
		expect(
			parseForm(ForgotPasswordSchema, form({ email: '  Ana@Example.FR ' }), ['email'])
		).toEqual({ ok: true, value: { email: 'ana@example.fr' } });
	});

	it.each([
		[{ password: 'court', passwordConfirm: 'court' }, { password: 'password_too_short' }],
		[
			{ password: 'x'.repeat(65), passwordConfirm: 'x'.repeat(65) },
			{ password: 'password_too_long' }
		],
		[
			{ password: 'assez-long-1', passwordConfirm: 'assez-long-2' },
			{ passwordConfirm: 'password_mismatch' }
		]
	])('a new password refuses %j', (input, errors) => {
		expect(parseForm(NewPasswordSchema, form(input), ['password', 'passwordConfirm'])).toEqual({
			ok: false,
			errors
		});
	});

	it('a password change needs the current password and a confirmed new one', () => {
		const fields = ['oldPassword', 'password', 'passwordConfirm'];
		expect(
			parseForm(
				ChangePasswordSchema,
				form({ password: 'nouveau-mdp-1', passwordConfirm: 'nouveau-mdp-1' }),
				fields
			)
		).toEqual({ ok: false, errors: { oldPassword: 'password_required' } });
		expect(
			parseForm(
				ChangePasswordSchema,
				form({
					oldPassword: 'ancien',
					password: 'nouveau-mdp-1',
					passwordConfirm: 'nouveau-mdp-1'
				}),
				fields
			)
		).toMatchObject({ ok: true });
	});

	it.each([
		[{ name: '  ', locale: 'fr' }, { name: 'name_required' }],
		[{ name: 'x'.repeat(201), locale: 'fr' }, { name: 'name_too_long' }],
		[{ name: 'Ana', locale: 'de' }, { locale: 'locale_invalid' }]
	])('the profile refuses %j', (input, errors) => {
		expect(parseForm(ProfileSchema, form(input), ['name', 'locale'])).toEqual({
			ok: false,
			errors
		});
	});

	it('email change and deletion take an address', () => {
		expect(parseForm(ChangeEmailSchema, form({ newEmail: 'b@c.fr' }), ['newEmail'])).toMatchObject({
			ok: true
		});
		expect(parseForm(DeleteAccountSchema, form({ confirmEmail: '' }), ['confirmEmail'])).toEqual({
			ok: false,
			errors: { confirmEmail: 'email_required' }
		});
	});
});

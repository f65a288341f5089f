import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../schemas/messages';
import {
	ChangeEmailSchema,
	ChangePasswordSchema,
	DeleteAccountSchema,
	ForgotPasswordSchema,
	NewPasswordSchema,
	ProfileSchema
} from './schemas';

/** The field codes of a refused input, or the parsed output. */
function parse(schema: v.GenericSchema, input: Record<string, string>) {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, value: result.output as unknown };
	const errors = fieldErrorsOf(schema, result.issues);
	return {
		ok: false,
		errors: Object.fromEntries(Object.entries(errors).map(([name, e]) => [name, e.code]))
	};
}

describe('account form schemas', () => {
	it.each([
		[{ email: '' }, { email: 'required' }],
		[{ email: 'pas-une-adresse' }, { email: 'email' }],
		[{ email: `${'a'.repeat(251)}@x.fr` }, { email: 'too_long' }],
		[{ email: 'a\u0000@x.fr' }, { email: 'control' }]
	])('forgotten password refuses %j', (input, errors) => {
		expect(parse(ForgotPasswordSchema, input)).toEqual({ ok: false, errors });
	});

	it('normalises the address (trim, lower case)', () => {
		expect(parse(ForgotPasswordSchema, { email: '  Ana@Example.FR ' })).toEqual({
			ok: true,
			value: { email: 'ana@example.fr' }
		});
	});

	it.each([
		[{ password: 'court', passwordConfirm: 'court' }, { password: 'too_short' }],
		[
			{ password: 'x'.repeat(65), passwordConfirm: 'x'.repeat(65) },
			{ password: 'too_long', passwordConfirm: 'too_long' }
		],
		[
			{ password: 'assez-long-1', passwordConfirm: 'assez-long-2' },
			{ passwordConfirm: 'password_mismatch' }
		]
	])('a new password refuses %j', (input, errors) => {
		expect(parse(NewPasswordSchema, input)).toEqual({ ok: false, errors });
	});

	it('says in French that the confirmation differs', () => {
		const result = v.safeParse(NewPasswordSchema, {
			password: 'assez-long-1',
			passwordConfirm: 'assez-long-2'
		});
		expect(fieldErrorsOf(NewPasswordSchema, result.issues!).passwordConfirm!.message).toMatch(
			/mots de passe/
		);
	});

	it('a password change needs the current password and a confirmed new one', () => {
		expect(
			parse(ChangePasswordSchema, { password: 'nouveau-mdp-1', passwordConfirm: 'nouveau-mdp-1' })
		).toEqual({ ok: false, errors: { oldPassword: 'required' } });
		expect(
			parse(ChangePasswordSchema, {
				oldPassword: 'ancien',
				password: 'nouveau-mdp-1',
				passwordConfirm: 'nouveau-mdp-1'
			})
		).toMatchObject({ ok: true });
	});

	it.each([
		[{ name: '  ', locale: 'fr' }, { name: 'required' }],
		[{ name: 'x'.repeat(201), locale: 'fr' }, { name: 'too_long' }],
		[{ name: 'Ana', locale: 'de' }, { locale: 'choice' }]
	])('the profile refuses %j', (input, errors) => {
		expect(parse(ProfileSchema, input)).toEqual({ ok: false, errors });
	});

	it('email change and deletion take an address', () => {
		expect(parse(ChangeEmailSchema, { newEmail: 'b@c.fr' })).toMatchObject({ ok: true });
		expect(parse(DeleteAccountSchema, { confirmEmail: '' })).toEqual({
			ok: false,
			errors: { confirmEmail: 'required' }
		});
	});
});

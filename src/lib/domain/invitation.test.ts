import { describe, expect, it } from 'vitest';
import {
	INVITATION_TTL_MS,
	invitationExpiry,
	invitationState,
	isEmail,
	isInvitationTokenFormat,
	validateInvitationInput,
	validateNewAccount
} from './invitation';

const now = new Date('2027-03-12T10:00:00.000Z');

describe('invitation expiry and state', () => {
	it('expires 7 days after creation', () => {
		expect(invitationExpiry(now).toISOString()).toBe('2027-03-19T10:00:00.000Z');
		expect(INVITATION_TTL_MS).toBe(604_800_000);
	});

	it.each<[string, { expires: string; acceptedAt: string }, string]>([
		['pending', { expires: '2027-03-19 10:00:00.000Z', acceptedAt: '' }, 'pending'],
		['one ms before expiry', { expires: '2027-03-12T10:00:00.001Z', acceptedAt: '' }, 'pending'],
		['at expiry', { expires: '2027-03-12T10:00:00.000Z', acceptedAt: '' }, 'expired'],
		['past', { expires: '2027-03-01 00:00:00.000Z', acceptedAt: '' }, 'expired'],
		['unreadable expiry', { expires: '', acceptedAt: '' }, 'expired'],
		[
			'accepted (even if also expired)',
			{ expires: '2027-03-01 00:00:00.000Z', acceptedAt: '2027-02-28 09:00:00.000Z' },
			'accepted'
		]
	])('%s', (_name, facts, expected) => {
		expect(invitationState(facts, now)).toBe(expected);
	});
});

describe('invitation inputs', () => {
	it.each<[string, boolean]>([
		['a'.repeat(43), true],
		['Ab0_-'.repeat(8) + 'abc', true],
		['a'.repeat(42), false],
		['a'.repeat(44), false],
		['a'.repeat(42) + '=', false],
		['a'.repeat(42) + '/', false]
	])('token format %s → %s', (token, ok) => {
		expect(isInvitationTokenFormat(token)).toBe(ok);
	});

	it.each<[string, boolean]>([
		['sophie@mairie.fr', true],
		['sophie@mairie', false],
		['sophie mairie.fr', false],
		['@mairie.fr', false],
		['', false]
	])('email %s → %s', (email, ok) => {
		expect(isEmail(email)).toBe(ok);
	});

	it('normalises the email and checks the role', () => {
		expect(validateInvitationInput({ email: '  Sophie@Mairie.FR ', role: 'project_lead' })).toEqual(
			{ ok: true, email: 'sophie@mairie.fr', role: 'project_lead' }
		);
		expect(validateInvitationInput({ email: 'x', role: 'boss' })).toEqual({
			ok: false,
			errors: { email: 'email_invalid', role: 'role_invalid' }
		});
	});

	it.each<[string, { name: string; password: string }, Record<string, string> | null]>([
		['valid', { name: 'Sophie', password: 'dix-caract' }, null],
		['blank name', { name: '  ', password: 'long-enough-1' }, { name: 'name_required' }],
		['long name', { name: 'x'.repeat(201), password: 'long-enough-1' }, { name: 'name_too_long' }],
		['short password', { name: 'Sophie', password: 'court' }, { password: 'password_too_short' }]
	])('new account: %s', (_name, input, errors) => {
		expect(validateNewAccount(input)).toEqual(
			errors === null ? { ok: true } : { ok: false, errors }
		);
	});
});

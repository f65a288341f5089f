/**
 * Invitations to an experiment: expiry, state and input checks. Pure: the token is generated and
 * hashed by the server (only its hash is stored); time is passed in.
 */
import { isRole, type Role } from './access';

/** An invitation link is valid for 7 days. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** 32 random bytes in base64url (no padding): 43 characters. */
export const INVITATION_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isInvitationTokenFormat(value: string): boolean {
	return INVITATION_TOKEN_PATTERN.test(value);
}

export function invitationExpiry(now: Date): Date {
	return new Date(now.getTime() + INVITATION_TTL_MS);
}

export interface InvitationFacts {
	/** ISO date-time of expiry. */
	expires: string;
	/** ISO date-time of acceptance, or empty. */
	acceptedAt: string;
}

export type InvitationState = 'pending' | 'accepted' | 'expired';

export function invitationState(invitation: InvitationFacts, now: Date): InvitationState {
	if (invitation.acceptedAt.trim() !== '') return 'accepted';
	const expires = new Date(invitation.expires.replace(' ', 'T'));
	if (Number.isNaN(expires.getTime()) || expires.getTime() <= now.getTime()) return 'expired';
	return 'pending';
}

export function normalizeEmail(value: string): string {
	return value.trim().toLowerCase();
}

/** A pragmatic check (one @, a dot in the domain, no spaces); the mail server is the judge. */
export function isEmail(value: string): boolean {
	return value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

export type InvitationInputError = 'email_invalid' | 'role_invalid';

export function validateInvitationInput(input: {
	email: string;
	role: string;
}):
	| { ok: true; email: string; role: Role }
	| { ok: false; errors: Partial<Record<'email' | 'role', InvitationInputError>> } {
	const email = normalizeEmail(input.email);
	const errors: Partial<Record<'email' | 'role', InvitationInputError>> = {};
	if (!isEmail(email)) errors.email = 'email_invalid';
	if (!isRole(input.role)) errors.role = 'role_invalid';
	if (Object.keys(errors).length > 0 || !isRole(input.role)) return { ok: false, errors };
	return { ok: true, email, role: input.role };
}

export const ACCOUNT_NAME_MAX = 200;
export const PASSWORD_MIN = 10;

export type AccountError = 'name_required' | 'name_too_long' | 'password_too_short';

/** The account form of an invitation (name + password; the email comes from the invitation). */
export function validateNewAccount(input: {
	name: string;
	password: string;
}): { ok: true } | { ok: false; errors: Partial<Record<'name' | 'password', AccountError>> } {
	const errors: Partial<Record<'name' | 'password', AccountError>> = {};
	const name = input.name.trim();
	if (name === '') errors.name = 'name_required';
	else if (name.length > ACCOUNT_NAME_MAX) errors.name = 'name_too_long';
	if (input.password.length < PASSWORD_MIN) errors.password = 'password_too_short';
	return Object.keys(errors).length === 0 ? { ok: true } : { ok: false, errors };
}

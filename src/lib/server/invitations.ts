/**
 * Invitations, server side: the token is 32 random bytes shown once (in the link or the email);
 * PocketBase stores only its SHA-256. Creating and accepting run as superuser (the token holder
 * is not yet a member, and open sign-up is disabled), after the caller's rights were checked.
 */
import { appLog, errorFields } from './log';
import { createHash, randomBytes } from 'node:crypto';
import { ClientResponseError } from 'pocketbase';
import type { TypedPocketBase } from '../pocketbase/types';
import type { Role } from '../domain/access';
import {
	invitationExpiry,
	invitationState,
	isInvitationTokenFormat,
	normalizeEmail
} from '../domain/invitation';
import { getLocale } from '../paraglide/runtime';
import { newRecordId } from './documents';
import { writeNotifications } from './review/notify';
import type { InvitationsRecord } from '../pocketbase/types';

export function newInvitationToken(): string {
	return randomBytes(32).toString('base64url');
}

export function hashInvitationToken(token: string): string {
	return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function invitationPath(token: string): string {
	return `/invitation/${token}`;
}

export interface CreatedInvitation {
	id: string;
	/** Absolute link holding the token; shown to the coordinator when no email was sent. */
	link: string;
	expires: string;
	/** True when PocketBase sent the email (SMTP configured). */
	sent: boolean;
}

export async function createInvitation(
	admin: TypedPocketBase,
	input: {
		experimentId: string;
		email: string;
		role: Role;
		invitedBy: string;
		origin: string;
		now: Date;
		/** Language of the email; default: the inviting coordinator's current language. */
		locale?: 'fr' | 'en';
	}
): Promise<CreatedInvitation> {
	const token = newInvitationToken();
	const expires = invitationExpiry(input.now).toISOString().replace('T', ' ');
	const record = await admin.collection('invitations').create({
		experiment: input.experimentId,
		email: normalizeEmail(input.email),
		role: input.role,
		token_hash: hashInvitationToken(token),
		expires,
		invited_by: input.invitedBy
	});
	const link = new URL(invitationPath(token), input.origin).toString();
	const result = await admin.send<{ sent: boolean }>(`/api/trame/invitations/${record.id}/send`, {
		method: 'POST',
		body: { link, locale: input.locale ?? getLocale() }
	});
	await notifyInvitee(admin, { ...input, path: invitationPath(token) });
	return { id: record.id, link, expires, sent: result.sent === true };
}

/**
 * When the invited address already has an account, its inbox links to the invitation page. The
 * link holds the token, like the email: only that user can read the notification (API rules).
 * The invitation stands even if this fails: it is logged.
 */
async function notifyInvitee(
	admin: TypedPocketBase,
	input: { experimentId: string; email: string; invitedBy: string; path: string }
): Promise<void> {
	try {
		const found = await admin.collection('users').getList(1, 1, {
			filter: admin.filter('email = {:email}', { email: normalizeEmail(input.email) }),
			fields: 'id'
		});
		const invitee = found.items[0];
		if (!invitee) return;
		const experiment = await admin
			.collection('experiments')
			.getOne(input.experimentId, { fields: 'title' });
		await writeNotifications(admin, {
			recipients: new Map([[invitee.id, 'invitation']]),
			actorId: input.invitedBy,
			excerpt: String(experiment.title ?? ''),
			link: input.path
		});
	} catch (error) {
		appLog.error('invitations.notification_failed', errorFields(error));
	}
}

export type InvitationLookup =
	| { state: 'unknown' }
	| { state: 'expired' | 'accepted'; invitation: InvitationsRecord }
	| { state: 'pending'; invitation: InvitationsRecord; experimentTitle: string };

export async function findInvitation(
	admin: TypedPocketBase,
	token: string,
	now: Date
): Promise<InvitationLookup> {
	if (!isInvitationTokenFormat(token)) return { state: 'unknown' };
	let invitation: InvitationsRecord & { expand?: { experiment?: { title?: string } } };
	try {
		invitation = await admin
			.collection('invitations')
			.getFirstListItem(
				admin.filter('token_hash = {:hash}', { hash: hashInvitationToken(token) }),
				{
					expand: 'experiment'
				}
			);
	} catch (error) {
		if (error instanceof ClientResponseError && error.status === 404) return { state: 'unknown' };
		throw error;
	}
	const state = invitationState(
		{ expires: invitation.expires, acceptedAt: invitation.accepted_at ?? '' },
		now
	);
	if (state !== 'pending') return { state, invitation };
	return { state, invitation, experimentTitle: invitation.expand?.experiment?.title ?? '' };
}

export type AcceptResult =
	{ ok: true; experimentId: string } | { ok: false; error: 'wrong_account' | 'account_exists' };

const nowString = (now: Date) => now.toISOString().replace('T', ' ');

async function existingMembership(admin: TypedPocketBase, experiment: string, user: string) {
	return admin
		.collection('memberships')
		.getFirstListItem(
			admin.filter('experiment = {:experiment} && user = {:user}', { experiment, user })
		)
		.catch((error: unknown) => {
			if (error instanceof ClientResponseError && error.status === 404) return null;
			throw error;
		});
}

/** A signed-in user accepts: the membership and the acceptance are written in one batch. */
export async function acceptAsUser(
	admin: TypedPocketBase,
	invitation: InvitationsRecord,
	user: { id: string; email: string },
	now: Date
): Promise<AcceptResult> {
	if (normalizeEmail(user.email) !== normalizeEmail(invitation.email)) {
		return { ok: false, error: 'wrong_account' };
	}
	const batch = admin.createBatch();
	// Already a member (e.g. invited twice): the current role is kept.
	if (!(await existingMembership(admin, invitation.experiment, user.id))) {
		batch.collection('memberships').create({
			experiment: invitation.experiment,
			user: user.id,
			role: invitation.role
		});
	}
	batch
		.collection('invitations')
		.update(invitation.id, { accepted_at: nowString(now), accepted_by: user.id });
	await batch.send();
	return { ok: true, experimentId: invitation.experiment };
}

/** No account yet: the account, the membership and the acceptance, in one batch. */
export async function acceptWithNewAccount(
	admin: TypedPocketBase,
	invitation: InvitationsRecord,
	account: { name: string; password: string; locale: 'fr' | 'en' },
	now: Date
): Promise<AcceptResult & { email?: string }> {
	const email = normalizeEmail(invitation.email);
	const existing = await admin
		.collection('users')
		.getFirstListItem(admin.filter('email = {:email}', { email }))
		.catch((error: unknown) => {
			if (error instanceof ClientResponseError && error.status === 404) return null;
			throw error;
		});
	if (existing) return { ok: false, error: 'account_exists' };
	const userId = newRecordId();
	const batch = admin.createBatch();
	batch.collection('users').create({
		id: userId,
		email,
		password: account.password,
		passwordConfirm: account.password,
		name: account.name.trim(),
		locale: account.locale,
		// The invitation link proved the address.
		verified: true
	});
	batch.collection('memberships').create({
		experiment: invitation.experiment,
		user: userId,
		role: invitation.role
	});
	batch
		.collection('invitations')
		.update(invitation.id, { accepted_at: nowString(now), accepted_by: userId });
	await batch.send();
	return { ok: true, experimentId: invitation.experiment, email };
}

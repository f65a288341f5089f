/**
 * Adding someone to an experiment from its members page (the caller checked `manage`): a person
 * who already has an account becomes a member at once, with the role, and is told in their inbox;
 * anyone else gets an invitation link. An address with a pending invitation never gets a second
 * one: that invitation is renewed (the new role, a new link; the old link stops working), and
 * PocketBase holds the rule too (one pending invitation per address and experiment). Superuser
 * writes: the invitee is not a member yet, and the tokens are the server's.
 */
import { ClientResponseError } from 'pocketbase';
import type { Role } from '../domain/access';
import { invitationExpiry, normalizeEmail } from '../domain/invitation';
import {
	createInvitation,
	hashInvitationToken,
	invitationPath,
	newInvitationToken
} from './invitations';
import { writeNotifications } from './review/notify';
import type { TypedPocketBase } from '../pocketbase/types';
import { appLog, errorFields } from './log';

export type AddOutcome =
	| { kind: 'already_member' }
	| { kind: 'added'; name: string; email: string; role: Role }
	| {
			kind: 'invited';
			email: string;
			/** A pending invitation to this address was renewed rather than doubled. */
			renewed: boolean;
			link: string;
			expires: string;
			sent: boolean;
	  };

export interface AddInput {
	experimentId: string;
	email: string;
	role: Role;
	/** The coordinator adding them. */
	actorId: string;
	origin: string;
	now: Date;
}

const pbDate = (date: Date) => date.toISOString().replace('T', ' ');

async function firstOrNull<T>(run: () => Promise<T>): Promise<T | null> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof ClientResponseError && error.status === 404) return null;
		throw error;
	}
}

function pendingInvitation(admin: TypedPocketBase, experimentId: string, email: string) {
	return firstOrNull(() =>
		admin.collection('invitations').getFirstListItem(
			admin.filter('experiment = {:experiment} && email = {:email} && accepted_at = ""', {
				experiment: experimentId,
				email
			})
		)
	);
}

export async function addMemberOrInvite(
	admin: TypedPocketBase,
	input: AddInput
): Promise<AddOutcome> {
	const email = normalizeEmail(input.email);
	const user = await firstOrNull(() =>
		admin
			.collection('users')
			.getFirstListItem(admin.filter('email = {:email}', { email }), { fields: 'id,name' })
	);
	if (user) {
		const member = await firstOrNull(() =>
			admin.collection('memberships').getFirstListItem(
				admin.filter('experiment = {:experiment} && user = {:user}', {
					experiment: input.experimentId,
					user: user.id
				})
			)
		);
		if (member) return { kind: 'already_member' };
		const pending = await pendingInvitation(admin, input.experimentId, email);
		// The membership, and a pending invitation to the same address closed, in one batch.
		const batch = admin.createBatch();
		batch.collection('memberships').create({
			experiment: input.experimentId,
			user: user.id,
			role: input.role
		});
		if (pending)
			batch
				.collection('invitations')
				.update(pending.id, { accepted_at: pbDate(input.now), accepted_by: user.id });
		await batch.send();
		await notifyAdded(admin, input, user.id);
		return { kind: 'added', name: String(user.name || email), email, role: input.role };
	}

	const pending = await pendingInvitation(admin, input.experimentId, email);
	if (pending) {
		const renewed = await renewInvitation(admin, {
			invitationId: pending.id,
			role: input.role,
			invitedBy: input.actorId,
			origin: input.origin,
			now: input.now
		});
		return { kind: 'invited', email, renewed: true, ...renewed };
	}
	const created = await createInvitation(admin, {
		experimentId: input.experimentId,
		email,
		role: input.role,
		invitedBy: input.actorId,
		origin: input.origin,
		now: input.now
	});
	return {
		kind: 'invited',
		email,
		renewed: false,
		link: created.link,
		expires: created.expires,
		sent: created.sent
	};
}

/**
 * A new link for a pending invitation (the coordinator lost it, or it expired): a new token and
 * seven more days; only the new token's hash is stored, so the old link stops working. The link
 * is shown to the coordinator, never emailed here.
 */
export async function renewInvitation(
	admin: TypedPocketBase,
	input: { invitationId: string; role?: Role; invitedBy: string; origin: string; now: Date }
): Promise<{ link: string; expires: string; sent: boolean }> {
	const token = newInvitationToken();
	const expires = pbDate(invitationExpiry(input.now));
	await admin.collection('invitations').update(input.invitationId, {
		token_hash: hashInvitationToken(token),
		expires,
		invited_by: input.invitedBy,
		...(input.role ? { role: input.role } : {})
	});
	return { link: new URL(invitationPath(token), input.origin).toString(), expires, sent: false };
}

/** The new member's inbox says who added them to which experiment (the membership stands). */
async function notifyAdded(admin: TypedPocketBase, input: AddInput, userId: string): Promise<void> {
	try {
		const experiment = await admin
			.collection('experiments')
			.getOne(input.experimentId, { fields: 'title' });
		await writeNotifications(admin, {
			recipients: new Map([[userId, 'invitation']]),
			actorId: input.actorId,
			excerpt: String(experiment.title ?? ''),
			link: `/experiences/${input.experimentId}`
		});
	} catch (error) {
		appLog.error('members.notification_failed', errorFields(error));
	}
}

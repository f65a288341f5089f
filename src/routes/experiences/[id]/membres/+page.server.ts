import type { GenericSchema } from 'valibot';
import { can, isRole, ROLES, type Role } from '$lib/domain/access';
import { invitationState } from '$lib/domain/invitation';
import { errorText } from '$lib/i18n/errors';
import { changeRole, invitationRef, invite, membershipRef } from '$lib/schemas/workspace';
import { batchFailure, formError, formFailure, parseForm, writeFailure } from '$lib/server/input';
import { orNullIfMissing } from '$lib/server/pb-errors';
import { checkMembershipChange } from '$lib/domain/membership';
import { adminPocketBase } from '$lib/server/pocketbase';
import { experimentRoles } from '$lib/server/members';
import { addMemberOrInvite, renewInvitation } from '$lib/server/member-adding';
import { notReadable } from '$lib/server/access-help';
import type { MembershipsRecord } from '$lib/pocketbase/types';
import type { Actions, PageServerLoad } from './$types';
import { changingAccess } from '$lib/server/live/access-events';

type MembershipWithUser = MembershipsRecord & {
	expand?: { user?: { id: string; name?: string; email?: string } };
};

export const load: PageServerLoad = async ({ locals, params }) => {
	const pb = locals.pb;
	const experiment = await orNullIfMissing(pb.collection('experiments').getOne(params.id));
	if (!experiment) return notReadable(locals.user!, { experimentId: params.id });
	const canManage = can(await experimentRoles(pb, experiment.id, locals.user!.id), 'manage');
	const [memberships, invitations] = await Promise.all([
		pb.collection('memberships').getFullList<MembershipWithUser>({
			filter: pb.filter('experiment = {:experiment}', { experiment: experiment.id }),
			expand: 'user',
			sort: 'created'
		}),
		canManage
			? pb.collection('invitations').getFullList({
					filter: pb.filter('experiment = {:experiment} && accepted_at = ""', {
						experiment: experiment.id
					}),
					sort: '-created'
				})
			: Promise.resolve([])
	]);
	const members = memberships
		.filter((mb) => isRole(mb.role))
		.map((mb) => ({
			id: mb.id,
			userId: mb.user,
			name: mb.expand?.user?.name || mb.expand?.user?.email || mb.user,
			// Emails are visible to coordinators only (users' API rules hide them otherwise).
			email: mb.expand?.user?.email ?? '',
			role: mb.role as (typeof ROLES)[number]
		}));
	const now = new Date();
	return {
		experiment: { id: experiment.id, title: experiment.title },
		canManage,
		me: locals.user!.id,
		members: members.map((member) => ({
			...member,
			// The UI explains the rule; PocketBase enforces it (workspace.pb.js).
			lastCoordinator: !checkMembershipChange(
				members.map((x) => ({ membershipId: x.id, role: x.role })),
				member.id,
				null
			).ok
		})),
		invitations: invitations.map((inv) => ({
			id: inv.id,
			email: inv.email,
			role: isRole(inv.role) ? inv.role : 'observer',
			expires: inv.expires,
			expired: invitationState({ expires: inv.expires, acceptedAt: '' }, now) === 'expired'
		})),
		roles: ROLES
	};
};

async function requireManager(locals: App.Locals, experimentId: string) {
	return can(await experimentRoles(locals.pb, experimentId, locals.user!.id), 'manage');
}

/** Membership writes as the user: the API rules and the last-coordinator hook decide. */
async function asUser(run: () => Promise<unknown>, action: string, schema: GenericSchema) {
	try {
		await run();
		return { action, done: true };
	} catch (e) {
		return writeFailure(e, {
			action,
			schema,
			collection: action === 'revoke' ? 'invitations' : 'memberships'
		});
	}
}

export const actions: Actions = {
	invite: async ({ request, locals, params, url }) => {
		const action = 'invite';
		const input = parseForm(invite, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		const { email, role } = input.data;
		const values = input.data;
		if (!(await requireManager(locals, params.id)))
			return formError(403, 'forbidden', { action, values });
		try {
			const outcome = await addMemberOrInvite(await adminPocketBase(), {
				experimentId: params.id,
				email,
				role: role as Role,
				actorId: locals.user!.id,
				origin: url.origin,
				now: new Date()
			});
			if (outcome.kind === 'already_member')
				return formFailure(
					{ email: { code: 'already_member', message: errorText('already_member')! } },
					{ action, values, status: 409 }
				);
			if (outcome.kind === 'added')
				return { action, added: { name: outcome.name, email: outcome.email } };
			return {
				action,
				invited: {
					email: outcome.email,
					renewed: outcome.renewed,
					sent: outcome.sent,
					// The token is shown once, to the coordinator, only when no email was sent.
					link: outcome.sent ? null : outcome.link,
					expires: outcome.expires
				}
			};
		} catch (e) {
			return writeFailure(batchFailure(e), {
				action,
				schema: invite,
				collection: 'invitations',
				values
			});
		}
	},

	changeRole: async ({ request, locals, params }) => {
		const form = await request.formData();
		const action = `role-${String(form.get('membership') ?? '').slice(0, 15)}`;
		const input = parseForm(changeRole, form);
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		const { membership, role } = input.data;
		return asUser(
			() =>
				changingAccess(params.id, () =>
					locals.pb.collection('memberships').update(membership, { role })
				),
			action,
			changeRole
		);
	},

	remove: async ({ request, locals, params }) => {
		const form = await request.formData();
		const action = `remove-${String(form.get('membership') ?? '').slice(0, 15)}`;
		const input = parseForm(membershipRef, form);
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		return asUser(
			() =>
				changingAccess(params.id, () =>
					locals.pb.collection('memberships').delete(input.data.membership)
				),
			action,
			membershipRef
		);
	},

	/** A new link for a pending invitation; the old one stops working. */
	renew: async ({ request, locals, params, url }) => {
		const action = 'renew';
		const input = parseForm(invitationRef, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		if (!(await requireManager(locals, params.id))) return formError(403, 'forbidden', { action });
		try {
			const admin = await adminPocketBase();
			const record = await orNullIfMissing(
				admin.collection('invitations').getOne(input.data.invitation)
			);
			if (!record || record.experiment !== params.id || record.accepted_at)
				return formError(404, 'not_found', { action });
			const renewed = await renewInvitation(admin, {
				invitationId: record.id,
				invitedBy: locals.user!.id,
				origin: url.origin,
				now: new Date()
			});
			return {
				action,
				renewal: { id: record.id, link: renewed.link, expires: renewed.expires }
			};
		} catch (e) {
			return writeFailure(e, { action, schema: invitationRef, collection: 'invitations' });
		}
	},

	revoke: async ({ request, locals }) => {
		const action = 'revoke';
		const input = parseForm(invitationRef, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		return asUser(
			() => locals.pb.collection('invitations').delete(input.data.invitation),
			action,
			invitationRef
		);
	}
};

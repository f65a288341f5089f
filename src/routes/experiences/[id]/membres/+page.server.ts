import { error, fail } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import { can, isRole, ROLES } from '$lib/domain/access';
import { invitationState, validateInvitationInput } from '$lib/domain/invitation';
import { checkMembershipChange } from '$lib/domain/membership';
import { adminPocketBase } from '$lib/server/pocketbase';
import { roleIn } from '$lib/server/experiments';
import { createInvitation } from '$lib/server/invitations';
import { pocketBaseCode } from '$lib/server/pb-errors';
import type { MembershipsRecord } from '$lib/pocketbase/types';
import type { Actions, PageServerLoad } from './$types';

type MembershipWithUser = MembershipsRecord & {
	expand?: { user?: { id: string; name?: string; email?: string } };
};

export const load: PageServerLoad = async ({ locals, params }) => {
	const pb = locals.pb;
	const experiment = await pb
		.collection('experiments')
		.getOne(params.id)
		.catch(() => error(404, { message: 'Not found' }));
	const role = await roleIn(pb, experiment.id, locals.user!.id);
	const canManage = can({ role }, 'manage');
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
	const role = await roleIn(locals.pb, experimentId, locals.user!.id);
	return can({ role }, 'manage');
}

/** Membership writes as the user: the API rules and the last-coordinator hook decide. */
async function asUser(run: () => Promise<unknown>, action: string) {
	try {
		await run();
		return { action, done: true };
	} catch (e) {
		const code = pocketBaseCode(e) ?? 'failed';
		if (code === 'failed') console.error(`[members] ${action} failed`, e);
		return fail(e instanceof ClientResponseError && e.status ? e.status : 503, {
			action,
			error: code
		});
	}
}

export const actions: Actions = {
	invite: async ({ request, locals, params, url }) => {
		const form = await request.formData();
		const raw = { email: String(form.get('email') ?? ''), role: String(form.get('role') ?? '') };
		const checked = validateInvitationInput(raw);
		if (!checked.ok) return fail(400, { action: 'invite', values: raw, errors: checked.errors });
		if (!(await requireManager(locals, params.id)))
			return fail(403, { action: 'invite', values: raw, error: 'forbidden' });
		try {
			const admin = await adminPocketBase();
			const existing = await admin.collection('memberships').getList(1, 1, {
				filter: admin.filter('experiment = {:experiment} && user.email = {:email}', {
					experiment: params.id,
					email: checked.email
				})
			});
			if (existing.totalItems > 0)
				return fail(409, { action: 'invite', values: raw, error: 'already_member' });
			const invitation = await createInvitation(admin, {
				experimentId: params.id,
				email: checked.email,
				role: checked.role,
				invitedBy: locals.user!.id,
				origin: url.origin,
				now: new Date()
			});
			return {
				action: 'invite',
				invited: {
					email: checked.email,
					sent: invitation.sent,
					// The token is shown once, to the coordinator, only when no email was sent.
					link: invitation.sent ? null : invitation.link,
					expires: invitation.expires
				}
			};
		} catch (e) {
			console.error('[members] invitation failed', e);
			return fail(503, { action: 'invite', values: raw, error: 'failed' });
		}
	},

	changeRole: async ({ request, locals }) => {
		const form = await request.formData();
		const membership = String(form.get('membership') ?? '');
		const role = String(form.get('role') ?? '');
		if (!isRole(role)) return fail(400, { action: `role-${membership}`, error: 'role_invalid' });
		return asUser(
			() => locals.pb.collection('memberships').update(membership, { role }),
			`role-${membership}`
		);
	},

	remove: async ({ request, locals }) => {
		const membership = String((await request.formData()).get('membership') ?? '');
		return asUser(
			() => locals.pb.collection('memberships').delete(membership),
			`remove-${membership}`
		);
	},

	revoke: async ({ request, locals }) => {
		const invitation = String((await request.formData()).get('invitation') ?? '');
		return asUser(() => locals.pb.collection('invitations').delete(invitation), 'revoke');
	}
};

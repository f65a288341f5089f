/**
 * Who belongs to an experiment, read with the superuser client (server side only): one place for
 * the membership look-ups that governance, review and document creation all need.
 */
import type PocketBase from 'pocketbase';
import { isOrgRole, isRole, type OrgRole, type Role } from '../domain/access';
import { isStatus } from './pb-errors';

/** The user's role in the experiment, or null when they are not a member. */
export async function memberRole(
	admin: PocketBase,
	experimentId: string,
	userId: string
): Promise<Role | null> {
	const membership = await admin
		.collection('memberships')
		.getFirstListItem(
			admin.filter('experiment = {:experiment} && user = {:user}', {
				experiment: experimentId,
				user: userId
			}),
			{ fields: 'role' }
		)
		.catch((error: unknown) => {
			if (isStatus(error, 404)) return null;
			throw error;
		});
	return isRole(membership?.role) ? membership.role : null;
}

/** The user's role in an organisation, or null when they do not belong to it. */
export async function orgRoleIn(
	pb: PocketBase,
	organisationId: string,
	userId: string
): Promise<OrgRole | null> {
	if (!organisationId) return null;
	const row = await pb
		.collection('org_memberships')
		.getFirstListItem(
			pb.filter('organisation = {:organisation} && user = {:user}', {
				organisation: organisationId,
				user: userId
			}),
			{ fields: 'role' }
		)
		.catch((error: unknown) => {
			if (isStatus(error, 404)) return null;
			throw error;
		});
	return isOrgRole(row?.role) ? row.role : null;
}

/** Both roles that decide access to an experiment: the user's own and their organisation's. */
export interface ExperimentRoles {
	role: Role | null;
	orgRole: OrgRole | null;
}

/**
 * The user's roles for an experiment, read with any client (the superuser's, or the user's own:
 * they may read their own memberships, and the experiment whenever a role gives them anything).
 */
export async function experimentRoles(
	pb: PocketBase,
	experimentId: string,
	userId: string
): Promise<ExperimentRoles> {
	const [role, experiment] = await Promise.all([
		memberRole(pb, experimentId, userId),
		pb
			.collection('experiments')
			.getOne(experimentId, { fields: 'organisation' })
			.catch((error: unknown) => {
				if (isStatus(error, 404) || isStatus(error, 403)) return null;
				throw error;
			})
	]);
	const orgRole = await orgRoleIn(pb, String(experiment?.organisation ?? ''), userId);
	return { role, orgRole };
}

export interface ExperimentMember {
	id: string;
	name: string;
	role: Role;
}

/** Every member with their display name (the id when they have none), sorted by name. */
export async function experimentMembers(
	admin: PocketBase,
	experimentId: string
): Promise<ExperimentMember[]> {
	const memberships = await admin.collection('memberships').getFullList({
		filter: admin.filter('experiment = {:experiment}', { experiment: experimentId }),
		expand: 'user',
		fields: 'user,role,expand.user.name'
	});
	const members: ExperimentMember[] = [];
	for (const m of memberships) {
		if (!isRole(m.role)) continue;
		const user = (m.expand as { user?: { name?: string } } | undefined)?.user;
		const id = String(m.user);
		members.push({ id, name: (user?.name ?? '').trim() || id, role: m.role });
	}
	return members.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

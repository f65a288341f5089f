/**
 * Who belongs to an experiment, read with the superuser client (server side only): one place for
 * the membership look-ups that governance, review and document creation all need.
 */
import type PocketBase from 'pocketbase';
import { isRole, type Role } from '../domain/access';
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

/** Who the user is in an experiment, read with the superuser client (server side only). */
import type PocketBase from 'pocketbase';
import { can, isRole, type Action, type Role } from '../../domain/access';
import { GovernanceError } from './errors';

export interface MemberContext {
	experimentId: string;
	experimentTitle: string;
	role: Role | null;
	archived: boolean;
}

function status(error: unknown): number | undefined {
	return typeof error === 'object' && error !== null
		? (error as { status?: number }).status
		: undefined;
}

export async function memberContext(
	admin: PocketBase,
	experimentId: string,
	userId: string
): Promise<MemberContext> {
	const experiment = await admin
		.collection('experiments')
		.getOne(experimentId, { fields: 'id,title,status' })
		.catch((error: unknown) => {
			if (status(error) === 404) throw new GovernanceError('not_found');
			throw error;
		});
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
			if (status(error) === 404) return null;
			throw error;
		});
	return {
		experimentId,
		experimentTitle: String(experiment.title ?? ''),
		role: isRole(membership?.role) ? membership.role : null,
		archived: experiment.status === 'archivee'
	};
}

/** Throws `not_found` to non-readers (no existence leak) and `forbidden` to other refusals. */
export function requireAccess(ctx: MemberContext, action: Action): void {
	if (!can({ role: ctx.role }, 'read')) throw new GovernanceError('not_found');
	if (action === 'read') return;
	if (ctx.archived) throw new GovernanceError('experiment_archived');
	if (!can({ role: ctx.role, archived: ctx.archived }, action))
		throw new GovernanceError('forbidden');
}

export interface Member {
	id: string;
	name: string;
	role: Role;
}

export async function experimentMembers(
	admin: PocketBase,
	experimentId: string
): Promise<Member[]> {
	const memberships = await admin.collection('memberships').getFullList({
		filter: admin.filter('experiment = {:experiment}', { experiment: experimentId }),
		expand: 'user',
		fields: 'user,role,expand.user.id,expand.user.name'
	});
	const members: Member[] = [];
	for (const m of memberships) {
		const user = (m.expand as { user?: { id: string; name?: string } } | undefined)?.user;
		if (!isRole(m.role)) continue;
		members.push({ id: m.user as string, name: user?.name || (m.user as string), role: m.role });
	}
	return members.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** Who the user is in an experiment, read with the superuser client (server side only). */
import type PocketBase from 'pocketbase';
import { isStatus } from '../pb-errors';
import { can, type Action, type OrgRole, type Role } from '../../domain/access';
import { memberRole, orgRoleIn } from '../members';
import { GovernanceError } from './errors';

export interface MemberContext {
	experimentId: string;
	experimentTitle: string;
	role: Role | null;
	/** The user's role in the organisation that owns the experiment. */
	orgRole: OrgRole | null;
	archived: boolean;
}

export async function memberContext(
	admin: PocketBase,
	experimentId: string,
	userId: string
): Promise<MemberContext> {
	const experiment = await admin
		.collection('experiments')
		.getOne(experimentId, { fields: 'id,title,status,organisation' })
		.catch((error: unknown) => {
			if (isStatus(error, 404)) throw new GovernanceError('not_found');
			throw error;
		});
	const [role, orgRole] = await Promise.all([
		memberRole(admin, experimentId, userId),
		orgRoleIn(admin, String(experiment.organisation ?? ''), userId)
	]);
	return {
		experimentId,
		experimentTitle: String(experiment.title ?? ''),
		role,
		orgRole,
		archived: experiment.status === 'archivee'
	};
}

/** The member context, or null when the experiment does not exist (an outage still throws). */
export async function memberContextOrNull(
	admin: PocketBase,
	experimentId: string,
	userId: string
): Promise<MemberContext | null> {
	try {
		return await memberContext(admin, experimentId, userId);
	} catch (error) {
		if (error instanceof GovernanceError && error.code === 'not_found') return null;
		throw error;
	}
}

/** Throws `not_found` to non-readers (no existence leak) and `forbidden` to other refusals. */
export function requireAccess(ctx: MemberContext, action: Action): void {
	if (!can({ role: ctx.role, orgRole: ctx.orgRole }, 'read'))
		throw new GovernanceError('not_found');
	if (action === 'read') return;
	if (ctx.archived) throw new GovernanceError('experiment_archived');
	if (!can({ role: ctx.role, orgRole: ctx.orgRole, archived: ctx.archived }, action))
		throw new GovernanceError('forbidden');
}

export { experimentMembers, type ExperimentMember as Member } from '../members';

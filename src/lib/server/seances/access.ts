/** Who the user is in a séance's experiment; pages answer 404 to non-readers (no existence leak). */
import { error } from '@sveltejs/kit';
import { can, type OrgRole, type Role } from '../../domain/access';
import type { TypedPocketBase } from '../../pocketbase/types';
import { experimentRoles } from '../members';
import { orNullIfMissing } from '../pb-errors';

export interface SeanceAccess {
	experiment: { id: string; title: string };
	role: Role | null;
	orgRole: OrgRole | null;
	archived: boolean;
	/** Plan and run séances, create actions: can(…, 'facilitate'). */
	canFacilitate: boolean;
}

export async function seanceAccess(
	pb: TypedPocketBase,
	experimentId: string,
	userId: string
): Promise<SeanceAccess> {
	const experiment = await orNullIfMissing(pb.collection('experiments').getOne(experimentId));
	if (!experiment) error(404, { message: 'Not found' });
	const { role, orgRole } = await experimentRoles(pb, experiment.id, userId);
	if (!can({ role, orgRole }, 'read')) error(404, { message: 'Not found' });
	const archived = experiment.status === 'archivee';
	return {
		experiment: { id: experiment.id, title: experiment.title },
		role,
		orgRole,
		archived,
		canFacilitate: can({ role, orgRole, archived }, 'facilitate')
	};
}

export function requireFacilitate(access: SeanceAccess): void {
	if (!access.canFacilitate) error(403, { message: 'Forbidden' });
}

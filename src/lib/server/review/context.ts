/** Who the user is for a document's review, read with the superuser client. */
import type { DocumentsRecord, TypedPocketBase } from '../../pocketbase/types';
import { isStatus } from '../pb-errors';
import { can, type OrgRole, type Role } from '../../domain/access';
import { experimentMembers as listMembers, memberRole, orgRoleIn } from '../members';
import type { Member } from '../../domain/mentions';
import type { ReviewRights } from '../../review/types';
import { ReviewError } from './errors';

export interface ReviewContext {
	documentId: string;
	experimentId: string;
	userId: string;
	role: Role | null;
	orgRole: OrgRole | null;
	archived: boolean;
	rights: ReviewRights;
}

/** Throws `not_found` to anyone who may not read the document (no existence leak). */
export async function reviewContext(
	admin: TypedPocketBase,
	documentId: string,
	userId: string
): Promise<ReviewContext> {
	if (!/^[a-z0-9]{15}$/.test(documentId)) throw new ReviewError('not_found');
	const doc = await admin
		.collection('documents')
		.getOne<
			DocumentsRecord & { expand?: { experiment?: { status?: string; organisation?: string } } }
		>(documentId, {
			expand: 'experiment',
			fields: 'id,experiment,archived,expand.experiment.status,expand.experiment.organisation'
		})
		.catch((error: unknown) => {
			if (isStatus(error, 404)) throw new ReviewError('not_found');
			throw error;
		});
	const experimentId = doc.experiment;
	const [role, orgRole] = await Promise.all([
		memberRole(admin, experimentId, userId),
		orgRoleIn(admin, doc.expand?.experiment?.organisation ?? '', userId)
	]);
	const archived = doc.archived || doc.expand?.experiment?.status === 'archivee';
	if (!can({ role, orgRole }, 'read')) throw new ReviewError('not_found');
	return {
		documentId,
		experimentId,
		userId,
		role,
		orgRole,
		archived,
		rights: {
			comment: can({ role, orgRole, archived }, 'comment'),
			edit: can({ role, orgRole, archived }, 'edit'),
			followUps: can({ role, orgRole, archived }, 'facilitate')
				? `/experiences/${experimentId}/actions`
				: null
		}
	};
}

/** Members of the experiment, for @mentions and display names. */
export async function experimentMembers(
	admin: TypedPocketBase,
	experimentId: string
): Promise<Member[]> {
	const members = await listMembers(admin, experimentId);
	return members.map(({ id, name }) => ({ userId: id, name }));
}

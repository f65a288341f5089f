/** Who the user is for a document's review, read with the superuser client. */
import type PocketBase from 'pocketbase';
import { can, isRole, type Role } from '../../domain/access';
import type { Member } from '../../domain/mentions';
import type { ReviewRights } from '../../review/types';
import { ReviewError } from './errors';

export interface ReviewContext {
	documentId: string;
	experimentId: string;
	userId: string;
	role: Role | null;
	archived: boolean;
	rights: ReviewRights;
}

function statusOf(error: unknown): number | undefined {
	return typeof error === 'object' && error !== null
		? (error as { status?: number }).status
		: undefined;
}

/** Throws `not_found` to anyone who may not read the document (no existence leak). */
export async function reviewContext(
	admin: PocketBase,
	documentId: string,
	userId: string
): Promise<ReviewContext> {
	if (!/^[a-z0-9]{15}$/.test(documentId)) throw new ReviewError('not_found');
	const doc = await admin
		.collection('documents')
		.getOne(documentId, {
			expand: 'experiment',
			fields: 'id,experiment,archived,expand.experiment.status'
		})
		.catch((error: unknown) => {
			if (statusOf(error) === 404) throw new ReviewError('not_found');
			throw error;
		});
	const experimentId = String(doc.experiment);
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
			if (statusOf(error) === 404) return null;
			throw error;
		});
	const role = isRole(membership?.role) ? membership.role : null;
	const expanded = (doc.expand as { experiment?: { status?: string } } | undefined)?.experiment;
	const archived = Boolean(doc.archived) || expanded?.status === 'archivee';
	if (!can({ role }, 'read')) throw new ReviewError('not_found');
	return {
		documentId,
		experimentId,
		userId,
		role,
		archived,
		rights: {
			comment: can({ role, archived }, 'comment'),
			edit: can({ role, archived }, 'edit')
		}
	};
}

/** Members of the experiment, for @mentions and display names. */
export async function experimentMembers(
	admin: PocketBase,
	experimentId: string
): Promise<Member[]> {
	const rows = await admin.collection('memberships').getFullList({
		filter: admin.filter('experiment = {:experiment}', { experiment: experimentId }),
		expand: 'user',
		fields: 'user,expand.user.name'
	});
	return rows
		.map((row) => {
			const user = (row.expand as { user?: { name?: string } } | undefined)?.user;
			return { userId: String(row.user), name: (user?.name ?? '').trim() || String(row.user) };
		})
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

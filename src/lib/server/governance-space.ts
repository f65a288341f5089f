/**
 * An organisation's governance space as its page shows it (« Gouvernance du Labo »): the space is
 * an owner of kind `organisation` (docs/architecture.md), read with the user's own client, so the
 * API rules decide who sees it (administrators and the team: governanceRole() in access.ts).
 */
import { can } from '../domain/access';
import { NOT_NOTES } from '../domain/document-kinds';
import type { TypedPocketBase } from '../pocketbase/types';
import { experimentRoles } from './members';
import { isStatus } from './pb-errors';

export interface GovernanceSpaceView {
	id: string;
	canFacilitate: boolean;
	canEdit: boolean;
	documents: { id: string; title: string; kind: string; updated: string }[];
	decisions: { id: string; title: string; outcome: string; decidedAt: string }[];
	seances: { id: string; title: string; startsAt: string }[];
}

/** The space of the organisation, or null when the user may not read it (or it has none). */
export async function governanceSpaceView(
	userPb: TypedPocketBase,
	organisationId: string,
	userId: string,
	now: Date
): Promise<GovernanceSpaceView | null> {
	const space = await userPb
		.collection('experiments')
		.getFirstListItem(
			userPb.filter("organisation = {:org} && kind = 'organisation'", { org: organisationId }),
			{ fields: 'id' }
		)
		.catch((error: unknown) => {
			if (isStatus(error, 404)) return null;
			throw error;
		});
	if (!space) return null;
	const byOwner = userPb.filter('experiment = {:id}', { id: space.id });
	const [roles, documents, decisions, seances] = await Promise.all([
		experimentRoles(userPb, space.id, userId),
		userPb.collection('documents').getFullList({
			filter: `${byOwner} && archived = false && ${NOT_NOTES}`,
			sort: 'title',
			fields: 'id,title,kind,updated'
		}),
		userPb.collection('decisions').getList(1, 5, {
			filter: byOwner,
			sort: '-decided_at',
			fields: 'id,title,outcome,decided_at'
		}),
		userPb.collection('seances').getList(1, 3, {
			filter: userPb.filter(`${byOwner} && starts_at >= {:now}`, {
				now: now.toISOString().replace('T', ' ')
			}),
			sort: 'starts_at',
			fields: 'id,title,starts_at'
		})
	]);
	return {
		id: space.id,
		canFacilitate: can(roles, 'facilitate'),
		canEdit: can(roles, 'edit'),
		documents: documents.map((d) => ({
			id: d.id,
			title: d.title,
			kind: d.kind,
			updated: d.updated
		})),
		decisions: decisions.items.map((d) => ({
			id: d.id,
			title: d.title,
			outcome: d.outcome,
			decidedAt: d.decided_at
		})),
		seances: seances.items.map((s) => ({ id: s.id, title: s.title, startsAt: s.starts_at }))
	};
}

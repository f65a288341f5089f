import { isRole, type Role } from '$lib/domain/access';
import type { DocumentRecord, ExperimentRecord, MembershipRecord } from '$lib/server/records';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	const pb = locals.pb;
	// API rules limit every list to the experiments the user can read.
	const [experiments, memberships, documents] = await Promise.all([
		pb.collection('experiments').getFullList<ExperimentRecord>({ sort: '-updated' }),
		pb
			.collection('memberships')
			.getFullList<MembershipRecord>({ filter: pb.filter('user = {:user}', { user: user.id }) }),
		pb.collection('documents').getFullList<DocumentRecord>({
			filter: 'archived = false',
			sort: 'title',
			fields: 'id,experiment,kind,title,updated'
		})
	]);
	const roles = new Map(memberships.map((m) => [m.experiment, m.role]));
	return {
		experiments: experiments.map((e) => {
			const role = roles.get(e.id);
			return {
				id: e.id,
				title: e.title,
				territoryName: e.territory_name,
				territoryType: e.territory_type,
				status: e.status,
				role: isRole(role) ? role : (null as Role | null),
				documents: documents
					.filter((d) => d.experiment === e.id)
					.map((d) => ({ id: d.id, title: d.title, kind: d.kind, updated: d.updated }))
			};
		})
	};
};

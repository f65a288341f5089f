import { seanceAccess } from '$lib/server/seances/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await seanceAccess(locals.pb, params.id, locals.user!.id);
	const seances = await locals.pb.collection('seances').getFullList({
		filter: locals.pb.filter('experiment = {:e}', { e: params.id }),
		sort: '-starts_at',
		fields: 'id,title,starts_at,place,status'
	});
	return { experiment: access.experiment, canFacilitate: access.canFacilitate, seances };
};

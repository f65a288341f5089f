import { error } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { GovernanceError } from '$lib/server/governance/errors';
import { roundView } from '$lib/server/governance/round-reads';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	try {
		const admin = await adminPocketBase();
		return { view: await roundView({ admin }, params.id, locals.user!.id, { projection: true }) };
	} catch (e) {
		if (e instanceof GovernanceError && e.status === 404) error(404, { message: 'Not found' });
		throw e;
	}
};

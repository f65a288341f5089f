import { adminPocketBase } from '$lib/server/pocketbase';
import { GovernanceError } from '$lib/server/governance/errors';
import { roundView } from '$lib/server/governance/round-reads';
import { notReadable } from '$lib/server/access-help';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	try {
		const admin = await adminPocketBase();
		return { view: await roundView({ admin }, params.id, locals.user!.id, { projection: true }) };
	} catch (e) {
		if (e instanceof GovernanceError && e.status === 404)
			return notReadable(locals.user!, { roundId: params.id });
		throw e;
	}
};

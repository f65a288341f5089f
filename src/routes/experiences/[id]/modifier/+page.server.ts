import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { experiment } from '$lib/schemas/workspace';
import { experimentBody, experimentView } from '$lib/server/experiments';
import { experimentRoles } from '$lib/server/members';
import { formFailure, parseForm, writeFailure } from '$lib/server/input';
import { orNullIfMissing } from '$lib/server/pb-errors';
import { notAllowed, notReadable } from '$lib/server/access-help';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const record = await orNullIfMissing(locals.pb.collection('experiments').getOne(params.id));
	if (!record) return notReadable(locals.user!, { experimentId: params.id });
	if (!can(await experimentRoles(locals.pb, record.id, locals.user!.id), 'manage'))
		return notAllowed(locals.user!, record.id);
	return { experiment: experimentView(record) };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const input = parseForm(experiment, await request.formData());
		if (!input.ok) return formFailure(input.errors, { values: input.values });
		try {
			await locals.pb.collection('experiments').update(params.id, experimentBody(input.data));
		} catch (e) {
			return writeFailure(e, { schema: experiment, collection: 'experiments', values: input.data });
		}
		redirect(303, `/experiences/${params.id}`);
	}
};

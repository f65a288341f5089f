import { error, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { experiment } from '$lib/schemas/workspace';
import { experimentBody, experimentView, roleIn } from '$lib/server/experiments';
import { formFailure, parseForm, writeFailure } from '$lib/server/input';
import { orNullIfMissing } from '$lib/server/pb-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const record = await orNullIfMissing(locals.pb.collection('experiments').getOne(params.id));
	if (!record) error(404, { message: 'Not found' });
	const role = await roleIn(locals.pb, record.id, locals.user!.id);
	if (!can({ role }, 'manage')) error(403, { message: 'Forbidden' });
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

import { redirect } from '@sveltejs/kit';
import { experiment } from '$lib/schemas/workspace';
import { experimentBody } from '$lib/server/experiments';
import { formFailure, parseForm, writeFailure } from '$lib/server/input';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const input = parseForm(experiment, await request.formData());
		if (!input.ok) return formFailure(input.errors, { values: input.values });
		let id: string;
		try {
			// As the user: the hooks make them coordinator and re-check every field.
			const record = await locals.pb
				.collection('experiments')
				.create({ ...experimentBody(input.data), status: 'idee' });
			id = record.id;
		} catch (error) {
			return writeFailure(error, {
				schema: experiment,
				collection: 'experiments',
				values: input.data
			});
		}
		redirect(303, `/experiences/${id}`);
	}
};

import { fail, redirect } from '@sveltejs/kit';
import {
	experimentBody,
	experimentErrorsFromPocketBase,
	experimentInputFrom,
	validateExperiment
} from '$lib/server/experiments';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const input = experimentInputFrom(await request.formData());
		const checked = validateExperiment(input);
		if (!checked.ok) return fail(400, { values: input, errors: checked.errors, error: null });
		let id: string;
		try {
			// As the user: the hooks make them coordinator and re-check every field.
			const record = await locals.pb
				.collection('experiments')
				.create({ ...experimentBody(input), status: 'idee' });
			id = record.id;
		} catch (error) {
			const errors = experimentErrorsFromPocketBase(error);
			if (errors) return fail(400, { values: input, errors, error: null });
			console.error('[experiments] creation failed', error);
			return fail(503, { values: input, errors: null, error: 'failed' });
		}
		redirect(303, `/experiences/${id}`);
	}
};

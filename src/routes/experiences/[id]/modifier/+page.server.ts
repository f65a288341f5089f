import { error, fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import {
	experimentBody,
	experimentErrorsFromPocketBase,
	experimentInputFrom,
	experimentView,
	roleIn,
	validateExperiment
} from '$lib/server/experiments';
import { pocketBaseCode } from '$lib/server/pb-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const record = await locals.pb
		.collection('experiments')
		.getOne(params.id)
		.catch(() => error(404, { message: 'Not found' }));
	const role = await roleIn(locals.pb, record.id, locals.user!.id);
	if (!can({ role }, 'manage')) error(403, { message: 'Forbidden' });
	return { experiment: experimentView(record) };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const input = experimentInputFrom(await request.formData());
		const checked = validateExperiment(input);
		if (!checked.ok) return fail(400, { values: input, errors: checked.errors, error: null });
		try {
			await locals.pb.collection('experiments').update(params.id, experimentBody(input));
		} catch (e) {
			const errors = experimentErrorsFromPocketBase(e);
			if (errors) return fail(400, { values: input, errors, error: null });
			const code = pocketBaseCode(e);
			if (code) return fail(403, { values: input, errors: null, error: code });
			console.error('[experiments] update failed', e);
			return fail(503, { values: input, errors: null, error: 'failed' });
		}
		redirect(303, `/experiences/${params.id}`);
	}
};

import { fail, redirect } from '@sveltejs/kit';
import {
	experimentBody,
	experimentErrorsFromPocketBase,
	experimentInputFrom,
	validateExperiment
} from '$lib/server/experiments';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { createDocumentWithTemplate } from '$lib/server/documents';
import { adminPocketBase } from '$lib/server/pocketbase';
import type { Actions } from './$types';

/**
 * A new experiment comes with its protocol, from the protocol template (12 sections and their
 * structured parts), created the way every document is. Should it fail, the experiment stands
 * and its page offers to create the protocol: the failure is logged.
 */
async function createProtocol(experimentId: string, userId: string): Promise<void> {
	try {
		const created = await createDocumentWithTemplate(await adminPocketBase(), {
			experimentId,
			userId,
			kind: 'protocole',
			title: m.kind_protocole(),
			locale: getLocale()
		});
		if (!created.ok) console.error('[experiments] protocol not created', created.error);
	} catch (error) {
		console.error('[experiments] protocol not created', error);
	}
}

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
		await createProtocol(id, locals.user!.id);
		redirect(303, `/experiences/${id}`);
	}
};

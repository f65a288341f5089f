import { redirect } from '@sveltejs/kit';
import { experiment } from '$lib/schemas/workspace';
import { experimentBody } from '$lib/server/experiments';
import { formFailure, parseForm, writeFailure } from '$lib/server/input';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { createDocumentWithTemplate } from '$lib/server/documents';
import { appLog, errorFields } from '$lib/server/log';
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
		if (!created.ok)
			appLog.error('experiments.protocol_not_created', { experimentId, error: created.error });
	} catch (error) {
		appLog.error('experiments.protocol_not_created', { experimentId, ...errorFields(error, true) });
	}
}

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
		await createProtocol(id, locals.user!.id);
		redirect(303, `/experiences/${id}`);
	}
};

/**
 * Import a file as a new document of the experiment: analyse (report + preview), then confirm.
 * Editors only; the same checks run again in the service at each step.
 */
import { error, redirect } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import * as v from 'valibot';
import { can } from '$lib/domain/access';
import { getLocale } from '$lib/paraglide/runtime';
import { DOCUMENT_KINDS, DOCUMENT_TITLE_MAX } from '$lib/server/documents';
import { experimentView } from '$lib/server/experiments';
import { experimentRoles } from '$lib/server/members';
import type { ExperimentsRecord } from '$lib/pocketbase/types';
import { NewDocumentImportSchema, firstIssue, formFields } from '$lib/schemas/import';
import { analyse, confirm, readForm, refusal } from '$lib/server/import/http';
import { serverServices } from '$server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	let experiment: ExperimentsRecord;
	try {
		experiment = await locals.pb.collection('experiments').getOne<ExperimentsRecord>(params.id);
	} catch (e) {
		if (e instanceof ClientResponseError && (e.status === 404 || e.status === 403))
			error(404, { message: 'Not found' });
		throw e;
	}
	const roles = await experimentRoles(locals.pb, experiment.id, locals.user!.id);
	if (!can({ ...roles, archived: experiment.status === 'archivee' }, 'edit'))
		error(403, { message: 'Forbidden' });
	// A file is on its way: have a converter started by the time it arrives.
	serverServices().importConverter?.prepare();
	return {
		experiment: experimentView(experiment),
		kinds: DOCUMENT_KINDS,
		titleMax: DOCUMENT_TITLE_MAX
	};
};

export const actions: Actions = {
	analyser: async ({ locals, params, request }) => {
		const form = await readForm(request);
		if (typeof form === 'string') return refusal('analyse', form);
		const parsed = v.safeParse(NewDocumentImportSchema, formFields(form));
		if (!parsed.success) return refusal('analyse', firstIssue(parsed.issues));
		const { fichier, type, titre } = parsed.output;
		return analyse(
			locals.user!.id,
			{
				type: 'new',
				experimentId: params.id,
				kind: type,
				title: titre,
				locale: getLocale() === 'en' ? 'en' : 'fr'
			},
			fichier
		);
	},
	confirmer: async ({ locals, request }) => {
		const form = await readForm(request);
		if (typeof form === 'string') return refusal('confirm', form);
		const outcome = await confirm(locals.user!.id, form);
		if ('error' in outcome) return outcome.error;
		redirect(303, `/documents/${outcome.result.documentId}`);
	}
};

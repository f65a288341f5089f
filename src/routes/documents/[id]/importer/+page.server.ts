/**
 * Import a file into one section of an existing document: analyse (report + preview), then
 * confirm; the change goes through the collaboration server (the document may be open).
 */
import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { ReviewError } from '$lib/server/review/errors';
import { stateToProseMirror, storedDocumentState } from '$lib/server/review/doc-state';
import { documentSections } from '$lib/editor/import-state';
import { SectionImportSchema, firstIssue, formFields } from '$lib/schemas/import';
import { analyse, confirm, readForm, refusal } from '$lib/server/import/http';
import { serverServices } from '$server/services';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const admin = await adminPocketBase();
	let ctx;
	try {
		ctx = await reviewContext(admin, params.id, locals.user!.id);
	} catch (e) {
		if (e instanceof ReviewError) error(404, { message: 'Not found' });
		throw e;
	}
	if (!ctx.rights.edit) error(403, { message: 'Forbidden' });
	const doc = await admin.collection('documents').getOne(params.id, { fields: 'id,title' });
	const sections = documentSections(
		stateToProseMirror(await storedDocumentState(admin, params.id))
	);
	const chosen = Number(url.searchParams.get('section'));
	// A file is on its way: have a converter started by the time it arrives.
	serverServices().importConverter?.prepare();
	return {
		document: { id: String(doc.id), title: String(doc.title) },
		sections: sections.map((s) => ({ index: s.index, heading: s.heading })),
		chosen: Number.isInteger(chosen) ? chosen : 0
	};
};

export const actions: Actions = {
	analyser: async ({ locals, params, request }) => {
		const form = await readForm(request);
		if (typeof form === 'string') return refusal('analyse', form);
		const parsed = v.safeParse(SectionImportSchema, formFields(form));
		if (!parsed.success) return refusal('analyse', firstIssue(parsed.issues));
		return analyse(
			locals.user!.id,
			{ type: 'section', documentId: params.id, sectionIndex: parsed.output.section },
			parsed.output.fichier
		);
	},
	confirmer: async ({ locals, params, request }) => {
		const form = await readForm(request);
		if (typeof form === 'string') return refusal('confirm', form);
		const outcome = await confirm(locals.user!.id, form);
		if ('error' in outcome) return outcome.error;
		redirect(303, `/documents/${params.id}`);
	}
};

import { redirect } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import type { GenericSchema } from 'valibot';
import { can } from '$lib/domain/access';
import type { DocumentKind } from '$lib/domain/document-kinds';
import { errorText } from '$lib/i18n/errors';
import { documentRef, experimentStatus, newDocument, renameDocument } from '$lib/schemas/workspace';
import { formError, formFailure, parseForm, writeFailure } from '$lib/server/input';
import { canChangeStatus, STATUSES, type Status } from '$lib/domain/experiment';
import { getLocale } from '$lib/paraglide/runtime';
import { adminPocketBase } from '$lib/server/pocketbase';
import {
	DOCUMENT_KINDS,
	DOCUMENT_TITLE_MAX,
	createDocumentWithTemplate
} from '$lib/server/documents';
import { duplicateDocument } from '$lib/server/document-copy';
import { experimentView } from '$lib/server/experiments';
import { experimentRoles } from '$lib/server/members';
import { NOT_NOTES } from '$lib/domain/document-kinds';
import type { DocumentsRecord, ExperimentsRecord } from '$lib/pocketbase/types';
import { notReadable } from '$lib/server/access-help';
import type { Actions, PageServerLoad } from './$types';
import { changingAccess } from '$lib/server/live/access-events';

type DocumentWithExperiment = DocumentsRecord & { expand?: { experiment?: ExperimentsRecord } };

export const load: PageServerLoad = async ({ locals, params }) => {
	const pb = locals.pb;
	let experiment: ExperimentsRecord;
	try {
		experiment = await pb.collection('experiments').getOne(params.id);
	} catch (e) {
		if (e instanceof ClientResponseError && (e.status === 404 || e.status === 403)) {
			return notReadable(locals.user!, { experimentId: params.id });
		}
		throw e;
	}
	const [{ role, orgRole }, documents, sources] = await Promise.all([
		experimentRoles(pb, experiment.id, locals.user!.id),
		pb.collection('documents').getFullList({
			filter: pb.filter(`experiment = {:experiment} && ${NOT_NOTES}`, {
				experiment: experiment.id
			}),
			sort: 'title',
			fields: 'id,kind,title,updated,archived'
		}),
		// Every document the user may read, as a starting point for a new one.
		pb.collection('documents').getFullList<DocumentWithExperiment>({
			filter: `archived = false && ${NOT_NOTES}`,
			sort: 'title',
			expand: 'experiment',
			fields: 'id,kind,title,expand.experiment.title,expand.experiment.kind'
		})
	]);
	const archived = experiment.status === 'archivee';
	// An organisation's governance space (kind `organisation`) names its organisation, not a
	// territory; its members may not all read the organisation itself (an outside COPIL member).
	const space =
		experiment.kind === 'organisation'
			? {
					organisationId: experiment.organisation,
					organisationName: await pb
						.collection('organisations')
						.getOne(experiment.organisation, { fields: 'name' })
						.then((o) => o.name)
						.catch(() => null)
				}
			: null;
	const view = (d: DocumentsRecord) => ({
		id: d.id,
		title: d.title,
		kind: d.kind,
		updated: d.updated
	});
	return {
		experiment: { ...experimentView(experiment), role, orgRole },
		space,
		documents: documents.filter((d) => !d.archived).map(view),
		archivedDocuments: documents.filter((d) => d.archived).map(view),
		canCreate: can({ role, orgRole, archived }, 'edit'),
		canManage: can({ role, orgRole }, 'manage'),
		nextStatuses: STATUSES.filter((s) => canChangeStatus(experiment.status as Status, s)),
		kinds: DOCUMENT_KINDS,
		titleMax: DOCUMENT_TITLE_MAX,
		sources: sources.map((d) => ({
			id: d.id,
			title: d.title,
			kind: d.kind,
			experiment: d.expand?.experiment?.title ?? '',
			// Written by an organisation for its experiments (strategy, guides, templates).
			fromOrganisation: d.expand?.experiment?.kind === 'organisation'
		}))
	};
};

/** Writes as the user: PocketBase's rules and hooks decide, their refusal is shown as is. */
async function asUser(
	run: () => Promise<unknown>,
	options: { action: string; schema: GenericSchema }
) {
	try {
		await run();
		return null;
	} catch (e) {
		return writeFailure(e, {
			...options,
			collection: options.action.startsWith('status') ? 'experiments' : 'documents'
		});
	}
}

export const actions: Actions = {
	createDocument: async ({ request, locals, params }) => {
		const action = 'createDocument';
		const input = parseForm(newDocument, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		const { kind, title, source } = input.data;
		const values = input.data;
		let result;
		try {
			const admin = await adminPocketBase();
			result =
				source !== ''
					? await duplicateDocument(admin, locals.pb, {
							sourceId: source,
							experimentId: params.id,
							userId: locals.user!.id,
							title
						})
					: await createDocumentWithTemplate(admin, {
							experimentId: params.id,
							userId: locals.user!.id,
							kind: kind as DocumentKind,
							title,
							locale: getLocale()
						});
		} catch (e) {
			return writeFailure(e, { schema: newDocument, collection: 'documents', values, action });
		}
		if (!result.ok) {
			if (result.error === 'invalid_title' || result.error === 'document_title')
				return formFailure(
					{ title: { code: 'too_long', message: errorText('document_title')! } },
					{ action, values }
				);
			// The copied document is gone (or not readable): the source field is at fault.
			if (result.error === 'not_found' && source !== '')
				return formFailure(
					{ source: { code: 'id', message: errorText('not_found')! } },
					{
						action,
						values
					}
				);
			return formError(result.error === 'not_found' ? 404 : 403, result.error, { action, values });
		}
		redirect(303, `/documents/${result.id}`);
	},

	changeStatus: async ({ request, locals, params }) => {
		const action = 'status';
		const input = parseForm(experimentStatus, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		return asUser(
			() =>
				changingAccess(params.id, () =>
					locals.pb.collection('experiments').update(params.id, { status: input.data.status })
				),
			{ action, schema: experimentStatus }
		);
	},

	renameDocument: async ({ request, locals }) => {
		const form = await request.formData();
		const input = parseForm(renameDocument, form);
		const action = `rename-${String(form.get('document') ?? '').slice(0, 15)}`;
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		const { document, title } = input.data;
		return asUser(() => locals.pb.collection('documents').update(document, { title }), {
			action,
			schema: renameDocument
		});
	},

	archiveDocument: async ({ request, locals, params }) => {
		const action = 'archive';
		const input = parseForm(documentRef, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		return asUser(
			() =>
				changingAccess(params.id, () =>
					locals.pb.collection('documents').update(input.data.document, { archived: true })
				),
			{ action, schema: documentRef }
		);
	},

	/** Coordinators only (the `documents` delete rule): everything of the document goes with it. */
	deleteDocument: async ({ request, locals, params }) => {
		const action = 'delete';
		const input = parseForm(documentRef, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		const refused = await asUser(
			() =>
				changingAccess(params.id, () =>
					locals.pb.collection('documents').delete(input.data.document)
				),
			{ action, schema: documentRef }
		);
		return refused ?? { action, done: true };
	},

	restoreDocument: async ({ request, locals, params }) => {
		const action = 'archive';
		const input = parseForm(documentRef, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		return asUser(
			() =>
				changingAccess(params.id, () =>
					locals.pb.collection('documents').update(input.data.document, { archived: false })
				),
			{ action, schema: documentRef }
		);
	}
};

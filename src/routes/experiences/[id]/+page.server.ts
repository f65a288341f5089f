import { error, fail, redirect } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import { can } from '$lib/domain/access';
import { canChangeStatus, STATUSES, type Status } from '$lib/domain/experiment';
import { getLocale } from '$lib/paraglide/runtime';
import { adminPocketBase } from '$lib/server/pocketbase';
import {
	DOCUMENT_KINDS,
	DOCUMENT_TITLE_MAX,
	createDocumentWithTemplate,
	isDocumentKind
} from '$lib/server/documents';
import { duplicateDocument } from '$lib/server/document-copy';
import { experimentView, roleIn } from '$lib/server/experiments';
import { pocketBaseCode } from '$lib/server/pb-errors';
import type { DocumentsRecord, ExperimentsRecord } from '$lib/pocketbase/types';
import type { Actions, PageServerLoad } from './$types';

type DocumentWithExperiment = DocumentsRecord & { expand?: { experiment?: ExperimentsRecord } };

export const load: PageServerLoad = async ({ locals, params }) => {
	const pb = locals.pb;
	let experiment: ExperimentsRecord;
	try {
		experiment = await pb.collection('experiments').getOne(params.id);
	} catch (e) {
		if (e instanceof ClientResponseError && (e.status === 404 || e.status === 403)) {
			error(404, { message: 'Not found' });
		}
		throw e;
	}
	const [role, documents, sources] = await Promise.all([
		roleIn(pb, experiment.id, locals.user!.id),
		pb.collection('documents').getFullList({
			filter: pb.filter('experiment = {:experiment}', { experiment: experiment.id }),
			sort: 'title',
			fields: 'id,kind,title,updated,archived'
		}),
		// Every document the user may read, as a starting point for a new one.
		pb.collection('documents').getFullList<DocumentWithExperiment>({
			filter: 'archived = false',
			sort: 'title',
			expand: 'experiment',
			fields: 'id,kind,title,expand.experiment.title'
		})
	]);
	const archived = experiment.status === 'archivee';
	const view = (d: DocumentsRecord) => ({
		id: d.id,
		title: d.title,
		kind: d.kind,
		updated: d.updated
	});
	return {
		experiment: { ...experimentView(experiment), role },
		documents: documents.filter((d) => !d.archived).map(view),
		archivedDocuments: documents.filter((d) => d.archived).map(view),
		canCreate: can({ role, archived }, 'edit'),
		canManage: can({ role }, 'manage'),
		nextStatuses: STATUSES.filter((s) => canChangeStatus(experiment.status as Status, s)),
		kinds: DOCUMENT_KINDS,
		titleMax: DOCUMENT_TITLE_MAX,
		sources: sources.map((d) => ({
			id: d.id,
			title: d.title,
			kind: d.kind,
			experiment: d.expand?.experiment?.title ?? ''
		}))
	};
};

/** Writes as the user: PocketBase's rules and hooks decide, their refusal is shown as is. */
async function asUser(run: () => Promise<unknown>, action: string) {
	try {
		await run();
		return null;
	} catch (e) {
		const code = pocketBaseCode(e);
		if (code)
			return fail(e instanceof ClientResponseError ? e.status : 400, { action, error: code });
		console.error(`[experiments] ${action} failed`, e);
		return fail(503, { action, error: 'failed' });
	}
}

export const actions: Actions = {
	createDocument: async ({ request, locals, params }) => {
		const form = await request.formData();
		const kind = String(form.get('kind') ?? '');
		const title = String(form.get('title') ?? '');
		const source = String(form.get('source') ?? '');
		const values = { action: 'createDocument', kind, title, source };
		if (source === '' && !isDocumentKind(kind)) return fail(400, { ...values, error: 'kind' });

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
							kind: kind as (typeof DOCUMENT_KINDS)[number],
							title,
							locale: getLocale()
						});
		} catch (e) {
			console.error('[documents] creation failed', e);
			return fail(503, { ...values, error: 'failed' });
		}
		if (!result.ok) {
			const invalid = result.error === 'invalid_title' || result.error === 'document_title';
			return fail(invalid ? 400 : 403, { ...values, error: invalid ? 'title' : 'forbidden' });
		}
		redirect(303, `/documents/${result.id}`);
	},

	changeStatus: async ({ request, locals, params }) => {
		const status = String((await request.formData()).get('status') ?? '');
		return asUser(
			() => locals.pb.collection('experiments').update(params.id, { status }),
			'status'
		);
	},

	renameDocument: async ({ request, locals }) => {
		const form = await request.formData();
		const id = String(form.get('document') ?? '');
		const title = String(form.get('title') ?? '').trim();
		if (title === '' || title.length > DOCUMENT_TITLE_MAX)
			return fail(400, { action: `rename-${id}`, error: 'document_title' });
		return asUser(() => locals.pb.collection('documents').update(id, { title }), `rename-${id}`);
	},

	archiveDocument: async ({ request, locals }) => {
		const id = String((await request.formData()).get('document') ?? '');
		return asUser(
			() => locals.pb.collection('documents').update(id, { archived: true }),
			'archive'
		);
	},

	restoreDocument: async ({ request, locals }) => {
		const id = String((await request.formData()).get('document') ?? '');
		return asUser(
			() => locals.pb.collection('documents').update(id, { archived: false }),
			'archive'
		);
	}
};

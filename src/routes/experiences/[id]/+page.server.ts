import { error, fail, redirect } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import { can, isRole, type Role } from '$lib/domain/access';
import { getLocale } from '$lib/paraglide/runtime';
import { adminPocketBase } from '$lib/server/pocketbase';
import {
	DOCUMENT_KINDS,
	DOCUMENT_TITLE_MAX,
	createDocumentWithTemplate,
	isDocumentKind
} from '$lib/server/documents';
import type { DocumentRecord, ExperimentRecord, MembershipRecord } from '$lib/server/records';
import type { Actions, PageServerLoad } from './$types';

async function loadRole(
	pb: App.Locals['pb'],
	experimentId: string,
	userId: string
): Promise<Role | null> {
	const membership = await pb
		.collection('memberships')
		.getFirstListItem<MembershipRecord>(
			pb.filter('experiment = {:experiment} && user = {:user}', {
				experiment: experimentId,
				user: userId
			})
		)
		.catch(() => null);
	return isRole(membership?.role) ? membership.role : null;
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const pb = locals.pb;
	let experiment: ExperimentRecord;
	try {
		experiment = await pb.collection('experiments').getOne<ExperimentRecord>(params.id);
	} catch (e) {
		if (e instanceof ClientResponseError && (e.status === 404 || e.status === 403)) {
			error(404, { message: 'Not found' });
		}
		throw e;
	}
	const [role, documents] = await Promise.all([
		loadRole(pb, experiment.id, locals.user!.id),
		pb.collection('documents').getFullList<DocumentRecord>({
			filter: pb.filter('experiment = {:experiment} && archived = false', {
				experiment: experiment.id
			}),
			sort: 'title',
			fields: 'id,kind,title,updated'
		})
	]);
	return {
		experiment: {
			id: experiment.id,
			title: experiment.title,
			summary: experiment.summary ?? '',
			territoryName: experiment.territory_name,
			territoryType: experiment.territory_type,
			status: experiment.status,
			role
		},
		documents: documents.map((d) => ({
			id: d.id,
			title: d.title,
			kind: d.kind,
			updated: d.updated
		})),
		canCreate: can({ role, archived: experiment.status === 'archivee' }, 'edit'),
		kinds: DOCUMENT_KINDS,
		titleMax: DOCUMENT_TITLE_MAX
	};
};

export const actions: Actions = {
	createDocument: async ({ request, locals, params }) => {
		const form = await request.formData();
		const kind = String(form.get('kind') ?? '');
		const title = String(form.get('title') ?? '');
		if (!isDocumentKind(kind)) return fail(400, { kind, title, error: 'kind' as const });

		let result;
		try {
			result = await createDocumentWithTemplate(await adminPocketBase(), {
				experimentId: params.id,
				userId: locals.user!.id,
				kind,
				title,
				locale: getLocale()
			});
		} catch (e) {
			console.error('[documents] creation failed', e);
			return fail(503, { kind, title, error: 'failed' as const });
		}
		if (!result.ok) {
			const status = result.error === 'invalid_title' ? 400 : 403;
			const code = result.error === 'invalid_title' ? ('title' as const) : ('forbidden' as const);
			return fail(status, { kind, title, error: code });
		}
		redirect(303, `/documents/${result.id}`);
	}
};

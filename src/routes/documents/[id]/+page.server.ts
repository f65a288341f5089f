import { redirect } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import { SEANCE_NOTES_KIND } from '$lib/domain/document-kinds';
import { documentAccess } from '$lib/domain/access';
import { memberRole, orgRoleIn } from '$lib/server/members';
import type { DocumentsRecord, ExperimentsRecord } from '$lib/pocketbase/types';
import { colorForUser } from '$server/collab/awareness-guard';
import { notReadable } from '$lib/server/access-help';
import type { SectionBadge } from '$lib/editor/section-badges';
import { sinceLastVisit } from '$lib/server/review/since-visit';
import type { PageServerLoad } from './$types';

type DocumentWithExperiment = Pick<
	DocumentsRecord,
	'id' | 'title' | 'kind' | 'experiment' | 'archived'
> & {
	expand?: { experiment?: Pick<ExperimentsRecord, 'id' | 'title' | 'status' | 'organisation'> };
};

const DOCUMENT_FIELDS = [
	'id,title,kind,experiment,archived',
	'expand.experiment.id,expand.experiment.title,expand.experiment.status,expand.experiment.organisation'
].join(',');

export const load: PageServerLoad = async ({ locals, params, depends }) => {
	depends('trame:document-access');
	const pb = locals.pb;
	const user = locals.user!;
	// Asked at once, beside the document (it needs only the ids): one round trip less before the
	// page's first byte. Its own rows only; discarded if the document cannot be read.
	// A summary that cannot be read must not keep the document from opening.
	const sinceVisit = sinceLastVisit(pb, user.id, params.id).catch(() => null);
	let doc: DocumentWithExperiment;
	try {
		doc = await pb.collection('documents').getOne<DocumentWithExperiment>(params.id, {
			expand: 'experiment',
			// Not `search_text`: the whole text of the document, not needed to open it.
			fields: DOCUMENT_FIELDS
		});
	} catch (e) {
		if (e instanceof ClientResponseError && (e.status === 404 || e.status === 403)) {
			return notReadable(user, { documentId: params.id });
		}
		throw e;
	}
	// A séance's live notes are read and written on the séance's page (its id is the séance's).
	if (doc.kind === SEANCE_NOTES_KIND)
		redirect(303, `/experiences/${doc.experiment}/seances/${doc.id}#notes`);
	const experiment = doc.expand?.experiment;
	const [role, orgRole] = await Promise.all([
		memberRole(pb, doc.experiment, user.id),
		orgRoleIn(pb, experiment?.organisation ?? '', user.id)
	]);
	const archived = doc.archived || experiment?.status === 'archivee';
	return {
		document: { id: doc.id, title: doc.title, kind: doc.kind },
		experiment: experiment ? { id: experiment.id, title: experiment.title } : null,
		access: documentAccess({ role, orgRole, archived }),
		archived,
		// The server overwrites presence identities with the same values; they are shown to others.
		identity: { id: user.id, name: user.name, color: colorForUser(user.id) },
		// Badges beside section headings (margin and outline): features add theirs here.
		sectionBadges: [] as SectionBadge[],
		// What changed since this reader last opened the document (null: first visit, or nothing).
		sinceVisit: await sinceVisit
	};
};

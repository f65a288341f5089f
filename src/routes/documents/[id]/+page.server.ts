import { error } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import { documentAccess, isRole } from '$lib/domain/access';
import { orNullIfMissing } from '$lib/server/pb-errors';
import type { DocumentsRecord, ExperimentsRecord } from '$lib/pocketbase/types';
import { colorForUser } from '$server/collab/awareness-guard';
import type { SectionBadge } from '$lib/editor/section-badges';
import type { PageServerLoad } from './$types';

type DocumentWithExperiment = DocumentsRecord & { expand?: { experiment?: ExperimentsRecord } };

export const load: PageServerLoad = async ({ locals, params, depends }) => {
	depends('trame:document-access');
	const pb = locals.pb;
	const user = locals.user!;
	let doc: DocumentWithExperiment;
	try {
		doc = await pb
			.collection('documents')
			.getOne<DocumentWithExperiment>(params.id, { expand: 'experiment' });
	} catch (e) {
		if (e instanceof ClientResponseError && (e.status === 404 || e.status === 403)) {
			error(404, { message: 'Not found' });
		}
		throw e;
	}
	const experiment = doc.expand?.experiment;
	const membership = await orNullIfMissing(
		pb.collection('memberships').getFirstListItem(
			pb.filter('experiment = {:experiment} && user = {:user}', {
				experiment: doc.experiment,
				user: user.id
			})
		)
	);
	const role = isRole(membership?.role) ? membership.role : null;
	const archived = doc.archived || experiment?.status === 'archivee';
	return {
		document: { id: doc.id, title: doc.title, kind: doc.kind },
		experiment: experiment ? { id: experiment.id, title: experiment.title } : null,
		access: documentAccess({ role, archived }),
		archived,
		// The server overwrites presence identities with the same values; they are shown to others.
		identity: { id: user.id, name: user.name, color: colorForUser(user.id) },
		// Badges beside section headings (margin and outline): features add theirs here.
		sectionBadges: [] as SectionBadge[]
	};
};

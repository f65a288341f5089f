import { isRole, type Role } from '$lib/domain/access';
import {
	excerptAround,
	experimentMatches,
	filtersFromParams,
	hasFilters,
	matchingDocuments,
	recentDocuments
} from '$lib/domain/dashboard';
import { ENJEUX, STATUSES, TERRITORY_TYPES } from '$lib/domain/experiment';
import { NOT_NOTES } from '$lib/domain/document-kinds';
import {
	DOCUMENTS_OF_EXPERIMENTS,
	EXPERIMENTS_ONLY,
	experimentView
} from '$lib/server/experiments';
import { remindDueReviews } from '$lib/server/governance/reminders-app';
import { myFollowUps } from '$lib/server/seances/my-actions';
import { myOrganisations } from '$lib/server/organisations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = locals.user!;
	const pb = locals.pb;
	const filters = filtersFromParams(url.searchParams);
	// API rules limit every list to the experiments the user can read. The documents' text is
	// only fetched when searching.
	const [experiments, memberships, documents, myActions, organisations] = await Promise.all([
		pb.collection('experiments').getFullList({ filter: EXPERIMENTS_ONLY, sort: '-updated' }),
		pb
			.collection('memberships')
			.getFullList({ filter: pb.filter('user = {:user}', { user: user.id }) }),
		pb.collection('documents').getFullList({
			filter: `archived = false && ${NOT_NOTES} && ${DOCUMENTS_OF_EXPERIMENTS}`,
			sort: 'title',
			fields: `id,experiment,kind,title,updated${filters.query ? ',search_text' : ''}`
		}),
		myFollowUps(pb, user.id),
		myOrganisations(pb, user.id)
	]);
	// Review dates that came: each member is notified once per decision (governance).
	await remindDueReviews(memberships.map((m) => m.experiment));
	const roles = new Map(memberships.map((m) => [m.experiment, m.role]));
	const docs = documents.map((d) => ({
		id: d.id,
		experiment: d.experiment,
		title: d.title,
		kind: d.kind,
		updated: d.updated,
		searchText: d.search_text ?? ''
	}));
	const titles = new Map(experiments.map((e) => [e.id, e.title]));
	const shown = experiments
		.map((record) => {
			const view = experimentView(record);
			const own = docs.filter((d) => d.experiment === record.id);
			return { view, own };
		})
		.filter(({ view, own }) => experimentMatches(view, own, filters));
	const strip = ({ id, title, kind, updated }: (typeof docs)[number]) => ({
		id,
		title,
		kind,
		updated
	});
	return {
		filters,
		filtered: hasFilters(filters),
		myActions,
		organisations,
		options: { statuses: STATUSES, enjeux: ENJEUX, territoryTypes: TERRITORY_TYPES },
		experiments: shown.map(({ view, own }) => {
			const role = roles.get(view.id);
			return {
				...view,
				role: isRole(role) ? role : (null as Role | null),
				documents: own.map(strip),
				found: matchingDocuments(own, filters.query).map((d) => ({
					...strip(d),
					excerpt: excerptAround(d.searchText, filters.query)
				}))
			};
		}),
		recent: recentDocuments(docs, 5).map((d) => ({
			...strip(d),
			experimentTitle: titles.get(d.experiment) ?? ''
		}))
	};
};

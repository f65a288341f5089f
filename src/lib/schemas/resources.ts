/**
 * Input schemas of the resource centre: the catalogue's query (`/ressources` and its feeds;
 * everything optional: an empty query is the whole catalogue) and the editorial path's forms.
 */
import { ENJEUX, TERRITORY_TYPES } from '../domain/experiment';
import {
	LICENCES,
	QUERY_MAX,
	RESOURCE_KINDS,
	RESOURCE_YEARS,
	SUMMARY_MAX
} from '../domain/resources';
import {
	AUTHORS_MAX,
	EDITORIAL_BODY_MAX,
	EDITORIAL_KINDS,
	YEAR_MAX,
	YEAR_MIN
} from '../domain/editorial';
import * as f from './fields';

/** `GET /ressources?q=…&kind=…&enjeu=…&territoire=…&annee=…&organisation=…&experience=…` (and the feeds). */
export const catalogueQuery = f.form({
	q: f.text({ max: QUERY_MAX }),
	kind: f.optionalChoice(RESOURCE_KINDS),
	enjeu: f.optionalChoice(ENJEUX),
	territoire: f.optionalChoice(TERRITORY_TYPES),
	annee: f.optionalChoice(RESOURCE_YEARS),
	organisation: f.id({ required: false }),
	experience: f.id({ required: false })
});

/** `/documents/<id>/publication?/propose`: the facts of a document proposed for publication. */
export const proposal = f.form({
	kind: f.choice(EDITORIAL_KINDS, { pb: 'editorial_proposals.kind' }),
	summary: f.text({
		max: SUMMARY_MAX,
		required: true,
		multiline: true,
		pb: 'editorial_proposals.summary',
		requiredBeyondCollection: true
	}),
	enjeux: f.choices(ENJEUX, {
		min: 1,
		pb: 'editorial_proposals.enjeux',
		requiredBeyondCollection: true
	}),
	territoryType: f.choice(TERRITORY_TYPES, {
		pb: 'editorial_proposals.territory_type',
		requiredBeyondCollection: true
	}),
	year: f.integer({ min: YEAR_MIN, max: YEAR_MAX, pb: 'editorial_proposals.year' }),
	authors: f.text({
		max: AUTHORS_MAX,
		required: true,
		pb: 'editorial_proposals.authors',
		requiredBeyondCollection: true
	}),
	licence: f.choice(LICENCES, {
		pb: 'editorial_proposals.licence',
		requiredBeyondCollection: true
	})
});

/** `?/comment` and `?/requestChanges` (a text required), `?/publish` (a note, optional). */
export const editorialNote = f.form({
	body: f.text({ max: EDITORIAL_BODY_MAX, multiline: true, pb: 'editorial_events.body' })
});

export const editorialRequired = f.form({
	body: f.text({
		max: EDITORIAL_BODY_MAX,
		required: true,
		multiline: true,
		pb: 'editorial_events.body',
		requiredBeyondCollection: true
	})
});

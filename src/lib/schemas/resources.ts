/**
 * Input schemas of the public resource centre: the catalogue's query (`/ressources` and its
 * feeds). Everything optional: an empty query is the whole catalogue.
 */
import { ENJEUX, TERRITORY_TYPES } from '../domain/experiment';
import { QUERY_MAX, RESOURCE_KINDS, RESOURCE_YEARS } from '../domain/resources';
import * as f from './fields';

/** `GET /ressources?q=…&kind=…&enjeu=…&territoire=…&annee=…&experience=…` (and the feeds). */
export const catalogueQuery = f.form({
	q: f.text({ max: QUERY_MAX }),
	kind: f.optionalChoice(RESOURCE_KINDS),
	enjeu: f.optionalChoice(ENJEUX),
	territoire: f.optionalChoice(TERRITORY_TYPES),
	annee: f.optionalChoice(RESOURCE_YEARS),
	experience: f.id({ required: false })
});

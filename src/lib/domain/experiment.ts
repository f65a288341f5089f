/**
 * Experiments: territory types, the 8 challenges (enjeux) of local democracy, the status
 * lifecycle, and validation of an experiment's editable fields. Codes here are stored as-is in
 * PocketBase select fields; labels live in the UI's messages.
 */

export const TERRITORY_TYPES = [
	'region',
	'departement',
	'metropole',
	'intercommunalite',
	'commune',
	'village'
] as const;
export type TerritoryType = (typeof TERRITORY_TYPES)[number];

/** The 8 challenges of local democracy, in DOMAIN.md's order. */
export const ENJEUX = [
	'diversification',
	'massification',
	'engagement',
	'pouvoir_agir',
	'perennisation',
	'co_construction',
	'co_decision',
	'confiance'
] as const;
export type Enjeu = (typeof ENJEUX)[number];

export const STATUSES = [
	'idee',
	'conception',
	'en_cours',
	'evaluation',
	'terminee',
	'archivee'
] as const;
export type Status = (typeof STATUSES)[number];

/**
 * Allowed status changes: forward along idée → conception → en cours → évaluation → terminée, one
 * step back to correct a mistake, and archiving from anywhere (restoring returns to terminée).
 */
const NEXT: Readonly<Record<Status, readonly Status[]>> = {
	idee: ['conception', 'archivee'],
	conception: ['en_cours', 'idee', 'archivee'],
	en_cours: ['evaluation', 'conception', 'archivee'],
	evaluation: ['terminee', 'en_cours', 'archivee'],
	terminee: ['evaluation', 'archivee'],
	archivee: ['terminee']
};

export function canChangeStatus(from: Status, to: Status): boolean {
	return NEXT[from].includes(to);
}

export interface ExperimentInput {
	title: string;
	territoryName: string;
	territoryType: string;
	enjeux: readonly string[];
	summary: string;
	/** ISO dates (YYYY-MM-DD) or empty. */
	startDate: string;
	endDate: string;
}

export type ExperimentField = keyof ExperimentInput;

/** Stable error codes; the UI turns them into messages. */
export type ExperimentError =
	| 'title_required'
	| 'title_too_long'
	| 'territory_name_required'
	| 'territory_type_invalid'
	| 'enjeux_required'
	| 'enjeu_invalid'
	| 'summary_too_long'
	| 'date_invalid'
	| 'end_before_start';

export type ValidationResult<F extends string, E extends string> =
	{ ok: true } | { ok: false; errors: Partial<Record<F, E>> };

export const TITLE_MAX = 200;
export const SUMMARY_MAX = 2000;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for an existing calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
	if (!ISO_DATE.test(value)) return false;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function validateExperiment(
	input: ExperimentInput
): ValidationResult<ExperimentField, ExperimentError> {
	const errors: Partial<Record<ExperimentField, ExperimentError>> = {};
	const title = input.title.trim();
	if (title.length === 0) errors.title = 'title_required';
	else if (title.length > TITLE_MAX) errors.title = 'title_too_long';
	if (input.territoryName.trim().length === 0) errors.territoryName = 'territory_name_required';
	if (!(TERRITORY_TYPES as readonly string[]).includes(input.territoryType))
		errors.territoryType = 'territory_type_invalid';
	if (input.enjeux.length === 0) errors.enjeux = 'enjeux_required';
	else if (input.enjeux.some((e) => !(ENJEUX as readonly string[]).includes(e)))
		errors.enjeux = 'enjeu_invalid';
	if (input.summary.length > SUMMARY_MAX) errors.summary = 'summary_too_long';
	if (input.startDate !== '' && !isIsoDate(input.startDate)) errors.startDate = 'date_invalid';
	if (input.endDate !== '' && !isIsoDate(input.endDate)) errors.endDate = 'date_invalid';
	if (
		!errors.startDate &&
		!errors.endDate &&
		input.startDate !== '' &&
		input.endDate !== '' &&
		input.endDate < input.startDate
	)
		errors.endDate = 'end_before_start';
	return Object.keys(errors).length === 0 ? { ok: true } : { ok: false, errors };
}

/** Localised labels of the structured parts (browser and server rendering). */
import { m } from '$lib/paraglide/messages';
import type { PartKind } from '$lib/domain/structured-parts';
import type { StructuredError } from '$lib/domain/structured';
import type { Enjeu } from '$lib/domain/experiment';

type Label = () => string;

export const PART_TITLE: Record<PartKind, Label> = {
	enjeux: m.structured_part_enjeux,
	copil: m.structured_part_copil,
	calendar: m.structured_part_calendar,
	budget: m.structured_part_budget,
	indicators: m.structured_part_indicators
};

export const PART_ADD: Record<PartKind, Label> = {
	enjeux: m.structured_add_enjeux,
	copil: m.structured_add_copil,
	calendar: m.structured_add_calendar,
	budget: m.structured_add_budget,
	indicators: m.structured_add_indicators
};

const FIELD: Record<string, Label> = {
	'enjeux.why': m.structured_field_enjeux_why,
	'copil.name': m.structured_field_copil_name,
	'copil.organisation': m.structured_field_copil_organisation,
	'copil.college': m.structured_field_copil_college,
	'calendar.phase': m.structured_field_calendar_phase,
	'calendar.date': m.structured_field_calendar_date,
	'calendar.owner': m.structured_field_calendar_owner,
	'budget.item': m.structured_field_budget_item,
	'budget.amount': m.structured_field_budget_amount,
	'budget.funder': m.structured_field_budget_funder,
	'indicators.name': m.structured_field_indicators_name,
	'indicators.baseline': m.structured_field_indicators_baseline,
	'indicators.target': m.structured_field_indicators_target,
	'indicators.source': m.structured_field_indicators_source
};

export const fieldLabel = (kind: PartKind, field: string): string =>
	FIELD[`${kind}.${field}`]?.() ?? field;

export const ENJEU_LABEL: Record<Enjeu, Label> = {
	diversification: m.structured_enjeu_diversification,
	massification: m.structured_enjeu_massification,
	engagement: m.structured_enjeu_engagement,
	pouvoir_agir: m.structured_enjeu_pouvoir_agir,
	perennisation: m.structured_enjeu_perennisation,
	co_construction: m.structured_enjeu_co_construction,
	co_decision: m.structured_enjeu_co_decision,
	confiance: m.structured_enjeu_confiance
};

const ERROR: Record<StructuredError, Label> = {
	required: m.structured_error_required,
	too_long: m.structured_error_too_long,
	date_invalid: m.structured_error_date_invalid,
	amount_invalid: m.structured_error_amount_invalid,
	amount_negative: m.structured_error_amount_negative,
	amount_too_large: m.structured_error_amount_too_large,
	enjeu_invalid: m.structured_error_enjeu_invalid
};

export const errorMessage = (error: StructuredError): string => ERROR[error]();

/**
 * Experiments as the app writes them: form data → domain input → PocketBase body, and the
 * PocketBase fields → what pages show. Writes go through the user's own client, so the API rules
 * and hooks (the invariants' owners) decide; the domain check only gives better messages first.
 */
import { ClientResponseError } from 'pocketbase';
import { isRole, type Role } from '../domain/access';
import {
	ENJEUX,
	validateExperiment,
	type ExperimentError,
	type ExperimentField,
	type ExperimentInput
} from '../domain/experiment';
import type { ExperimentsRecord, TypedPocketBase } from '../pocketbase/types';

export function experimentInputFrom(form: FormData): ExperimentInput {
	const text = (name: string) => String(form.get(name) ?? '');
	return {
		title: text('title').trim(),
		territoryName: text('territoryName').trim(),
		territoryType: text('territoryType'),
		enjeux: form
			.getAll('enjeux')
			.map(String)
			.filter((v, i, all) => all.indexOf(v) === i),
		summary: text('summary').trim(),
		startDate: text('startDate').trim(),
		endDate: text('endDate').trim()
	};
}

/** PocketBase date field value of a YYYY-MM-DD date ('' clears it). */
const pbDate = (value: string) => (value === '' ? '' : `${value} 00:00:00.000Z`);

export function experimentBody(input: ExperimentInput): Record<string, unknown> {
	return {
		title: input.title,
		territory_name: input.territoryName,
		territory_type: input.territoryType,
		enjeux: input.enjeux,
		summary: input.summary,
		start_date: pbDate(input.startDate),
		end_date: pbDate(input.endDate)
	};
}

const PB_FIELDS: Record<string, ExperimentField> = {
	title: 'title',
	territory_name: 'territoryName',
	territory_type: 'territoryType',
	enjeux: 'enjeux',
	summary: 'summary',
	start_date: 'startDate',
	end_date: 'endDate'
};

const KNOWN_CODES = new Set<string>([
	'title_required',
	'title_too_long',
	'territory_name_required',
	'territory_type_invalid',
	'enjeux_required',
	'enjeu_invalid',
	'summary_too_long',
	'date_invalid',
	'end_before_start'
]);

/** Field errors of a PocketBase 400 (hook or schema validation), in the domain's codes. */
export function experimentErrorsFromPocketBase(
	error: unknown
): Partial<Record<ExperimentField, ExperimentError>> | null {
	if (!(error instanceof ClientResponseError) || error.status !== 400) return null;
	const data = (error.response as { data?: Record<string, { code?: string }> }).data ?? {};
	const errors: Partial<Record<ExperimentField, ExperimentError>> = {};
	for (const [field, detail] of Object.entries(data)) {
		const key = PB_FIELDS[field];
		if (!key) continue;
		const code = detail?.code ?? '';
		if (KNOWN_CODES.has(code)) errors[key] = code as ExperimentError;
		else if (key === 'startDate' || key === 'endDate') errors[key] = 'date_invalid';
	}
	return Object.keys(errors).length > 0 ? errors : null;
}

export { validateExperiment, ENJEUX };

export interface ExperimentView {
	id: string;
	title: string;
	territoryName: string;
	territoryType: string;
	status: string;
	enjeux: string[];
	summary: string;
	startDate: string;
	endDate: string;
	updated: string;
}

export function experimentView(record: ExperimentsRecord): ExperimentView {
	return {
		id: record.id,
		title: record.title,
		territoryName: record.territory_name ?? '',
		territoryType: record.territory_type ?? '',
		status: record.status,
		enjeux: Array.isArray(record.enjeux) ? record.enjeux.map(String) : [],
		summary: record.summary ?? '',
		startDate: (record.start_date ?? '').slice(0, 10),
		endDate: (record.end_date ?? '').slice(0, 10),
		updated: record.updated ?? ''
	};
}

/** The user's role in an experiment (null if not a member), read with the user's client. */
export async function roleIn(
	pb: TypedPocketBase,
	experimentId: string,
	userId: string
): Promise<Role | null> {
	const membership = await pb
		.collection('memberships')
		.getFirstListItem(
			pb.filter('experiment = {:experiment} && user = {:user}', {
				experiment: experimentId,
				user: userId
			})
		)
		.catch((error: unknown) => {
			if (error instanceof ClientResponseError && error.status === 404) return null;
			throw error;
		});
	return isRole(membership?.role) ? membership.role : null;
}

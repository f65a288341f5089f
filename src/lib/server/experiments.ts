/**
 * Experiments as the app writes them: the form's validated input (src/lib/schemas/workspace.ts)
 * → PocketBase body, and the PocketBase fields → what pages show. Writes go through the user's
 * own client, so the API rules and hooks (the invariants' owners) decide.
 */
import { ClientResponseError } from 'pocketbase';
import { isRole, type Role } from '../domain/access';
import type { ExperimentInput } from '../domain/experiment';
import type { ExperimentsRecord, TypedPocketBase } from '../pocketbase/types';

/**
 * Filters that leave out organisations' governance spaces (owners of kind `organisation`, see
 * docs/architecture.md): they are not experiments in lists, counts, the portfolio or searches.
 */
export const EXPERIMENTS_ONLY = "kind != 'organisation'";
export const DOCUMENTS_OF_EXPERIMENTS = "experiment.kind != 'organisation'";

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

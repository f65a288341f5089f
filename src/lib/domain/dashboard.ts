/**
 * Dashboard filtering: by status, enjeu and territory type, and a search over titles, territory,
 * summary and documents' text. Pure: the caller passes the rows it may show.
 */
import {
	ENJEUX,
	STATUSES,
	TERRITORY_TYPES,
	type Enjeu,
	type Status,
	type TerritoryType
} from './experiment';

export interface DashboardFilters {
	status: Status | null;
	enjeu: Enjeu | null;
	territoryType: TerritoryType | null;
	query: string;
}

export const QUERY_MAX = 200;

function pick<T extends string>(values: readonly T[], raw: string | null): T | null {
	return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : null;
}

/** Filters from URL search params; unknown values are ignored rather than rejected. */
export function filtersFromParams(params: URLSearchParams): DashboardFilters {
	return {
		status: pick(STATUSES, params.get('statut')),
		enjeu: pick(ENJEUX, params.get('enjeu')),
		territoryType: pick(TERRITORY_TYPES, params.get('territoire')),
		query: (params.get('q') ?? '').trim().slice(0, QUERY_MAX)
	};
}

export function hasFilters(filters: DashboardFilters): boolean {
	return (
		filters.status !== null ||
		filters.enjeu !== null ||
		filters.territoryType !== null ||
		filters.query !== ''
	);
}

/** Lower case without diacritics, so "epreuve" finds "Épreuve". */
export function foldText(value: string): string {
	return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** True if every word of the query appears in one of the texts. */
export function matchesQuery(query: string, texts: readonly string[]): boolean {
	const words = foldText(query).split(/\s+/).filter(Boolean);
	if (words.length === 0) return true;
	const haystack = texts.map(foldText).join('\n');
	return words.every((word) => haystack.includes(word));
}

export interface FilterableExperiment {
	title: string;
	territoryName: string;
	territoryType: string;
	status: string;
	enjeux: readonly string[];
	summary: string;
}

export interface FilterableDocument {
	title: string;
	searchText: string;
}

export function experimentMatches(
	experiment: FilterableExperiment,
	documents: readonly FilterableDocument[],
	filters: DashboardFilters
): boolean {
	if (filters.status !== null && experiment.status !== filters.status) return false;
	// "Archivée" is hidden unless asked for: the dashboard shows the work in progress.
	if (filters.status === null && experiment.status === 'archivee') return false;
	if (filters.enjeu !== null && !experiment.enjeux.includes(filters.enjeu)) return false;
	if (filters.territoryType !== null && experiment.territoryType !== filters.territoryType)
		return false;
	return matchesQuery(filters.query, [
		experiment.title,
		experiment.territoryName,
		experiment.summary,
		...documents.flatMap((d) => [d.title, d.searchText])
	]);
}

/** Documents whose title or text matches the query (for "found in" hints). */
export function matchingDocuments<D extends FilterableDocument>(
	documents: readonly D[],
	query: string
): D[] {
	if (query.trim() === '') return [];
	return documents.filter((d) => matchesQuery(query, [d.title, d.searchText]));
}

/** A short excerpt of `text` around the first word of the query, for search results. */
export function excerptAround(text: string, query: string, radius = 60): string {
	const word = foldText(query).split(/\s+/).find(Boolean);
	if (!word) return '';
	// Fold character by character so a match maps back to positions in the original text.
	let folded = '';
	const origin: number[] = [];
	for (let i = 0; i < text.length; i++) {
		const part = foldText(text[i]!);
		folded += part;
		for (let k = 0; k < part.length; k++) origin.push(i);
	}
	const index = folded.indexOf(word);
	if (index < 0) return '';
	const from = origin[index]!;
	const to = origin[index + word.length - 1]! + 1;
	const start = Math.max(0, from - radius);
	const end = Math.min(text.length, to + radius);
	const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
	return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`;
}

/** The `limit` most recently edited documents, newest first. */
export function recentDocuments<D extends { updated: string }>(
	documents: readonly D[],
	limit = 5
): D[] {
	return [...documents].sort((a, b) => b.updated.localeCompare(a.updated)).slice(0, limit);
}

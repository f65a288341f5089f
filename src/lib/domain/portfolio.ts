/**
 * The portfolio of an organisation at a glance: experiments by status, enjeu and territory type,
 * milestones, séances and review dates, planned budget, decisions per month, open and overdue
 * actions, all narrowed by the same filters (read from the URL). Pure: the caller passes the rows
 * the viewer may see and today's date.
 */
import {
	ENJEUX,
	STATUSES,
	TERRITORY_TYPES,
	type Enjeu,
	type Status,
	type TerritoryType
} from './experiment';

export interface PortfolioFilters {
	status: Status | null;
	enjeu: Enjeu | null;
	territoryType: TerritoryType | null;
	/** First and last month of the period ("2027-01"), inclusive; null = unbounded. */
	from: string | null;
	to: string | null;
}

export const NO_FILTERS: PortfolioFilters = {
	status: null,
	enjeu: null,
	territoryType: null,
	from: null,
	to: null
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function pick<T extends string>(values: readonly T[], raw: string | null): T | null {
	return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : null;
}

function month(raw: string | null): string | null {
	const value = (raw ?? '').trim();
	return MONTH.test(value) ? value : null;
}

/**
 * Filters from URL search params (the names the form uses). Unknown values are ignored rather
 * than rejected, and a period given backwards is turned round.
 */
export function portfolioFiltersFromParams(params: URLSearchParams): PortfolioFilters {
	let from = month(params.get('du'));
	let to = month(params.get('au'));
	if (from && to && from > to) [from, to] = [to, from];
	return {
		status: pick(STATUSES, params.get('statut')),
		enjeu: pick(ENJEUX, params.get('enjeu')),
		territoryType: pick(TERRITORY_TYPES, params.get('territoire')),
		from,
		to
	};
}

/** The filters as URL search params (empty ones left out), for links that keep them. */
export function portfolioParams(filters: PortfolioFilters): URLSearchParams {
	const params = new URLSearchParams();
	if (filters.status) params.set('statut', filters.status);
	if (filters.enjeu) params.set('enjeu', filters.enjeu);
	if (filters.territoryType) params.set('territoire', filters.territoryType);
	if (filters.from) params.set('du', filters.from);
	if (filters.to) params.set('au', filters.to);
	return params;
}

export function hasPortfolioFilters(filters: PortfolioFilters): boolean {
	return Object.values(filters).some((value) => value !== null);
}

export interface PortfolioExperiment {
	id: string;
	title: string;
	status: string;
	enjeux: readonly string[];
	territoryType: string;
	territoryName: string;
}

/** A calendar row of a protocol (its date read as ISO), with the document it lives in. */
export interface PortfolioMilestone {
	experimentId: string;
	documentId: string;
	phase: string;
	date: string;
	owner: string;
}

/** A budget row of a protocol: its amount in cents, or null when missing or unreadable. */
export interface PortfolioBudgetLine {
	experimentId: string;
	documentId: string;
	item: string;
	cents: number | null;
}

export interface PortfolioSeance {
	id: string;
	experimentId: string;
	title: string;
	/** An instant, ISO or PocketBase form ("2027-03-12 18:00:00.000Z"). */
	startsAt: string;
}

export interface PortfolioDecision {
	id: string;
	experimentId: string;
	title: string;
	decidedAt: string;
	/** Date of review, or '' when none was set. */
	reviewDate: string;
}

export interface PortfolioAction {
	id: string;
	experimentId: string;
	what: string;
	/** Due date (ISO day or instant), or '' when none. */
	dueDate: string;
	status: string;
}

export interface PortfolioRows {
	experiments: readonly PortfolioExperiment[];
	milestones: readonly PortfolioMilestone[];
	budgetLines: readonly PortfolioBudgetLine[];
	seances: readonly PortfolioSeance[];
	decisions: readonly PortfolioDecision[];
	actions: readonly PortfolioAction[];
}

/** One bar of a count chart: a code (status, enjeu, territory type) and what it counts. */
export interface CategoryCount<C extends string = string> {
	key: C;
	count: number;
}

export interface DatedEvent {
	kind: 'milestone' | 'seance' | 'review';
	/** The calendar day (YYYY-MM-DD). */
	date: string;
	experimentId: string;
	label: string;
	/** The record it points to: a séance or decision id, or the protocol's document id. */
	targetId: string;
}

export interface ExperimentBudget {
	experimentId: string;
	cents: number;
	lines: number;
	/** Lines left out of the sum because their amount is missing or unreadable. */
	unreadable: number;
	documentId: string;
}

export interface MonthCount {
	month: string;
	count: number;
}

export interface ExperimentActions {
	experimentId: string;
	/** Open actions (to do or under way) whose due date is not past. */
	onTime: number;
	/** Open actions whose due date is before today. */
	overdue: number;
}

export interface PortfolioSummary {
	experiments: PortfolioExperiment[];
	byStatus: CategoryCount<Status>[];
	byEnjeu: CategoryCount<Enjeu>[];
	byTerritoryType: CategoryCount<TerritoryType>[];
	milestones: DatedEvent[];
	meetings: DatedEvent[];
	budgets: ExperimentBudget[];
	decisionsPerMonth: MonthCount[];
	/** The decisions counted by month, newest first, for the table and its links. */
	decisionList: PortfolioDecision[];
	actions: ExperimentActions[];
	/** The open actions themselves, overdue first, for the table and its links. */
	openActions: (PortfolioAction & { overdue: boolean })[];
}

export const OPEN_ACTION_STATUSES: readonly string[] = ['todo', 'doing'];

/** The calendar day of a date or an instant as stored ("2027-03-12 18:00:00.000Z" → 2027-03-12). */
export function dayOf(value: string): string {
	return value.slice(0, 10);
}

function inPeriod(day: string, filters: PortfolioFilters): boolean {
	const m = day.slice(0, 7);
	return (filters.from === null || m >= filters.from) && (filters.to === null || m <= filters.to);
}

export function experimentInFilters(
	experiment: PortfolioExperiment,
	filters: PortfolioFilters
): boolean {
	if (filters.status !== null && experiment.status !== filters.status) return false;
	if (filters.enjeu !== null && !experiment.enjeux.includes(filters.enjeu)) return false;
	return filters.territoryType === null || experiment.territoryType === filters.territoryType;
}

function countBy<C extends string>(
	codes: readonly C[],
	experiments: readonly PortfolioExperiment[],
	has: (experiment: PortfolioExperiment, code: C) => boolean
): CategoryCount<C>[] {
	return codes.map((key) => ({ key, count: experiments.filter((e) => has(e, key)).length }));
}

const byDate = (a: DatedEvent, b: DatedEvent) =>
	a.date.localeCompare(b.date) || a.label.localeCompare(b.label, 'fr');

/** Every month from `first` to `last` (YYYY-MM), so that a month with no decision shows as 0. */
export function monthsBetween(first: string, last: string): string[] {
	const months: string[] = [];
	let [year, mon] = first.split('-').map(Number) as [number, number];
	for (let guard = 0; guard < 600; guard++) {
		const value = `${year}-${String(mon).padStart(2, '0')}`;
		if (value > last) break;
		months.push(value);
		mon += 1;
		if (mon > 12) [year, mon] = [year + 1, 1];
	}
	return months;
}

/**
 * The portfolio under the filters. Experiment filters narrow every chart; the period narrows
 * what is dated (milestones, séances, review dates, decisions, actions' due dates; actions with no
 * due date stay in, they are never overdue). `today` is the viewer's calendar day (YYYY-MM-DD).
 */
export function summarisePortfolio(
	rows: PortfolioRows,
	filters: PortfolioFilters,
	today: string
): PortfolioSummary {
	const experiments = rows.experiments
		.filter((e) => experimentInFilters(e, filters))
		.sort((a, b) => a.title.localeCompare(b.title, 'fr'));
	const kept = new Set(experiments.map((e) => e.id));
	const ofKept = <R extends { experimentId: string }>(list: readonly R[]) =>
		list.filter((row) => kept.has(row.experimentId));

	const milestones = ofKept(rows.milestones)
		.filter((m) => inPeriod(m.date, filters))
		.map((m): DatedEvent => ({
			kind: 'milestone',
			date: dayOf(m.date),
			experimentId: m.experimentId,
			label: m.phase,
			targetId: m.documentId
		}))
		.sort(byDate);

	const meetings = [
		...ofKept(rows.seances).map((s): DatedEvent => ({
			kind: 'seance',
			date: dayOf(s.startsAt),
			experimentId: s.experimentId,
			label: s.title,
			targetId: s.id
		})),
		...ofKept(rows.decisions)
			.filter((d) => d.reviewDate !== '')
			.map((d): DatedEvent => ({
				kind: 'review',
				date: dayOf(d.reviewDate),
				experimentId: d.experimentId,
				label: d.title,
				targetId: d.id
			}))
	]
		.filter((event) => inPeriod(event.date, filters))
		.sort(byDate);

	const budgets = experiments.flatMap((e): ExperimentBudget[] => {
		const lines = rows.budgetLines.filter((line) => line.experimentId === e.id);
		if (lines.length === 0) return [];
		return [
			{
				experimentId: e.id,
				cents: lines.reduce((sum, line) => sum + (line.cents ?? 0), 0),
				lines: lines.length,
				unreadable: lines.filter((line) => line.cents === null).length,
				documentId: lines[0]!.documentId
			}
		];
	});

	const decisionList = ofKept(rows.decisions)
		.filter((d) => inPeriod(dayOf(d.decidedAt), filters))
		.sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
	const decided = decisionList.map((d) => dayOf(d.decidedAt).slice(0, 7)).sort();
	const decisionsPerMonth =
		decided.length === 0
			? []
			: monthsBetween(filters.from ?? decided[0]!, filters.to ?? decided[decided.length - 1]!).map(
					(m) => ({ month: m, count: decided.filter((d) => d === m).length })
				);

	const openActions = ofKept(rows.actions)
		.filter((a) => OPEN_ACTION_STATUSES.includes(a.status))
		.filter((a) => a.dueDate === '' || inPeriod(dayOf(a.dueDate), filters))
		.map((a) => ({ ...a, overdue: a.dueDate !== '' && dayOf(a.dueDate) < today }))
		.sort(
			(a, b) =>
				Number(b.overdue) - Number(a.overdue) ||
				(a.dueDate || '9999').localeCompare(b.dueDate || '9999') ||
				a.what.localeCompare(b.what, 'fr')
		);
	const actions = experiments.flatMap((e): ExperimentActions[] => {
		const mine = openActions.filter((a) => a.experimentId === e.id);
		if (mine.length === 0) return [];
		const overdue = mine.filter((a) => a.overdue).length;
		return [{ experimentId: e.id, onTime: mine.length - overdue, overdue }];
	});

	return {
		experiments,
		byStatus: countBy(STATUSES, experiments, (e, s) => e.status === s),
		byEnjeu: countBy(ENJEUX, experiments, (e, x) => e.enjeux.includes(x)),
		byTerritoryType: countBy(TERRITORY_TYPES, experiments, (e, t) => e.territoryType === t),
		milestones,
		meetings,
		budgets,
		decisionsPerMonth,
		decisionList,
		actions,
		openActions
	};
}

/**
 * The portfolio page's data: the summary's numbers with their labels and links (read by the data
 * tables) and the charts drawn from those same rows (so a chart and its table never disagree).
 * Links are resolved here, against the app's base path.
 */
import { resolve } from '$app/paths';
import { m } from '$lib/paraglide/messages';
import { enjeuLabel, statusLabel, territoryLabel } from '$lib/i18n/labels';
import { formatAmount, formatDay, type FormatLocale } from '$lib/i18n/format';
import {
	portfolioParams,
	type DatedEvent,
	type PortfolioFilters,
	type PortfolioSummary
} from '$lib/domain/portfolio';
import { barChart, timelineChart, type BarDatum, type TimelineEvent } from './charts';

export interface CountRow {
	key: string;
	label: string;
	count: number;
	href: string;
}

export interface EventRow {
	kind: DatedEvent['kind'];
	date: string;
	dateText: string;
	label: string;
	experiment: string;
	href: string;
}

export interface PortfolioView {
	status: { svg: string; rows: CountRow[] };
	enjeu: { svg: string; rows: CountRow[] };
	territory: { svg: string; rows: CountRow[] };
	milestones: { svg: string | null; rows: EventRow[] };
	meetings: { svg: string | null; rows: EventRow[] };
	budget: {
		svg: string | null;
		rows: { title: string; amount: string; lines: number; unreadable: number; href: string }[];
	};
	decisions: {
		svg: string | null;
		rows: CountRow[];
		list: { title: string; experiment: string; dateText: string; href: string }[];
	};
	actions: {
		svg: string | null;
		rows: { title: string; onTime: number; overdue: number; href: string }[];
		list: {
			what: string;
			experiment: string;
			dueText: string;
			overdue: boolean;
			href: string;
		}[];
	};
	experiments: {
		id: string;
		title: string;
		status: string;
		territory: string;
		enjeux: string;
		href: string;
	}[];
}

/** "Title. A : 1, B : 0." — French puts a (no-break) space before a colon. */
const colon = (locale: FormatLocale) => (locale === 'fr' ? '\u00a0: ' : ': ');

export function portfolioView(
	organisationId: string,
	summary: PortfolioSummary,
	filters: PortfolioFilters,
	today: string,
	locale: FormatLocale
): PortfolioView {
	const summaryOf = (title: string, rows: readonly { label: string; count: number }[]) =>
		`${title}. ${rows.map((r) => `${r.label}${colon(locale)}${r.count}`).join(', ')}.`;
	const base = resolve('/organisations/[id]/portefeuille', { id: organisationId });
	/** The portfolio narrowed by one more filter, at its list of experiments. */
	const narrowed = (change: Partial<PortfolioFilters>, anchor = 'experiences') => {
		const query = portfolioParams({ ...filters, ...change }).toString();
		return `${base}${query ? `?${query}` : ''}#${anchor}`;
	};
	const titles = new Map(summary.experiments.map((e) => [e.id, e.title]));
	const titleOf = (id: string) => titles.get(id) ?? '';

	const countRows = (
		counts: readonly { key: string; count: number }[],
		label: (key: string) => string,
		filter: keyof PortfolioFilters
	): CountRow[] =>
		counts.map((c) => ({
			key: c.key,
			label: label(c.key),
			count: c.count,
			href: narrowed({ [filter]: c.key })
		}));
	const countChart = (title: string, rows: CountRow[]) => ({
		rows,
		svg: barChart(
			rows.map((r): BarDatum => ({
				key: r.key,
				label: r.label,
				value: r.count,
				valueText: String(r.count),
				href: r.href,
				description: m.portfolio_bar_experiments({ label: r.label, count: r.count })
			})),
			summaryOf(title, rows)
		)
	});

	const kindLabel = {
		milestone: m.portfolio_kind_milestone(),
		seance: m.portfolio_kind_seance(),
		review: m.portfolio_kind_review()
	};
	const eventHref = (e: DatedEvent) =>
		e.kind === 'milestone'
			? resolve('/documents/[id]', { id: e.targetId })
			: e.kind === 'seance'
				? resolve('/experiences/[id]/seances/[seance]', { id: e.experimentId, seance: e.targetId })
				: `${resolve('/experiences/[id]/decisions', { id: e.experimentId })}#decision-${e.targetId}`;
	const eventRows = (events: readonly DatedEvent[]): EventRow[] =>
		events.map((e) => ({
			kind: e.kind,
			date: e.date,
			dateText: formatDay(e.date, locale),
			label: e.label,
			experiment: titleOf(e.experimentId),
			href: eventHref(e)
		}));
	const timeline = (title: string, events: readonly DatedEvent[], rows: EventRow[]) => {
		if (events.length === 0) return null;
		const lines = summary.experiments.filter((x) => events.some((e) => e.experimentId === x.id));
		return timelineChart(
			lines.map((x) => ({ key: x.id, label: x.title })),
			events.map((e, i): TimelineEvent => ({
				rowKey: e.experimentId,
				date: e.date,
				kind: e.kind,
				href: rows[i]!.href,
				description: m.portfolio_event({
					kind: kindLabel[e.kind],
					label: e.label,
					experiment: rows[i]!.experiment,
					date: rows[i]!.dateText
				})
			})),
			{
				ariaLabel: `${title}. ${rows.length}${colon(locale)}${rows
					.slice(0, 12)
					.map((r) => `${r.dateText} ${r.label}`)
					.join(', ')}${rows.length > 12 ? '…' : ''}`,
				today,
				todayText: m.portfolio_today(),
				locale
			}
		);
	};
	const milestoneRows = eventRows(summary.milestones);
	const meetingRows = eventRows(summary.meetings);

	const budgetRows = summary.budgets.map((b) => ({
		key: b.experimentId,
		title: titleOf(b.experimentId),
		cents: b.cents,
		amount: formatAmount(b.cents / 100, locale),
		lines: b.lines,
		unreadable: b.unreadable,
		href: resolve('/documents/[id]', { id: b.documentId })
	}));

	const monthName = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	});
	const decisionRows: CountRow[] = summary.decisionsPerMonth.map((d) => ({
		key: d.month,
		label: monthName.format(new Date(`${d.month}-01T00:00:00Z`)),
		count: d.count,
		href: narrowed({ from: d.month, to: d.month }, 'decisions-list')
	}));

	const actionRows = summary.actions.map((a) => ({
		key: a.experimentId,
		title: titleOf(a.experimentId),
		onTime: a.onTime,
		overdue: a.overdue,
		href: resolve('/experiences/[id]/actions', { id: a.experimentId })
	}));

	return {
		status: countChart(
			m.portfolio_status_title(),
			countRows(summary.byStatus, statusLabel, 'status')
		),
		enjeu: countChart(m.portfolio_enjeu_title(), countRows(summary.byEnjeu, enjeuLabel, 'enjeu')),
		territory: countChart(
			m.portfolio_territory_title(),
			countRows(summary.byTerritoryType, territoryLabel, 'territoryType')
		),
		milestones: {
			rows: milestoneRows,
			svg: timeline(m.portfolio_milestones_title(), summary.milestones, milestoneRows)
		},
		meetings: {
			rows: meetingRows,
			svg: timeline(m.portfolio_meetings_title(), summary.meetings, meetingRows)
		},
		budget: {
			rows: budgetRows,
			svg:
				budgetRows.length === 0
					? null
					: barChart(
							budgetRows.map((b) => ({
								key: b.key,
								label: b.title,
								value: b.cents,
								valueText: b.amount,
								href: b.href,
								description: m.portfolio_bar_budget({ label: b.title, amount: b.amount })
							})),
							`${m.portfolio_budget_title()}. ${budgetRows.map((b) => `${b.title}${colon(locale)}${b.amount}`).join(', ')}.`
						)
		},
		decisions: {
			rows: decisionRows,
			svg:
				decisionRows.length === 0
					? null
					: barChart(
							decisionRows.map((d) => ({
								key: d.key,
								label: d.label,
								value: d.count,
								valueText: String(d.count),
								href: d.href,
								description: m.portfolio_bar_decisions({ label: d.label, count: d.count })
							})),
							summaryOf(m.portfolio_decisions_title(), decisionRows)
						),
			list: summary.decisionList.map((d) => ({
				title: d.title,
				experiment: titleOf(d.experimentId),
				dateText: formatDay(d.decidedAt, locale),
				href: `${resolve('/experiences/[id]/decisions', { id: d.experimentId })}#decision-${d.id}`
			}))
		},
		actions: {
			rows: actionRows,
			svg:
				actionRows.length === 0
					? null
					: barChart(
							actionRows.map((a) => ({
								key: a.key,
								label: a.title,
								value: a.onTime + a.overdue,
								highlighted: a.overdue,
								valueText: m.portfolio_actions_text({ overdue: a.overdue, onTime: a.onTime }),
								href: a.href,
								description: m.portfolio_bar_actions({
									label: a.title,
									overdue: a.overdue,
									onTime: a.onTime
								})
							})),
							`${m.portfolio_actions_title()}. ${actionRows
								.map((a) =>
									m.portfolio_bar_actions({ label: a.title, overdue: a.overdue, onTime: a.onTime })
								)
								.join(', ')}.`
						),
			list: summary.openActions.map((a) => ({
				what: a.what,
				experiment: titleOf(a.experimentId),
				dueText: a.dueDate ? formatDay(a.dueDate, locale) : m.portfolio_no_due(),
				overdue: a.overdue,
				href: resolve('/experiences/[id]/actions', { id: a.experimentId })
			}))
		},
		experiments: summary.experiments.map((e) => ({
			id: e.id,
			title: e.title,
			status: statusLabel(e.status),
			territory: e.territoryName
				? `${e.territoryName} (${territoryLabel(e.territoryType)})`
				: territoryLabel(e.territoryType),
			enjeux: e.enjeux.map(enjeuLabel).join(', '),
			href: resolve('/experiences/[id]', { id: e.id })
		}))
	};
}

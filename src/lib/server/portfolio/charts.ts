/**
 * The portfolio's charts, drawn by Observable Plot into SVG on the server (a linkedom document
 * stands in for the browser's), so that no chart code ships to the browser and the pictures show
 * without JavaScript. Layout for every screen: horizontal bars with their label written above
 * them and their value written after them (never colour alone), drawn 340 units wide and scaled
 * by CSS to the column, so the type stays readable on a phone and grows when projected. Colours
 * are CSS classes (`portfolio.css`), so the dark theme restyles them.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

const WIDTH = 340;
const ROW = 56;
const FONT = { fontSize: '15px', fontFamily: 'inherit', overflow: 'visible' } as const;

function freshDocument(): Document {
	return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

/**
 * Plot writes a mark's accessible name on the shape inside each link; a link needs its own (a
 * link named by a child `<title>` alone is read as "link" by some screen readers).
 */
function serialise(figure: Element): string {
	for (const link of Array.from(figure.querySelectorAll('a'))) {
		const label = link.firstElementChild?.getAttribute('aria-label');
		if (label) link.setAttribute('aria-label', label);
	}
	figure.removeAttribute('font-size');
	return figure.outerHTML;
}

export interface BarDatum {
	key: string;
	/** Written above the bar. */
	label: string;
	value: number;
	/** Written after the bar ("3", "12 500,00 €", "2 en retard · 1 à l’heure"). */
	valueText: string;
	href: string;
	/** The bar's accessible name and tooltip ("Commune : 2 expérimentations"). */
	description: string;
	/** Optional first part of the bar, drawn apart (the overdue actions of an experiment). */
	highlighted?: number;
}

/** Horizontal bars, one per row, label above and value after; an SVG string. */
export function barChart(rows: readonly BarDatum[], ariaLabel: string): string {
	const max = Math.max(1, ...rows.map((r) => r.value));
	const barTop = 24;
	const mid = (ROW * 0.85) / 2;
	const svg = Plot.plot({
		document: freshDocument(),
		width: WIDTH,
		height: rows.length * ROW + 8,
		marginTop: 4,
		marginBottom: 4,
		marginLeft: 2,
		// Room for the longest value written after its bar (about 8.5 units a character at 15 px).
		marginRight: Math.min(
			WIDTH * 0.6,
			16 + 8.5 * Math.max(2, ...rows.map((r) => r.valueText.length))
		),
		ariaLabel,
		style: FONT,
		x: { domain: [0, max], axis: null },
		y: { domain: rows.map((r) => r.key), axis: null, padding: 0.15 },
		marks: [
			Plot.barX(rows, {
				x: 'value',
				y: 'key',
				insetTop: barTop,
				className: 'portfolio-bar',
				href: 'href',
				title: 'description',
				ariaLabel: 'description'
			}),
			Plot.barX(
				rows.filter((r) => (r.highlighted ?? 0) > 0),
				{
					x: 'highlighted',
					y: 'key',
					insetTop: barTop,
					className: 'portfolio-bar-highlighted',
					ariaHidden: 'true'
				}
			),
			Plot.text(rows, {
				x: 0,
				y: 'key',
				text: 'label',
				textAnchor: 'start',
				dy: -mid + 10,
				lineWidth: 19,
				textOverflow: 'ellipsis',
				className: 'portfolio-label',
				ariaHidden: 'true'
			}),
			Plot.text(rows, {
				x: 'value',
				y: 'key',
				text: 'valueText',
				textAnchor: 'start',
				dx: 6,
				dy: barTop - mid + (ROW * 0.85 - barTop) / 2,
				className: 'portfolio-value',
				ariaHidden: 'true'
			})
		]
	});
	return serialise(svg);
}

export type EventKind = 'milestone' | 'seance' | 'review';

export interface TimelineEvent {
	rowKey: string;
	/** Calendar day, YYYY-MM-DD. */
	date: string;
	kind: EventKind;
	href: string;
	description: string;
}

export interface TimelineRow {
	key: string;
	label: string;
}

const SYMBOLS: Record<EventKind, string> = {
	milestone: 'circle',
	seance: 'square',
	review: 'triangle'
};

const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * Dated events on one line per experiment (its title above the line), a shape per kind (the
 * legend is written in the page with the same shapes), today marked by a rule.
 */
export function timelineChart(
	rows: readonly TimelineRow[],
	events: readonly TimelineEvent[],
	options: { ariaLabel: string; today: string; todayText: string; locale: 'fr' | 'en' }
): string {
	const days = [...events.map((e) => e.date), options.today].sort();
	const first = dayDate(days[0]!);
	const last = dayDate(days[days.length - 1]!);
	const pad = Math.max(15 * 86_400_000, (last.getTime() - first.getTime()) * 0.06);
	const monthYear = new Intl.DateTimeFormat(options.locale === 'en' ? 'en-GB' : 'fr-FR', {
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC'
	});
	const mid = (ROW * 0.85) / 2;
	const svg = Plot.plot({
		document: freshDocument(),
		width: WIDTH,
		height: rows.length * ROW + 56,
		marginTop: 24,
		marginBottom: 32,
		marginLeft: 12,
		marginRight: 12,
		ariaLabel: options.ariaLabel,
		style: FONT,
		x: {
			type: 'utc',
			domain: [new Date(first.getTime() - pad), new Date(last.getTime() + pad)],
			ticks: 3,
			tickFormat: (d: Date) => monthYear.format(d),
			label: null
		},
		y: { domain: rows.map((r) => r.key), axis: null, padding: 0.15 },
		symbol: { domain: Object.keys(SYMBOLS), range: Object.values(SYMBOLS) },
		marks: [
			Plot.ruleY(rows, { y: 'key', dy: 8, className: 'portfolio-track', ariaHidden: 'true' }),
			Plot.ruleX([dayDate(options.today)], { className: 'portfolio-today', ariaHidden: 'true' }),
			Plot.text([dayDate(options.today)], {
				x: (d: Date) => d,
				frameAnchor: 'top',
				dy: -14,
				text: () => options.todayText,
				className: 'portfolio-today-label',
				ariaHidden: 'true'
			}),
			Plot.text(rows, {
				frameAnchor: 'left',
				y: 'key',
				text: 'label',
				textAnchor: 'start',
				dy: -mid + 10,
				lineWidth: 19,
				textOverflow: 'ellipsis',
				className: 'portfolio-label',
				ariaHidden: 'true'
			}),
			Plot.dot(events, {
				x: (e: TimelineEvent) => dayDate(e.date),
				y: 'rowKey',
				dy: 8,
				r: 7,
				symbol: 'kind',
				className: 'portfolio-dot',
				href: 'href',
				title: 'description',
				ariaLabel: 'description'
			})
		]
	});
	// Each kind gets its own class, so the stylesheet gives it a colour on top of its shape.
	for (const [i, path] of Array.from(svg.querySelectorAll('.portfolio-dot path')).entries()) {
		const kind = events[i]?.kind;
		if (kind) path.setAttribute('class', `portfolio-dot-${kind}`);
	}
	return serialise(svg);
}

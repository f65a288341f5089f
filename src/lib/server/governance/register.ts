/**
 * The decision register of an experiment: every closed round (decisions and elections), searchable
 * and filterable, and its CSV export. Read with the user's own PocketBase client, so the API rule
 * on `decisions` (experiment readers) is what decides who sees it.
 */
import type PocketBase from 'pocketbase';
import { dueFirst, isReviewDue } from '../../domain/review-due';
import { formatSheetDateTime, formatSheetDay, type FormatLocale } from '../../i18n/format';
import type { ObjectionSummary, PersonRef, PositionSummary } from './decision';

export interface RegisterFilter {
	q?: string;
	kind?: 'consent' | 'election' | '';
	outcome?: string;
	/** Only entries whose review date has come (on or before `today`). */
	reviewDue?: boolean;
	today: string;
}

export interface RegisterEntry {
	id: string;
	round: string;
	kind: 'consent' | 'election';
	outcome: string;
	title: string;
	section: string;
	text: string;
	hash: string;
	version: number;
	decidedAt: string;
	reviewDate: string;
	present: PersonRef[];
	absent: PersonRef[];
	concerns: Array<{ author: PersonRef; text: string }>;
	objections: ObjectionSummary[];
	/** Each position with the proposal version it answered (entries before it was kept: none). */
	positions: PositionSummary[];
	reason: string;
	electedName: string;
	termStart: string;
	termEnd: string;
	reviewDue: boolean;
	/** The document the proposal was frozen from ('' for a pasted text or an election). */
	sourceDocument: string;
	/** That document's Yjs state vector when the text was frozen (base64). */
	sourceState: string;
	/** Which mode decided: in the room, or at the end of an asynchronous window. */
	mode: 'live' | 'async';
	/** Asynchronous adoption: who gave no position (counted as consent). */
	silent: PersonRef[];
	/** How the text reached the document (null: not written back, or nothing to write). */
	writeback: { outcome: string; at: string } | null;
}

/** The register's filter from a URL's query (`q`, `kind`, `outcome`, `due=1`). */
export function filterFrom(
	url: URL,
	today = new Date().toISOString().slice(0, 10)
): RegisterFilter {
	const kind = url.searchParams.get('kind');
	return {
		q: url.searchParams.get('q') ?? '',
		kind: kind === 'consent' || kind === 'election' ? kind : '',
		outcome: url.searchParams.get('outcome') ?? '',
		reviewDue: url.searchParams.get('due') === '1',
		today
	};
}

const OUTCOMES = ['adopted', 'withdrawn', 'postponed', 'elected', 'cancelled'];

export function registerFilterString(pb: PocketBase, experimentId: string, f: RegisterFilter) {
	const parts = ['experiment = {:experiment}'];
	const params: Record<string, string> = { experiment: experimentId, today: f.today };
	const q = f.q?.trim().slice(0, 200);
	if (q) {
		parts.push(
			'(title ~ {:q} || text ~ {:q} || section ~ {:q} || elected_name ~ {:q} || reason ~ {:q})'
		);
		params.q = q;
	}
	if (f.kind === 'consent' || f.kind === 'election') {
		parts.push('kind = {:kind}');
		params.kind = f.kind;
	}
	if (f.outcome && OUTCOMES.includes(f.outcome)) {
		parts.push('outcome = {:outcome}');
		params.outcome = f.outcome;
	}
	if (f.reviewDue) parts.push("review_date != '' && review_date <= {:today}");
	return pb.filter(parts.join(' && '), params);
}

const day = (value: unknown) => (typeof value === 'string' ? value.slice(0, 10) : '');

export async function listRegister(
	pb: PocketBase,
	experimentId: string,
	filter: RegisterFilter
): Promise<RegisterEntry[]> {
	const [records, writebacks] = await Promise.all([
		pb.collection('decisions').getFullList({
			filter: registerFilterString(pb, experimentId, filter),
			sort: '-decided_at'
		}),
		pb.collection('decision_writebacks').getFullList({
			filter: pb.filter('experiment = {:experiment}', { experiment: experimentId }),
			fields: 'decision,outcome,created'
		})
	]);
	const written = new Map(
		writebacks.map((w) => [
			String(w.decision),
			{ outcome: String(w.outcome), at: String(w.created) }
		])
	);
	const entries = records.map((r): RegisterEntry => {
		const reviewDate = day(r.review_date);
		const outcome = r.outcome as string;
		return {
			id: r.id,
			round: r.round as string,
			kind: r.kind as 'consent' | 'election',
			outcome,
			title: r.title as string,
			section: (r.section as string) ?? '',
			text: r.text as string,
			hash: r.hash as string,
			version: r.version as number,
			decidedAt: r.decided_at as string,
			reviewDate,
			present: (r.present as PersonRef[] | null) ?? [],
			absent: (r.absent as PersonRef[] | null) ?? [],
			concerns: (r.concerns as RegisterEntry['concerns'] | null) ?? [],
			objections: (r.objections as ObjectionSummary[] | null) ?? [],
			positions: (r.positions as PositionSummary[] | null) ?? [],
			reason: (r.reason as string) ?? '',
			electedName: (r.elected_name as string) ?? '',
			termStart: day(r.term_start),
			termEnd: day(r.term_end),
			reviewDue: isReviewDue({ id: r.id, reviewDate, outcome }, filter.today),
			sourceDocument: (r.source_document as string) ?? '',
			sourceState: (r.source_state as string) ?? '',
			mode: r.mode === 'async' ? 'async' : 'live',
			silent: (r.silent as PersonRef[] | null) ?? [],
			writeback: written.get(r.id) ?? null
		};
	});
	// Decisions due for review come first, so nobody misses them.
	return dueFirst(entries, filter.today);
}

/** RFC 4180 field: quoted when needed; a leading =,+,-,@ is defused against spreadsheet formulas. */
export function csvField(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\n\r;]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * A French spreadsheet (LibreOffice, Excel in French) splits columns on semicolons, since the
 * comma is its decimal mark; an English one on commas. The BOM makes both read UTF-8.
 */
export const CSV_SEPARATOR: Record<FormatLocale, string> = { fr: ';', en: ',' };

export interface CsvLabels {
	/** Language of the dates and of the column separator. */
	locale: FormatLocale;
	headers: string[];
	kind: (kind: string) => string;
	outcome: (outcome: string) => string;
	objectionStatus: (status: string) => string;
}

export function registerCsv(entries: RegisterEntry[], labels: CsvLabels): string {
	const rows = entries.map((e) => [
		formatSheetDateTime(e.decidedAt, labels.locale),
		labels.kind(e.kind),
		labels.outcome(e.outcome),
		e.title,
		e.section,
		e.text,
		String(e.version),
		e.hash,
		e.reviewDate ? formatSheetDay(e.reviewDate, labels.locale) : '',
		e.present.map((p) => p.name).join(', '),
		e.concerns.map((c) => `${c.author.name} : ${c.text}`).join(' | '),
		e.objections
			.map(
				(o) =>
					`${o.author.name} : ${o.text} [${labels.objectionStatus(o.status)}${o.integratedIn ? ` v${o.integratedIn}` : ''}]`
			)
			.join(' | '),
		e.electedName,
		e.termStart ? formatSheetDay(e.termStart, labels.locale) : '',
		e.termEnd ? formatSheetDay(e.termEnd, labels.locale) : '',
		e.reason
	]);
	// BOM so spreadsheet software reads UTF-8 accents correctly; CRLF per RFC 4180.
	const separator = CSV_SEPARATOR[labels.locale];
	const lines = [labels.headers, ...rows].map((r) => r.map(csvField).join(separator));
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

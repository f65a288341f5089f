/**
 * What a séance leaves behind, as ProseMirror JSON of the document schema (pure: every value comes
 * in already read and formatted):
 * - the compte rendu de COPIL: attendance and quorum, each item with its notes, the decisions
 *   (exact text, hash, review date), the actions — a normal document once created;
 * - the procès-verbal: organisation, experiment, date and place, facilitator, secretary,
 *   attendance and quorum, agenda, decisions with their text and hash, signature blocks — rendered
 *   to PDF and DOCX by the export code.
 */
import { doc, heading, labelled, paragraph, text } from '../templates/blocks';
import type { ProseMirrorJSON, TemplateLocale } from '../templates/protocol';
import type { AttendanceStatus, QuorumState } from './seance';

export interface SeanceRecordInput {
	locale: TemplateLocale;
	/** Empty when the experiment belongs to no organisation. */
	organisation: string;
	experiment: string;
	title: string;
	/** Date and time as a reader reads them ("12 mars 2027 à 18:00"). */
	when: string;
	place: string;
	visio: string;
	facilitator: string;
	secretary: string;
	attendance: { name: string; status: AttendanceStatus | '' }[];
	/** Null when the séance has no quorum. */
	quorum: QuorumState | null;
	items: { title: string; notes: ProseMirrorJSON[] }[];
	decisions: {
		title: string;
		text: string;
		hash: string;
		/** Formatted; empty when none was set (elections). */
		reviewDate: string;
		/** "Adoptée par consentement", "Élection de …" */
		outcome: string;
	}[];
	actions: { what: string; owner: string; due: string; status: string }[];
}

const TEXT = {
	fr: {
		minutesTitle: (title: string) => `Compte rendu — ${title}`,
		pvTitle: (title: string) => `Procès-verbal — ${title}`,
		organisation: 'Organisation :',
		experiment: 'Expérimentation :',
		date: 'Date :',
		place: 'Lieu :',
		visio: 'Visio :',
		facilitator: 'Animation :',
		secretary: 'Secrétaire de séance :',
		nobody: 'non désigné·e',
		attendance: 'Présences',
		attendanceColumns: ['Nom', 'Présence'],
		status: {
			present: 'Présent·e',
			remote: 'À distance',
			excused: 'Excusé·e',
			absent: 'Absent·e',
			'': 'Non renseigné'
		} as Record<AttendanceStatus | '', string>,
		quorum: (q: QuorumState) =>
			`Quorum : ${q.counted} membre${q.counted > 1 ? 's' : ''} présent${q.counted > 1 ? 's' : ''} ou à distance pour ${q.required} requis — ${q.reached ? 'atteint' : 'non atteint'}.`,
		noQuorum: 'Pas de quorum fixé pour cette séance.',
		agenda: 'Ordre du jour',
		items: 'Points traités',
		noNotes: 'Aucune note pour ce point.',
		decisions: 'Décisions',
		noDecisions: 'Aucune décision prise au cours de cette séance.',
		decisionText: 'Texte adopté :',
		hash: 'Empreinte SHA-256 :',
		review: 'Date de révision :',
		actions: 'Actions de suivi',
		actionColumns: ['Action', 'Responsable', 'Échéance', 'État'],
		noActions: 'Aucune action de suivi.',
		signatures: 'Signatures',
		signatureLine: 'Date et signature :'
	},
	en: {
		minutesTitle: (title: string) => `Minutes — ${title}`,
		pvTitle: (title: string) => `Formal record — ${title}`,
		organisation: 'Organisation:',
		experiment: 'Experiment:',
		date: 'Date:',
		place: 'Place:',
		visio: 'Video call:',
		facilitator: 'Facilitator:',
		secretary: 'Minute-taker:',
		nobody: 'not appointed',
		attendance: 'Attendance',
		attendanceColumns: ['Name', 'Attendance'],
		status: {
			present: 'Present',
			remote: 'Remote',
			excused: 'Excused',
			absent: 'Absent',
			'': 'Not recorded'
		} as Record<AttendanceStatus | '', string>,
		quorum: (q: QuorumState) =>
			`Quorum: ${q.counted} member${q.counted === 1 ? '' : 's'} present or remote for ${q.required} required — ${q.reached ? 'reached' : 'not reached'}.`,
		noQuorum: 'No quorum set for this meeting.',
		agenda: 'Agenda',
		items: 'Items',
		noNotes: 'No notes for this item.',
		decisions: 'Decisions',
		noDecisions: 'No decision was taken during this meeting.',
		decisionText: 'Text adopted:',
		hash: 'SHA-256 fingerprint:',
		review: 'Review date:',
		actions: 'Follow-up actions',
		actionColumns: ['Action', 'Owner', 'Due date', 'Status'],
		noActions: 'No follow-up action.',
		signatures: 'Signatures',
		signatureLine: 'Date and signature:'
	}
} as const;

type Text = (typeof TEXT)[TemplateLocale];

const italic = (value: string): ProseMirrorJSON => ({
	type: 'paragraph',
	content: [text(value, [{ type: 'italic' }])]
});

const cell = (type: 'tableHeader' | 'tableCell', value: string): ProseMirrorJSON => ({
	type,
	content: [paragraph(value)]
});

const table = (headers: readonly string[], rows: readonly (readonly string[])[]) => ({
	type: 'table',
	content: [
		{ type: 'tableRow', content: headers.map((h) => cell('tableHeader', h)) },
		...rows.map((row) => ({ type: 'tableRow', content: row.map((v) => cell('tableCell', v)) }))
	]
});

/** A decision's text as written: one paragraph per line, empty lines dropped. */
export function textParagraphs(value: string): ProseMirrorJSON[] {
	return value
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line !== '')
		.map((line) => paragraph(line));
}

function facts(input: SeanceRecordInput, t: Text, withOrganisation: boolean): ProseMirrorJSON[] {
	const out: ProseMirrorJSON[] = [];
	if (withOrganisation && input.organisation)
		out.push(labelled(t.organisation, input.organisation));
	out.push(labelled(t.experiment, input.experiment));
	out.push(labelled(t.date, input.when));
	if (input.place) out.push(labelled(t.place, input.place));
	if (input.visio) out.push(labelled(t.visio, input.visio));
	out.push(labelled(t.facilitator, input.facilitator || t.nobody));
	out.push(labelled(t.secretary, input.secretary || t.nobody));
	return out;
}

function attendance(input: SeanceRecordInput, t: Text): ProseMirrorJSON[] {
	return [
		heading(2, t.attendance),
		table(
			t.attendanceColumns,
			input.attendance.map((a) => [a.name, t.status[a.status]])
		),
		paragraph(input.quorum && input.quorum.required > 0 ? t.quorum(input.quorum) : t.noQuorum)
	];
}

function decisions(input: SeanceRecordInput, t: Text): ProseMirrorJSON[] {
	if (input.decisions.length === 0) return [heading(2, t.decisions), italic(t.noDecisions)];
	return [
		heading(2, t.decisions),
		...input.decisions.flatMap((d) => [
			heading(3, d.title),
			...(d.outcome ? [italic(d.outcome)] : []),
			labelled(t.decisionText),
			...textParagraphs(d.text),
			labelled(t.hash, d.hash),
			...(d.reviewDate ? [labelled(t.review, d.reviewDate)] : [])
		])
	];
}

/** The compte rendu de COPIL of a closed séance: the content of a new document. */
export function minutesContent(input: SeanceRecordInput): ProseMirrorJSON {
	const t = TEXT[input.locale];
	return doc([
		heading(1, t.minutesTitle(input.title)),
		...facts(input, t, true),
		...attendance(input, t),
		heading(2, t.items),
		...input.items.flatMap((item, index) => [
			heading(3, `${index + 1}. ${item.title}`),
			...(item.notes.length > 0 ? item.notes : [italic(t.noNotes)])
		]),
		...decisions(input, t),
		heading(2, t.actions),
		input.actions.length > 0
			? table(
					t.actionColumns,
					input.actions.map((a) => [a.what, a.owner, a.due, a.status])
				)
			: italic(t.noActions)
	]);
}

/** The title of the compte rendu document. */
export function minutesTitle(input: Pick<SeanceRecordInput, 'locale' | 'title'>): string {
	return TEXT[input.locale].minutesTitle(input.title);
}

/** The title of the procès-verbal. */
export function recordTitle(input: Pick<SeanceRecordInput, 'locale' | 'title'>): string {
	return TEXT[input.locale].pvTitle(input.title);
}

/** The procès-verbal of a séance: what the export code prints as PDF and DOCX. */
export function recordContent(input: SeanceRecordInput): ProseMirrorJSON {
	const t = TEXT[input.locale];
	return doc([
		heading(1, recordTitle(input)),
		...facts(input, t, true),
		...attendance(input, t),
		heading(2, t.agenda),
		input.items.length > 0
			? {
					type: 'orderedList',
					attrs: { start: 1 },
					content: input.items.map((item) => ({
						type: 'listItem',
						content: [paragraph(item.title)]
					}))
				}
			: italic('—'),
		...decisions(input, t),
		heading(2, t.signatures),
		table(
			[t.facilitator, t.secretary],
			[
				[input.facilitator || t.nobody, input.secretary || t.nobody],
				[t.signatureLine, t.signatureLine],
				['', '']
			]
		)
	]);
}

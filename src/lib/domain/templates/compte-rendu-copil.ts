/** Template of a COPIL meeting's minutes (compte rendu de COPIL). */
import { bulletList, doc, heading, labelled, prompt, table } from './blocks';
import type { ProseMirrorJSON, TemplateLocale } from './protocol';

const TEXT = {
	fr: {
		title: 'Compte rendu de COPIL',
		date: 'Date :',
		place: 'Lieu ou visio :',
		facilitator: 'Facilitation :',
		secretary: 'Secrétariat :',
		present: 'Participant·es',
		columns: ['Nom', 'Structure', 'Rôle', 'Présent·e'],
		agenda: 'Ordre du jour',
		agendaItems: ['Point d’avancement', 'Décisions à prendre', 'Questions diverses'],
		discussion: 'Échanges',
		discussionPrompt: 'Résumez les échanges point par point, sans attribuer les propos.',
		decisions: 'Décisions prises',
		decisionsPrompt:
			'Pour chaque décision : le texte exact, prise par consentement, les préoccupations notées et la date de révision.',
		actions: 'Actions à mener',
		actionColumns: ['Action', 'Responsable', 'Échéance'],
		next: 'Prochain COPIL'
	},
	en: {
		title: 'Steering committee minutes',
		date: 'Date:',
		place: 'Place or video call:',
		facilitator: 'Facilitator:',
		secretary: 'Minutes taken by:',
		present: 'Participants',
		columns: ['Name', 'Organisation', 'Role', 'Present'],
		agenda: 'Agenda',
		agendaItems: ['Progress update', 'Decisions to take', 'Any other business'],
		discussion: 'Discussion',
		discussionPrompt: 'Summarise the discussion item by item, without attributing statements.',
		decisions: 'Decisions taken',
		decisionsPrompt:
			'For each decision: the exact text, taken by consent, the concerns noted and the review date.',
		actions: 'Actions',
		actionColumns: ['Action', 'Owner', 'Due date'],
		next: 'Next steering committee'
	}
} as const;

export function copilMinutesTemplate(locale: TemplateLocale, title?: string): ProseMirrorJSON {
	const t = TEXT[locale];
	return doc([
		heading(1, title?.trim() || t.title),
		labelled(t.date),
		labelled(t.place),
		labelled(t.facilitator),
		labelled(t.secretary),
		heading(2, t.present),
		table(t.columns, 3),
		heading(2, t.agenda),
		bulletList(t.agendaItems),
		heading(2, t.discussion),
		prompt(t.discussionPrompt),
		heading(2, t.decisions),
		prompt(t.decisionsPrompt),
		heading(2, t.actions),
		table(t.actionColumns, 2),
		heading(2, t.next),
		labelled(t.date)
	]);
}

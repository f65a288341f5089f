/** Template of a logbook (carnet de bord): dated entries, newest first, the first one opened. */
import { doc, heading, labelled, prompt } from './blocks';
import type { ProseMirrorJSON, TemplateLocale } from './protocol';

const TEXT = {
	fr: {
		title: 'Carnet de bord',
		intro:
			'Une entrée par événement marquant : ce qui s’est passé, ce qu’on a observé, ce qu’on en retient. La plus récente en haut.',
		what: 'Ce qui s’est passé :',
		observed: 'Observations :',
		learned: 'Ce que l’on en retient :'
	},
	en: {
		title: 'Logbook',
		intro:
			'One entry per notable event: what happened, what was observed, what we learn. Newest first.',
		what: 'What happened:',
		observed: 'Observations:',
		learned: 'What we learn:'
	}
} as const;

/** `today` is the entry's heading, already formatted for the locale (e.g. "12 mars 2027"). */
export function logbookTemplate(
	locale: TemplateLocale,
	today: string,
	title?: string
): ProseMirrorJSON {
	const t = TEXT[locale];
	return doc([
		heading(1, title?.trim() || t.title),
		prompt(t.intro),
		heading(2, today),
		labelled(t.what),
		labelled(t.observed),
		labelled(t.learned)
	]);
}

/** Template of a lessons-learned sheet (fiche retour d'expérience). */
import { doc, heading, prompt } from './blocks';
import type { ProseMirrorJSON, TemplateLocale } from './protocol';

const SECTIONS = {
	fr: [
		[
			'L’expérimentation en bref',
			'Territoire, enjeux visés, dispositif, dates et publics touchés.'
		],
		['Ce qui a fonctionné', 'Les réussites, avec les éléments qui les montrent.'],
		['Les difficultés rencontrées', 'Ce qui a freiné, et comment l’équipe s’est adaptée.'],
		['Résultats et effets observés', 'Les indicateurs d’évaluation et ce qu’ils disent.'],
		['Conditions de réussite', 'Ce qu’il faut réunir pour refaire cette expérimentation ailleurs.'],
		['Recommandations pour l’essaimage', 'Conseils aux territoires qui voudraient s’en inspirer.']
	],
	en: [
		[
			'The experiment in brief',
			'Territory, challenges addressed, method, dates and people reached.'
		],
		['What worked', 'Successes, with the evidence that shows them.'],
		['Difficulties', 'What held things back, and how the team adapted.'],
		['Results and observed effects', 'The evaluation indicators and what they say.'],
		['Conditions for success', 'What must be in place to run this experiment elsewhere.'],
		['Recommendations for spreading', 'Advice for territories that would like to build on it.']
	]
} as const;

const TITLE = { fr: 'Fiche retour d’expérience', en: 'Lessons-learned sheet' } as const;

export function lessonsLearnedTemplate(locale: TemplateLocale, title?: string): ProseMirrorJSON {
	return doc([
		heading(1, title?.trim() || TITLE[locale]),
		...SECTIONS[locale].flatMap(([section, hint]) => [heading(2, section), prompt(hint)])
	]);
}

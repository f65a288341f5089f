/** Template of a methodological guide (guide méthodologique). */
import { bulletList, doc, heading, prompt } from './blocks';
import type { ProseMirrorJSON, TemplateLocale } from './protocol';

const TEXT = {
	fr: {
		title: 'Guide méthodologique',
		sections: [
			['Objet du guide', 'À quoi sert la méthode, pour qui, dans quelles situations.'],
			['Prérequis', 'Moyens humains, temps, budget, outils nécessaires.'],
			['Déroulé pas à pas', 'Les étapes, dans l’ordre, avec leur durée.'],
			['Points de vigilance', 'Les erreurs fréquentes et comment les éviter.'],
			['Ressources', 'Modèles, outils et références utiles.']
		],
		steps: ['Étape 1 :', 'Étape 2 :', 'Étape 3 :']
	},
	en: {
		title: 'Methodological guide',
		sections: [
			['Purpose', 'What the method is for, for whom, in which situations.'],
			['Prerequisites', 'People, time, budget and tools needed.'],
			['Step by step', 'The steps, in order, with their duration.'],
			['Watch points', 'Frequent mistakes and how to avoid them.'],
			['Resources', 'Templates, tools and useful references.']
		],
		steps: ['Step 1:', 'Step 2:', 'Step 3:']
	}
} as const;

export function methodGuideTemplate(locale: TemplateLocale, title?: string): ProseMirrorJSON {
	const t = TEXT[locale];
	return doc([
		heading(1, title?.trim() || t.title),
		...t.sections.flatMap(([section, hint], index) =>
			index === 2
				? [heading(2, section), prompt(hint), bulletList(t.steps)]
				: [heading(2, section), prompt(hint)]
		)
	]);
}

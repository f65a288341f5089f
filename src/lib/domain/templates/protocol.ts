/**
 * The protocol template (protocole d'expérimentation) as ProseMirror JSON: a title, then the 12
 * sections of the default outline, each an H2 followed by an empty paragraph whose placeholder
 * says what to write,
 * and for five sections an empty structured part (enjeux, COPIL, calendar, budget, indicators).
 * Pure data: no TipTap import, so it can be used anywhere.
 */
import { PART_NODES, type PartKind } from '../structured-parts';

export interface ProseMirrorMark {
	type: string;
	attrs?: Record<string, unknown>;
}

export interface ProseMirrorJSON {
	type: string;
	attrs?: Record<string, unknown>;
	content?: ProseMirrorJSON[];
	marks?: ProseMirrorMark[];
	text?: string;
	/**
	 * Templates only: guidance shown in this (empty) paragraph until someone writes in it. Not part
	 * of the editor schema: dropped when the template becomes a Yjs state.
	 */
	placeholder?: string;
}

export type TemplateLocale = 'fr' | 'en';

interface Section {
	title: string;
	prompt: string;
}

export const PROTOCOL_SECTIONS: Readonly<Record<TemplateLocale, readonly Section[]>> = {
	fr: [
		{
			title: 'Contexte et territoire',
			prompt:
				'Présentez le territoire pilote (type, population, histoire de la participation) et ce qui motive l’expérimentation.'
		},
		{
			title: 'Enjeux visés',
			prompt:
				'Indiquez lequel ou lesquels des 8 enjeux de la démocratie locale sont visés, et pourquoi.'
		},
		{
			title: 'Question de recherche et hypothèses',
			prompt:
				'Formulez la question de recherche et les hypothèses que l’expérimentation mettra à l’épreuve.'
		},
		{
			title: 'Objectifs et résultats attendus',
			prompt: 'Décrivez les objectifs poursuivis et les résultats concrets attendus.'
		},
		{
			title: 'Dispositif : méthodes, outils, innovateurs mobilisés',
			prompt:
				'Décrivez le dispositif participatif, les méthodes et outils utilisés et les innovateurs démocratiques associés.'
		},
		{
			title: 'Publics et mobilisation',
			prompt:
				'Précisez les publics visés, comment ils seront mobilisés et comment inclure les personnes éloignées des institutions.'
		},
		{
			title: 'Acteurs, rôles et gouvernance',
			prompt:
				'Présentez les acteurs et leurs rôles, la composition du COPIL et les règles de décision.'
		},
		{
			title: 'Calendrier',
			prompt: 'Listez les phases et les jalons principaux, avec leurs dates.'
		},
		{
			title: 'Moyens et budget',
			prompt: 'Détaillez les moyens humains, matériels et financiers, et qui les apporte.'
		},
		{
			title: 'Évaluation',
			prompt:
				'Décrivez les indicateurs, la méthode, qui évalue, les données collectées et le consentement des participants (RGPD).'
		},
		{
			title: 'Risques et mesures d’atténuation',
			prompt: 'Identifiez les principaux risques et les mesures prévues pour les atténuer.'
		},
		{
			title: 'Documentation et essaimage',
			prompt:
				'Expliquez comment l’expérimentation sera documentée (carnet de bord, fiche retour d’expérience) et partagée.'
		}
	],
	en: [
		{
			title: 'Context and territory',
			prompt:
				'Describe the pilot territory (type, population, history of participation) and what motivates the experiment.'
		},
		{
			title: 'Challenges addressed',
			prompt: 'State which of the 8 challenges of local democracy are addressed, and why.'
		},
		{
			title: 'Research question and hypotheses',
			prompt: 'State the research question and the hypotheses the experiment will test.'
		},
		{
			title: 'Objectives and expected results',
			prompt: 'Describe the objectives and the concrete results expected.'
		},
		{
			title: 'Device: methods, tools, innovators involved',
			prompt:
				'Describe the participatory device, the methods and tools used and the democratic innovators involved.'
		},
		{
			title: 'Audiences and outreach',
			prompt:
				'Specify the target audiences, how they will be reached and how people far from institutions will be included.'
		},
		{
			title: 'Actors, roles and governance',
			prompt: 'Present the actors and their roles, the steering committee and its decision rules.'
		},
		{
			title: 'Timeline',
			prompt: 'List the phases and main milestones, with their dates.'
		},
		{
			title: 'Resources and budget',
			prompt: 'Detail the human, material and financial resources, and who provides them.'
		},
		{
			title: 'Evaluation',
			prompt:
				'Describe the indicators, the method, who evaluates, the data collected and participants’ consent (GDPR).'
		},
		{
			title: 'Risks and mitigation',
			prompt: 'Identify the main risks and the measures planned to mitigate them.'
		},
		{
			title: 'Documentation and spreading',
			prompt:
				'Explain how the experiment will be documented (logbook, lessons-learned sheet) and shared.'
		}
	]
};

/** The structured part that follows a section's prompt, by section index (0-based). */
export const SECTION_PARTS: Readonly<Partial<Record<number, PartKind>>> = {
	1: 'enjeux',
	6: 'copil',
	7: 'calendar',
	8: 'budget',
	9: 'indicators'
};

const DEFAULT_TITLE: Readonly<Record<TemplateLocale, string>> = {
	fr: 'Protocole d’expérimentation',
	en: 'Experiment protocol'
};

function text(value: string, marks?: ProseMirrorMark[]): ProseMirrorJSON {
	return marks ? { type: 'text', text: value, marks } : { type: 'text', text: value };
}

/** The protocol template, with `title` as its H1 (defaults to "Protocole d’expérimentation"). */
export function protocolTemplate(locale: TemplateLocale = 'fr', title?: string): ProseMirrorJSON {
	const heading = title?.trim() || DEFAULT_TITLE[locale];
	const content: ProseMirrorJSON[] = [
		{ type: 'heading', attrs: { level: 1 }, content: [text(heading)] }
	];
	PROTOCOL_SECTIONS[locale].forEach((section, index) => {
		content.push({
			type: 'heading',
			attrs: { level: 2 },
			content: [text(`${index + 1}. ${section.title}`)]
		});
		content.push({ type: 'paragraph', placeholder: section.prompt });
		const part = SECTION_PARTS[index];
		if (part) content.push({ type: PART_NODES[part].block });
	});
	return { type: 'doc', content };
}

/** A blank document with only a title, for the other document kinds. */
export function blankTemplate(title: string): ProseMirrorJSON {
	return {
		type: 'doc',
		content: [
			title.trim()
				? { type: 'heading', attrs: { level: 1 }, content: [text(title.trim())] }
				: { type: 'heading', attrs: { level: 1 } },
			{ type: 'paragraph' }
		]
	};
}

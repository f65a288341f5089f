/**
 * Which section of a template an imported heading belongs to. The template's own H2 headings
 * (both languages for the protocol) and, for the protocol, a few other words people use for the
 * same section ("Budget prévisionnel", "Rétroplanning", "Gouvernance"…). Pure.
 */
import { PROTOCOL_SECTIONS } from '../templates/protocol';
import { labelSimilarity } from './text-match';

/** Below this a heading is kept as it is, not moved into a section. */
export const SECTION_MATCH_THRESHOLD = 0.6;

/** Other names of the protocol's sections (index as in PROTOCOL_SECTIONS). */
const PROTOCOL_ALIASES: Readonly<Record<number, readonly string[]>> = {
	0: ['Contexte', 'Territoire', 'Présentation du territoire', 'Background', 'Context'],
	1: ['Enjeux', 'Enjeux de la démocratie locale', 'Challenges'],
	2: ['Problématique', 'Hypothèses', 'Question évaluative', 'Research question'],
	3: ['Objectifs', 'Résultats attendus', 'Objectives', 'Expected results'],
	4: ['Méthodologie', 'Méthode', 'Dispositif participatif', 'Outils', 'Method'],
	5: ['Public cible', 'Publics visés', 'Mobilisation', 'Participants', 'Target audiences'],
	6: ['Gouvernance', 'Comité de pilotage', 'COPIL', 'Acteurs', 'Governance', 'Steering committee'],
	7: [
		'Planning',
		'Rétroplanning',
		'Échéancier',
		'Chronogramme',
		'Calendrier prévisionnel',
		'Schedule',
		'Planning'
	],
	8: ['Budget', 'Budget prévisionnel', 'Financement', 'Moyens', 'Plan de financement', 'Funding'],
	9: [
		'Évaluation',
		'Indicateurs',
		'Suivi et évaluation',
		'Indicators',
		'Monitoring and evaluation'
	],
	10: ['Risques', 'Analyse des risques', 'Risks'],
	11: ['Documentation', 'Essaimage', 'Capitalisation', 'Diffusion', 'Dissemination']
};

export interface TemplateSection {
	/** Index of the section in the template (its n-th H2). */
	index: number;
	/** The H2's text in the template, e.g. "9. Moyens et budget". */
	heading: string;
	/** Every name the section answers to. */
	names: readonly string[];
}

/** The sections of a template: its H2 headings, with the protocol's other names. */
export function templateSections(headings: readonly string[], kind: string): TemplateSection[] {
	return headings.map((heading, index) => {
		const names = [heading];
		if (kind === 'protocole' && index < PROTOCOL_SECTIONS.fr.length) {
			names.push(PROTOCOL_SECTIONS.fr[index]!.title, PROTOCOL_SECTIONS.en[index]!.title);
			names.push(...(PROTOCOL_ALIASES[index] ?? []));
		}
		return { index, heading, names };
	});
}

export interface SectionMatch {
	index: number;
	score: number;
}

/** The best section for a heading, or null when none is close enough. */
export function matchSection(
	heading: string,
	sections: readonly TemplateSection[]
): SectionMatch | null {
	let best: SectionMatch | null = null;
	for (const section of sections) {
		const score = Math.max(...section.names.map((name) => labelSimilarity(heading, name)));
		if (score >= SECTION_MATCH_THRESHOLD && (best === null || score > best.score))
			best = { index: section.index, score };
	}
	return best;
}

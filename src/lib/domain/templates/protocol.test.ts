import { describe, expect, it } from 'vitest';
import { PROTOCOL_SECTIONS, protocolTemplate, type ProseMirrorJSON } from './protocol';
import { partKindOfBlock } from '../structured-parts';

const EXPECTED_FR = [
	'Contexte et territoire',
	'Enjeux visés',
	'Question de recherche et hypothèses',
	'Objectifs et résultats attendus',
	'Dispositif : méthodes, outils, innovateurs mobilisés',
	'Publics et mobilisation',
	'Acteurs, rôles et gouvernance',
	'Calendrier',
	'Moyens et budget',
	'Évaluation',
	'Risques et mesures d’atténuation',
	'Documentation et essaimage'
];

function textOf(node: ProseMirrorJSON): string {
	return node.text ?? (node.content ?? []).map(textOf).join('');
}

describe('protocol template', () => {
	it.each(['fr', 'en'] as const)('has a title then the 12 sections in order (%s)', (locale) => {
		const doc = protocolTemplate(locale);
		const [title, ...rest] = doc.content ?? [];
		expect(title).toMatchObject({ type: 'heading', attrs: { level: 1 } });
		const h2 = rest.filter((n) => n.type === 'heading');
		expect(h2).toHaveLength(12);
		expect(h2.every((n) => n.attrs?.level === 2)).toBe(true);
		expect(h2.map(textOf)).toEqual(
			PROTOCOL_SECTIONS[locale].map((section, i) => `${i + 1}. ${section.title}`)
		);
		// Each H2 is followed by an empty paragraph whose placeholder says what to write, then maybe
		// an empty structured part.
		const parts: string[] = [];
		rest.forEach((node, i) => {
			if (node.type !== 'heading') return;
			const prompt = rest[i + 1];
			expect(prompt?.type).toBe('paragraph');
			expect(prompt?.content).toBeUndefined();
			expect(prompt?.placeholder?.length).toBeGreaterThan(10);
			const next = rest[i + 2];
			const kind = next ? partKindOfBlock(next.type) : null;
			if (kind) {
				expect(next?.content ?? []).toEqual([]);
				parts.push(`${textOf(node).split('.')[0]}:${kind}`);
			}
		});
		expect(parts).toEqual(['2:enjeux', '7:copil', '8:calendar', '9:budget', '10:indicators']);
	});

	it('follows the default outline of the domain notes in French', () => {
		expect(PROTOCOL_SECTIONS.fr.map((s) => s.title)).toEqual(EXPECTED_FR);
	});

	it('uses the given title', () => {
		expect(textOf(protocolTemplate('fr', '  Budget participatif de Lille ').content![0]!)).toBe(
			'Budget participatif de Lille'
		);
		expect(textOf(protocolTemplate('fr', '   ').content![0]!)).toBe('Protocole d’expérimentation');
	});
});

/**
 * How a section's text is read wherever a decision compares or hashes it (freeze, write-back,
 * the "modified since adoption" badge in the browser): always with the French labels of the
 * enjeux, whatever the reader's language, so the same section gives the same text — and the same
 * hash — for everyone. The register is a French record.
 */
import { m } from '$lib/paraglide/messages';
import type { Enjeu } from '$lib/domain/experiment';
import type { SectionTextOptions } from '$lib/domain/proposal-section';

const FR = { locale: 'fr' } as const;

const ENJEU_FR: Record<Enjeu, () => string> = {
	diversification: () => m.structured_enjeu_diversification({}, FR),
	massification: () => m.structured_enjeu_massification({}, FR),
	engagement: () => m.structured_enjeu_engagement({}, FR),
	pouvoir_agir: () => m.structured_enjeu_pouvoir_agir({}, FR),
	perennisation: () => m.structured_enjeu_perennisation({}, FR),
	co_construction: () => m.structured_enjeu_co_construction({}, FR),
	co_decision: () => m.structured_enjeu_co_decision({}, FR),
	confiance: () => m.structured_enjeu_confiance({}, FR)
};

export const SECTION_TEXT_OPTIONS: SectionTextOptions = {
	enjeuLabel: (value) => ENJEU_FR[value as Enjeu]?.() ?? value
};

/**
 * Counts go through the i18n library's plural variants (Paraglide, Intl.PluralRules): "1 ouvert",
 * "2 ouverts", "0 expérimentation trouvée" in French, "1 experiment" / "2 experiments" in English,
 * and no count ever falls back to the message's key (French "many": 1 000 000).
 */
import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';

const fr = { locale: 'fr' as const };
const en = { locale: 'en' as const };

describe('plural messages', () => {
	it('agree with their count in French', () => {
		expect(m.review_open_count({ count: 1 }, fr)).toBe('1 ouvert');
		expect(m.review_open_count({ count: 2 }, fr)).toBe('2 ouverts');
		expect(m.ws_results_count({ count: 0 }, fr)).toBe('0 expérimentation trouvée.');
		expect(m.ws_results_count({ count: 3 }, fr)).toBe('3 expérimentations trouvées.');
		expect(m.gov_pv_subject_register({ count: 1 }, fr)).toBe('Registre des décisions (1 entrée)');
		expect(m.notif_nav_unread({ count: 1 }, fr)).toBe('Notifications (1 non lue)');
		expect(m.completeness_summary({ done: 1, total: 12 }, fr)).toBe('1 section remplie sur 12');
		expect(m.review_open_count({ count: 1_000_000 }, fr)).toBe('1000000 ouverts');
		expect(m.labo_results_count({ count: 0 }, fr)).toBe('0 ressource');
		expect(m.labo_results_count({ count: 3 }, fr)).toBe('3 ressources');
		expect(m.suggestions_since_step_added({ count: 1 }, fr)).toBe('1 caractère ajouté');
		expect(m.suggestions_since_step_removed({ count: 0 }, fr)).toBe('0 supprimé');
		expect(m.seances_quorum_missing({ counted: 1, required: 2 }, fr)).toBe(
			'Quorum non atteint : 1 membre sur 2 requis.'
		);
	});

	it('agree with their count in English', () => {
		expect(m.ws_results_count({ count: 1 }, en)).toBe('1 experiment found.');
		expect(m.ws_results_count({ count: 0 }, en)).toBe('0 experiments found.');
		expect(m.gov_role_term_months({ months: 1 }, en)).toBe('1 month');
		expect(m.labo_results_count({ count: 0 }, en)).toBe('0 resources');
		expect(m.gov_role_term_months({ months: 12 }, en)).toBe('12 months');
		expect(m.review_chars_left({ count: 1 }, en)).toBe('1 character left');
		expect(m.completeness_summary({ done: 0, total: 1 }, en)).toBe('0 of 1 section filled in');
	});
});

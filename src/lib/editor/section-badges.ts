/**
 * Badges shown next to a section heading, in the margin and in the outline (e.g. "Décision
 * adoptée le 12 mars" on the section a consent round decided). Another feature adds badges by
 * returning them from the document page's load (`data.sectionBadges`): the editor places each one
 * level with the H2 whose text matches `section` (compared without extra spaces), or drops it if no
 * heading matches. Badges are chrome around the text, never document content.
 */
export interface SectionBadge {
	/** The section heading's text, e.g. "7. Acteurs, rôles et gouvernance". */
	section: string;
	/** What the badge says (already translated). */
	label: string;
	/** Where it leads (e.g. the decision in the register). */
	href?: string;
	tone?: 'info' | 'success' | 'warning';
}

export const sameSection = (a: string, b: string) =>
	a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

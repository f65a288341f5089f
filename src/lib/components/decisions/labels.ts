/** Short phase names for badges ("En consentement · tour d'objections"). */
import { m } from '$lib/paraglide/messages';

const PHASES: Record<string, () => string> = {
	presentation: m.decisions_phase_presentation,
	clarification: m.decisions_phase_clarification,
	reactions: m.decisions_phase_reactions,
	amendment: m.decisions_phase_amendment,
	objections: m.decisions_phase_objections,
	integration: m.decisions_phase_integration,
	description: m.decisions_phase_description,
	nomination: m.decisions_phase_nomination,
	justification: m.decisions_phase_justification,
	change: m.decisions_phase_change,
	proposal: m.decisions_phase_proposal
};

export const roundPhaseLabel = (phase: string): string => PHASES[phase]?.() ?? phase;

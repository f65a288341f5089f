/** Words of the editorial path: a proposal's state and each step of its history. */
import { m } from '$lib/paraglide/messages';
import type { EditorialStep, ProposalState } from '$lib/domain/editorial';

const STATE: Readonly<Record<ProposalState, () => string>> = {
	draft: m.editorial_state_draft,
	to_review: m.editorial_state_to_review,
	changes_requested: m.editorial_state_changes_requested,
	approved: m.editorial_state_approved,
	published: m.editorial_state_published
};

const STEP: Readonly<Record<EditorialStep, (p: { actor: string }) => string>> = {
	proposed: m.editorial_step_proposed,
	comment: m.editorial_step_comment,
	changes_requested: m.editorial_step_changes_requested,
	approved: m.editorial_step_approved,
	published: m.editorial_step_published
};

export const editorialStateLabel = (state: ProposalState) => STATE[state]();
export const editorialStepLabel = (step: EditorialStep, actor: string) => STEP[step]({ actor });

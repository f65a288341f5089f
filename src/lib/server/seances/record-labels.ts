/** The words of the compte rendu and the procès-verbal that come from the UI's messages. */
import { m } from '$lib/paraglide/messages';
import { outcomeLabel } from '$lib/components/governance/labels';
import { followUpLabel } from '$lib/components/seances/labels';
import type { RecordLabels } from './minutes';

export function recordLabels(): RecordLabels {
	return {
		outcome: (d) =>
			d.kind === 'election' ? m.minutes_outcome_election() : outcomeLabel(d.outcome),
		followUpStatus: followUpLabel
	};
}

/** The body of a séance record from its form (Paris wall-clock time → instant). */
import type * as v from 'valibot';
import { parisToInstant } from '../../domain/seances/seance';
import type { seance } from '../../schemas/seances';

export function seanceBody(input: v.InferOutput<typeof seance>): Record<string, unknown> | null {
	const at = parisToInstant(input.startsOn, input.startsTime);
	if (!at) return null;
	return {
		title: input.title,
		starts_at: at.toISOString(),
		duration_minutes: input.durationMinutes,
		place: input.place,
		visio_url: input.visioUrl,
		quorum: input.quorum,
		facilitator: input.facilitator,
		secretary: input.secretary,
		invitees: input.invitees
	};
}

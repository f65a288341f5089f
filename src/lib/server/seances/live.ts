/**
 * The `seance:<id>` live topic: the séance's experiment readers may follow it (as they may read
 * its page). Notices are bare; pages refetch with the reader's own rights.
 */
import { can } from '../../domain/access';
import { seanceTopic, SEANCE_CHANGED } from '../../live/seance-events';
import { roleIn } from '../experiments';
import { liveHub } from '../live/hub';
import { registerTopicKind } from '../live/topics';
import { orNullIfMissing } from '../pb-errors';
import { adminPocketBase } from '../pocketbase';

registerTopicKind('seance', async (userId, seanceId) => {
	const admin = await adminPocketBase();
	const seance = await orNullIfMissing(
		admin.collection('seances').getOne(seanceId, { fields: 'experiment' })
	);
	if (!seance) return false;
	return can({ role: await roleIn(admin, seance.experiment, userId) }, 'read');
});

export function announceSeance(seanceId: string): void {
	liveHub().publish(seanceTopic(seanceId), { type: SEANCE_CHANGED });
}

/**
 * Where a new follow-up action comes from: a decision of the register or a comment thread of one
 * of the experiment's documents. Read with the user's own client (the rules decide what they see);
 * null when it is not theirs to see or not of this experiment.
 */
import type { TypedPocketBase } from '../../pocketbase/types';
import { orNullIfMissing } from '../pb-errors';

export interface ActionOrigin {
	kind: 'decision' | 'thread';
	id: string;
	/** The decision's title, or the passage the thread is about (and its document). */
	label: string;
	document?: string;
}

const ID = /^[a-z0-9]{15}$/;

export async function actionOrigin(
	pb: TypedPocketBase,
	experimentId: string,
	ref: { decision?: string | null; thread?: string | null }
): Promise<ActionOrigin | null> {
	if (ref.decision && ID.test(ref.decision)) {
		const decision = await orNullIfMissing(pb.collection('decisions').getOne(ref.decision));
		if (!decision || decision.experiment !== experimentId) return null;
		return { kind: 'decision', id: decision.id, label: decision.title };
	}
	if (ref.thread && ID.test(ref.thread)) {
		const thread = await orNullIfMissing(
			pb.collection('review_threads').getOne<{
				id: string;
				quote: string;
				document: string;
				expand?: { document?: { experiment: string; title: string } };
			}>(ref.thread, { expand: 'document' })
		);
		const doc = thread?.expand?.document;
		if (!thread || doc?.experiment !== experimentId) return null;
		return { kind: 'thread', id: thread.id, label: thread.quote, document: doc.title };
	}
	return null;
}

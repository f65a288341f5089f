/**
 * The topic kinds the live endpoint serves, each with its read check. Add a kind here (e.g.
 * `document` for comments) with the function that says who may listen.
 */
import { canReadRound } from '../governance/rounds';
import { adminPocketBase } from '../pocketbase';
import { registerTopicKind } from './topics';
// Review topics (`review:<documentId>`, `inbox:<userId>`) register themselves.
import '../review/live-topics';

registerTopicKind('round', async (userId, roundId) =>
	canReadRound(await adminPocketBase(), userId, roundId)
);

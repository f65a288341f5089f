/**
 * The topic kinds the live endpoint serves, each with its read check and the named views it
 * offers. Add a kind here (e.g. `document` for comments) with the function that says who may
 * listen.
 */
import { PROJECTION_VIEW } from '../../live/round-events';
import { canReadRound } from '../governance/round-reads';
import { adminPocketBase } from '../pocketbase';
import { registerTopicKind } from './topics';
// Review topics (`review:<documentId>`, `inbox:<userId>`) register themselves.
import '../review/live-topics';
// `seance:<id>` registers itself.
import '../seances/live';

// Any reader may follow the projection (as `GET /rounds/<id>/view?projection=1` allows).
registerTopicKind(
	'round',
	async (userId, roundId) => canReadRound(await adminPocketBase(), userId, roundId),
	[PROJECTION_VIEW]
);

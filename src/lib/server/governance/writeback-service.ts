/**
 * The write-back of a closed round, as its page shows it: where the adopted text stands in the
 * document (written, or waiting for the facilitator's choice between the frozen, current and
 * adopted texts), and the facilitator's choice. Readers see the comparison (nothing in it is
 * secret: the document's text and the register's); only the round's facilitator chooses.
 * No SvelteKit imports.
 */
import * as v from 'valibot';
import type { DecisionsRecord } from '../../pocketbase/types';
import { writebackChoice } from '../../schemas/governance';
import { fieldErrorsOf } from '../../schemas/messages';
import { orNullIfMissing } from '../pb-errors';
import type { ConsentRound } from '../../domain/consent-round';
import type { Election } from '../../domain/election';
import { memberContext, requireAccess } from './access';
import { GovernanceError } from './errors';
import { loadRound } from './round-store';
import {
	writeBack,
	writebackStatus,
	type WritebackChoice,
	type WritebackDeps,
	type WritebackStatus
} from './write-back';

export interface WritebackView {
	documentId: string;
	decisionId: string;
	status: WritebackStatus;
	/** The viewer is the round's facilitator and may choose. */
	canChoose: boolean;
}

async function closedDocumentRound(deps: WritebackDeps, roundId: string, userId: string) {
	const record = await loadRound(deps.admin, roundId);
	const ctx = await memberContext(deps.admin, record.experiment, userId);
	requireAccess(ctx, 'read');
	if (!record.closed || !record.document) return null;
	const decision = await orNullIfMissing(
		deps.admin
			.collection('decisions')
			.getFirstListItem<DecisionsRecord>(deps.admin.filter('round = {:r}', { r: record.id }))
	);
	if (!decision || decision.kind !== 'consent') return null;
	const facilitatorId = (record.state as ConsentRound | Election).facilitatorId;
	return { record, decision, canChoose: facilitatorId === userId && !ctx.archived };
}

/** Null for a round that writes nothing back (open, not from a document, an election). */
export async function roundWriteback(
	deps: WritebackDeps,
	roundId: string,
	userId: string
): Promise<WritebackView | null> {
	const found = await closedDocumentRound(deps, roundId, userId);
	if (!found) return null;
	return {
		documentId: found.record.document,
		decisionId: found.decision.id,
		status: await writebackStatus(deps, found.decision, found.record),
		canChoose: found.canChoose
	};
}

/** The choice of the body (its schema: src/lib/schemas/governance.ts), null for `retry`. */
function choiceOf(body: unknown): WritebackChoice | null {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new GovernanceError('invalid_input');
	// The server says who chooses, as for round commands.
	if ('by' in body || 'at' in body) throw new GovernanceError('forged_field');
	const result = v.safeParse(writebackChoice, body);
	if (!result.success)
		throw new GovernanceError('invalid_input', fieldErrorsOf(writebackChoice, result.issues));
	const { choice, currentHash, text } = result.output;
	if (choice === 'retry') return null;
	if (choice === 'merge') return { kind: 'merge', currentHash, text };
	return { kind: choice, currentHash };
}

/** The facilitator's choice (`apply`, `keep_current`, `merge` with its text), or `retry`. */
export async function chooseWriteback(
	deps: WritebackDeps,
	roundId: string,
	userId: string,
	body: unknown
): Promise<WritebackView> {
	const choice = choiceOf(body);
	const found = await closedDocumentRound(deps, roundId, userId);
	if (!found) throw new GovernanceError('writeback_not_pending');
	if (!found.canChoose) throw new GovernanceError('not_facilitator');
	const status = await writeBack(deps, {
		decision: found.decision,
		round: found.record,
		userId,
		...(choice ? { choice } : {})
	});
	return {
		documentId: found.record.document,
		decisionId: found.decision.id,
		status,
		canChoose: true
	};
}

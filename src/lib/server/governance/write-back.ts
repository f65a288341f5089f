/**
 * A decision goes back into its document. When a consent round started from a section adopts,
 * its text is written into that section of the live document as ONE change through the
 * collaboration path (`LiveDocuments.change`: everyone in the document sees it at
 * once, it is durable before this resolves), between two named versions ("Décision du 12 mars
 * 2027 — avant" / "— adoptée"). The record of it (`decision_writebacks`, append-only, one per
 * decision) holds the text the section reads as after the write, its hash (the decision's when
 * the adopted text was applied) and the document's state vector after the write.
 *
 * Never a silent overwrite: the adopted text is written by itself only when the section still
 * reads as the text that was frozen (or already reads as the adopted one). Otherwise the
 * facilitator sees the three texts (frozen / current / adopted) and chooses: apply the adopted
 * text (the current one stays in the "avant" version), keep the current text and record the
 * divergence, or write a merge. No SvelteKit imports.
 */
import * as Y from 'yjs';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import type { ConsentRound } from '../../domain/consent-round';
import { canonicalSectionText } from '../../domain/section-write';
import { isSectionAnchor, type SectionAnchor } from '../../decisions/section-anchor';
import { SECTION_TEXT_OPTIONS } from '../../decisions/section-text';
import { formatDate } from '../../i18n/format';
import type { DecisionWritebacksRecord, DecisionsRecord } from '../../pocketbase/types';
import type { LiveDocuments } from '../../../../server/collab/live-documents';
import { serverServices } from '../../../../server/services';
import { liveHub } from '../live/hub';
import { saveVersion } from '../review/versions';
import { publishRoundWriteback } from './document-decisions-topic';
import { GovernanceError } from './errors';
import { sha256Hex } from './hash';
import { readLiveSection, writeLiveSection, type SectionLocation } from './live-section';
import { withLock, type GovernanceDeps, type RoundRecord } from './round-store';

export type WritebackChoice =
	| { kind: 'apply'; currentHash: string }
	| { kind: 'keep_current'; currentHash: string }
	| { kind: 'merge'; currentHash: string; text: string };

export type WritebackStatus =
	/** Not a decision about a section (a pasted text, a withdrawn proposal…). */
	| { state: 'none' }
	| {
			state: 'done';
			outcome: DecisionWritebacksRecord['outcome'];
			at: string;
			hash: string;
			text: string;
	  }
	/** The section changed since the text was frozen: the facilitator chooses. */
	| { state: 'needs_choice'; frozen: string; current: string; currentHash: string; adopted: string }
	/** The section's heading is gone from the document. */
	| { state: 'section_missing'; adopted: string }
	/** The collaboration server (or its storage) cannot take the write now: try again later. */
	| { state: 'unavailable' };

export interface WritebackDeps extends GovernanceDeps {
	/** The live documents; by default the collaboration server's (server/services.ts). */
	documents?: LiveDocuments | null;
}

/** Refusals from inside the write transaction (thrown before anything is changed). */
class Refused extends Error {
	constructor(readonly code: 'section_missing' | 'section_changed' | 'not_representable') {
		super(code);
	}
}

const FRENCH_DAY = (iso: string) => formatDate(iso, 'fr', 'Europe/Paris');

/** "Décision du 12 mars 2027 — avant" / "— adoptée": the versions around a write-back. */
export function writebackVersionNames(decidedAt: string): { before: string; after: string } {
	const day = FRENCH_DAY(decidedAt);
	return { before: `Décision du ${day} — avant`, after: `Décision du ${day} — adoptée` };
}

function locationOf(
	decision: DecisionsRecord,
	round: RoundRecord
): SectionLocation & {
	fallbackHeading: string;
} {
	const anchor: unknown = decision.source_anchor ?? round.source_anchor;
	return isSectionAnchor(anchor)
		? { anchor: anchor as SectionAnchor, fallbackHeading: decision.section }
		: { index: -1, heading: decision.section, fallbackHeading: decision.section };
}

async function existingWriteback(
	admin: PocketBase,
	decisionId: string
): Promise<DecisionWritebacksRecord | null> {
	try {
		return await admin
			.collection('decision_writebacks')
			.getFirstListItem<DecisionWritebacksRecord>(
				admin.filter('decision = {:d}', { d: decisionId })
			);
	} catch (error) {
		if (error instanceof ClientResponseError && error.status === 404) return null;
		throw error;
	}
}

const doneOf = (record: DecisionWritebacksRecord): WritebackStatus => ({
	state: 'done',
	outcome: record.outcome,
	at: record.created,
	hash: record.hash,
	text: record.text
});

/** Is this register entry one whose text goes back into a section? */
function writesBack(decision: DecisionsRecord): boolean {
	return (
		decision.kind === 'consent' && decision.outcome === 'adopted' && decision.source_document !== ''
	);
}

function frozenText(round: RoundRecord): string {
	return (round.state as ConsentRound).versions[0]?.text ?? '';
}

/** Where the write-back of this decision stands, read from the live document. */
export async function writebackStatus(
	deps: WritebackDeps,
	decision: DecisionsRecord,
	round: RoundRecord
): Promise<WritebackStatus> {
	if (!writesBack(decision)) return { state: 'none' };
	const record = await existingWriteback(deps.admin, decision.id);
	if (record) return doneOf(record);
	const documents = deps.documents ?? serverServices().liveDocuments;
	if (!documents) return { state: 'unavailable' };
	const current = await documents
		.read(
			decision.source_document,
			(ydoc) =>
				readLiveSection(ydoc, locationOf(decision, round), SECTION_TEXT_OPTIONS)?.text ?? null
		)
		.catch(() => undefined);
	if (current === undefined) return { state: 'unavailable' };
	if (current === null) return { state: 'section_missing', adopted: decision.text };
	return {
		state: 'needs_choice',
		frozen: frozenText(round),
		current,
		currentHash: sha256Hex(current),
		adopted: decision.text
	};
}

/**
 * Writes the decision's text back (or records why not). Without a choice, it writes only when that
 * is safe — the section still reads as frozen, or already as adopted — and otherwise answers
 * `needs_choice` with the three texts. With the facilitator's choice, `currentHash` must be the
 * hash of the current text they saw: if the section changed again since, nothing is written and
 * the new comparison comes back.
 */
export function writeBack(
	deps: WritebackDeps,
	input: {
		decision: DecisionsRecord;
		round: RoundRecord;
		/** The facilitator, or null for the automatic write (right after adoption, or the schedule). */
		userId: string | null;
		choice?: WritebackChoice;
	}
): Promise<WritebackStatus> {
	return withLock(`writeback:${input.decision.id}`, () => writeBackLocked(deps, input));
}

async function writeBackLocked(
	deps: WritebackDeps,
	{
		decision,
		round,
		userId,
		choice
	}: {
		decision: DecisionsRecord;
		round: RoundRecord;
		userId: string | null;
		choice?: WritebackChoice;
	}
): Promise<WritebackStatus> {
	const status = await writebackStatus(deps, decision, round);
	if (
		status.state !== 'needs_choice' &&
		!(status.state === 'section_missing' && choice?.kind === 'keep_current')
	)
		return status;
	const documents = (deps.documents ?? serverServices().liveDocuments)!;
	const location = locationOf(decision, round);
	const current = status.state === 'needs_choice' ? status.current : '';

	let target: string | null;
	let outcome: DecisionWritebacksRecord['outcome'];
	if (!choice) {
		// Safe by itself only when nobody changed the section since it was frozen.
		if (current === decision.text) [target, outcome] = [null, 'applied'];
		else if (current === frozenText(round)) [target, outcome] = [decision.text, 'applied'];
		else return status;
	} else {
		// The choice was made on the comparison the facilitator saw: it must still be the current one.
		if (status.state === 'needs_choice' && choice.currentHash !== status.currentHash)
			throw new GovernanceError('section_changed');
		if (choice.kind === 'keep_current') [target, outcome] = [null, 'kept_current'];
		else if (choice.kind === 'apply') [target, outcome] = [decision.text, 'applied'];
		else {
			const merge = canonicalSectionText(choice.text);
			if (merge === '') throw new GovernanceError('text_required');
			[target, outcome] = [merge, 'merged'];
		}
	}

	const names = writebackVersionNames(decision.decided_at);
	let written: {
		text: string;
		stateVector: Uint8Array;
		before: Uint8Array | null;
		after: Uint8Array | null;
	};
	if (target === null) {
		// Nothing to write: the record says what the section reads as now.
		const state = await documents.read(decision.source_document, (ydoc) => ({
			stateVector: Y.encodeStateVector(ydoc),
			text: readLiveSection(ydoc, location, SECTION_TEXT_OPTIONS)?.text ?? ''
		}));
		if (state.text !== current) throw new GovernanceError('section_changed');
		written = { text: state.text, stateVector: state.stateVector, before: null, after: null };
	} else {
		const text = target;
		let change;
		try {
			change = await documents.change(decision.source_document, (ydoc) => {
				const section = readLiveSection(ydoc, location, SECTION_TEXT_OPTIONS);
				if (!section) throw new Refused('section_missing');
				// Validated inside the transaction: nobody's edit slips in between the check and the write.
				if (section.text !== current) throw new Refused('section_changed');
				const before = Y.encodeStateAsUpdate(ydoc);
				const result = writeLiveSection(ydoc, section, text, SECTION_TEXT_OPTIONS);
				if (!result.ok) throw new Refused('not_representable');
				const after = readLiveSection(
					ydoc,
					{ anchor: section.anchor, fallbackHeading: '' },
					SECTION_TEXT_OPTIONS
				);
				return { before, text: after?.text ?? '' };
			});
		} catch (error) {
			if (error instanceof Refused) {
				if (error.code === 'section_changed') throw new GovernanceError('section_changed');
				if (error.code === 'section_missing') throw new GovernanceError('section_not_found');
				throw new GovernanceError('text_not_representable');
			}
			console.error('[governance] write-back failed', error);
			return { state: 'unavailable' };
		}
		written = {
			text: change.result.text,
			stateVector: change.stateVector,
			before: change.result.before,
			after: change.state
		};
	}
	const hash = sha256Hex(written.text);
	if (outcome === 'applied' && hash !== decision.hash) {
		// Cannot happen (the plan is checked by reading it back); never record a false equality.
		console.error('[governance] write-back hash differs', { decision: decision.id });
		throw new GovernanceError('text_not_representable');
	}
	const versionBefore = written.before
		? await saveVersion(deps.admin, decision.source_document, 'named', {
				name: names.before,
				userId,
				state: written.before
			})
		: '';
	const versionAfter = written.after
		? await saveVersion(deps.admin, decision.source_document, 'named', {
				name: names.after,
				userId,
				state: written.after
			})
		: '';
	let record: DecisionWritebacksRecord;
	try {
		record = await deps.admin.collection('decision_writebacks').create<DecisionWritebacksRecord>({
			experiment: decision.experiment,
			decision: decision.id,
			round: round.id,
			document: decision.source_document,
			outcome,
			text: written.text,
			hash,
			state_vector: Buffer.from(written.stateVector).toString('base64'),
			version_before: versionBefore,
			version_after: versionAfter,
			by: userId ?? ''
		});
	} catch (error) {
		// Another process recorded it first (unique per decision): theirs stands.
		const existing = await existingWriteback(deps.admin, decision.id);
		if (existing) return doneOf(existing);
		throw error;
	}
	publishRoundWriteback(deps.hub ?? liveHub(), round.id, decision.source_document);
	return doneOf(record);
}

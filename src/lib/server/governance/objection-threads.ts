/**
 * Objections raised in a round on a section appear in the document as comment threads of kind
 * `objection`, anchored on the section's heading and linked to the round, so that someone reading
 * the protocol sees them where they apply. Written by the server only (the API rules refuse them
 * to clients), after each change of the round: a thread for every objection everyone may see (a
 * hidden objection appears once the positions are revealed), closed (`resolved`) once its
 * objection is integrated, withdrawn or set aside, or the round ends. No SvelteKit imports.
 */
import type { ConsentRound } from '../../domain/consent-round';
import type { ReviewThreadsRecord } from '../../pocketbase/types';
import { isSectionAnchor } from '../../decisions/section-anchor';
import { SECTION_TEXT_OPTIONS } from '../../decisions/section-text';
import { REVIEW_CHANGED } from '../../review/types';
import { liveHub } from '../live/hub';
import { reviewTopic } from '../review/threads';
import { headingThreadAnchor, readLiveSection } from './live-section';
import { readDocumentNow } from './proposal-source';
import type { RoundRecord } from './round-store';
import { consentView } from './view';
import type { WritebackDeps } from './write-back';

/** Brings the round's objection threads in line with its state; true when something changed. */
export async function syncObjectionThreads(
	deps: WritebackDeps,
	record: RoundRecord,
	state: ConsentRound,
	closed: boolean
): Promise<boolean> {
	if (!record.document || !isSectionAnchor(record.source_anchor)) return false;
	const { admin } = deps;
	const anchor = record.source_anchor;
	// What everyone may see: the projection's cut (nobody's).
	const visible = consentView(state, null).objections;
	const existing = await admin.collection('review_threads').getFullList<ReviewThreadsRecord>({
		filter: admin.filter('round = {:round}', { round: record.id }),
		fields: 'id,objection,status'
	});
	const byObjection = new Map(existing.map((t) => [t.objection, t]));
	const missing = visible.filter((o) => !byObjection.has(o.id));
	let changed = false;

	if (missing.length > 0) {
		const place = await readDocumentNow(
			admin,
			record.document,
			(ydoc) => {
				const section = readLiveSection(
					ydoc,
					{ anchor, fallbackHeading: record.section },
					SECTION_TEXT_OPTIONS
				);
				const threadAnchor = section ? headingThreadAnchor(ydoc, section) : null;
				return section && threadAnchor ? { anchor: threadAnchor, quote: section.heading } : null;
			},
			deps.documents
		);
		// A section whose heading is gone has no place for a thread: the round still lists them.
		for (const objection of place ? missing : []) {
			await admin.collection('review_threads').create({
				document: record.document,
				author: objection.authorId,
				kind: 'objection',
				anchor: place!.anchor,
				quote: place!.quote.slice(0, 2000),
				replacement: '',
				status: objection.status === 'open' && !closed ? 'open' : 'resolved',
				round: record.id,
				objection: objection.id,
				objection_text: objection.text.slice(0, 5000)
			});
			changed = true;
		}
	}

	const status = new Map(state.objections.map((o) => [o.id, o.status]));
	for (const thread of existing) {
		const open = status.get(thread.objection) === 'open' && !closed;
		if (thread.status === 'open' && !open) {
			await admin.collection('review_threads').update(thread.id, { status: 'resolved' });
			changed = true;
		}
	}
	if (changed)
		(deps.hub ?? liveHub()).publish(reviewTopic(record.document), {
			type: REVIEW_CHANGED,
			data: {}
		});
	return changed;
}

/**
 * The decisions about one document, for its editor (badges, outline markers, the "Décisions"
 * view): the register entries taken on its sections (read with the user's own client, so the
 * `decisions` rule applies) with how their text reached the document, and the rounds open on it
 * (read as superuser, cut to what any reader may see: phase, versions, how many objections are
 * visible). The section states themselves are derived in the browser from these and the live text
 * (domain/section-decisions.ts). No SvelteKit imports.
 */
import type PocketBase from 'pocketbase';
import { activeWindow, currentVersion, type ConsentRound } from '../../domain/consent-round';
import { can } from '../../domain/access';
import type { DecisionWritebacksRecord, DecisionsRecord } from '../../pocketbase/types';
import { isSectionAnchor } from '../../decisions/section-anchor';
import type { DocumentDecision, DocumentDecisionsView, DocumentRound } from '../../decisions/types';
import { reviewContext } from '../review/context';
import type { RoundRecord } from './round-store';
import { consentView } from './view';

const day = (value: string) => (value ?? '').slice(0, 10);

/** Today in Paris (the Labo's time zone), as YYYY-MM-DD. */
export function parisDay(now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}

export async function documentDecisions(
	admin: PocketBase,
	userPb: PocketBase,
	documentId: string,
	userId: string,
	now = new Date()
): Promise<DocumentDecisionsView> {
	// Throws not_found (a ReviewError) to anyone who may not read the document.
	const ctx = await reviewContext(admin, documentId, userId);
	const [decisions, writebacks, rounds] = await Promise.all([
		userPb.collection('decisions').getFullList<DecisionsRecord>({
			filter: userPb.filter('source_document = {:d}', { d: documentId }),
			sort: 'decided_at'
		}),
		userPb.collection('decision_writebacks').getFullList<DecisionWritebacksRecord>({
			filter: userPb.filter('document = {:d}', { d: documentId })
		}),
		admin.collection('rounds').getFullList<RoundRecord>({
			filter: admin.filter('document = {:d} && closed = false', { d: documentId }),
			sort: 'created'
		})
	]);
	const byDecision = new Map(writebacks.map((w) => [w.decision, w]));
	return {
		documentId,
		experimentId: ctx.experimentId,
		decisions: decisions.map((d): DocumentDecision => {
			const writeback = byDecision.get(d.id);
			return {
				id: d.id,
				roundId: d.round,
				kind: d.kind,
				outcome: d.outcome,
				title: d.title,
				section: d.section,
				decidedAt: d.decided_at,
				reviewDate: day(d.review_date),
				hash: d.hash,
				text: d.text,
				mode: d.mode === 'async' ? 'async' : 'live',
				anchor: isSectionAnchor(d.source_anchor) ? d.source_anchor : null,
				electedName: d.elected_name,
				termEnd: day(d.term_end),
				renews: d.renews ?? '',
				writtenText: writeback?.text ?? null,
				writeback: writeback
					? { outcome: writeback.outcome, hash: writeback.hash, at: writeback.created }
					: null
			};
		}),
		rounds: rounds.map((r): DocumentRound => {
			const consent = r.kind === 'consent' ? consentView(r.state as ConsentRound, null) : null;
			const version = consent ? currentVersion(consent) : null;
			return {
				id: r.id,
				kind: r.kind,
				title: r.title,
				section: r.section,
				phase: r.phase,
				mode: r.mode === 'async' ? 'async' : 'live',
				closesAt: consent ? (activeWindow(consent)?.closesAt ?? null) : null,
				anchor: isSectionAnchor(r.source_anchor) ? r.source_anchor : null,
				frozenText: consent?.versions[0]?.text ?? '',
				proposal:
					version && version.number > 1 ? { number: version.number, text: version.text } : null,
				openObjections: consent ? consent.objections.filter((o) => o.status === 'open').length : 0,
				renews: r.renews ?? ''
			};
		}),
		canFacilitate: can(
			{ role: ctx.role, orgRole: ctx.orgRole, archived: ctx.archived },
			'facilitate'
		),
		today: parisDay(now)
	};
}

/**
 * A round's amendment shown in its section as a tracked change (suggestion mode's marks), so that
 * everyone reading the protocol sees the proposed wording in place, attributed to whoever amended
 * it. Written by the server through the collaboration path (`LiveDocuments.change`, ONE
 * transaction, durable before the round change is announced): a new amendment replaces the
 * round's previous one; when the round ends the change is taken out (adoption then writes the
 * adopted text through the write-back; a withdrawn or postponed proposal leaves the section as
 * it was). People's own suggestions in the section stay as they are. No SvelteKit imports.
 */
import type { ConsentRound, ProposalVersion, RoundEvent } from '../../domain/consent-round';
import { planSectionWrite } from '../../domain/section-write';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import { isSectionAnchor } from '../../decisions/section-anchor';
import { SECTION_TEXT_OPTIONS } from '../../decisions/section-text';
import { editorSchema, EDITOR_FIELD } from '../../editor/extensions';
import {
	roundOfSuggestion,
	roundSuggestionId,
	suggestionIds,
	suggestSection,
	withoutSuggestions
} from '../../editor/suggestions/round-suggestion';
import { updateYFragment } from '@tiptap/y-tiptap';
import type { Schema } from '@tiptap/pm/model';
import { serverServices } from '../../../../server/services';
import { appLog, errorFields } from '../log';
import { readLiveSection } from './live-section';
import type { RoundRecord } from './round-store';
import type { WritebackDeps } from './write-back';

let schema: Schema | null = null;
const editor = () => (schema ??= editorSchema());

/** The amendment the section should show: the round's latest version, while the round is open. */
export function shownAmendment(state: ConsentRound, closed: boolean): ProposalVersion | null {
	const latest = state.versions.at(-1);
	if (closed || !latest || latest.number < 2 || latest.text === state.versions[0]?.text)
		return null;
	return latest;
}

/**
 * Brings the round's tracked change in the section in line with the round: put when an amendment
 * is made (`amend`), taken out when the round ends. Other events leave it alone (an editor who
 * rejected it from the margin is not overruled until the next amendment). True when the document
 * changed; a failure is logged and leaves the document as it was.
 */
export async function syncIntegrationSuggestion(
	deps: WritebackDeps,
	record: RoundRecord,
	input: {
		state: ConsentRound;
		closed: boolean;
		event: RoundEvent | { type: string };
		names: Record<string, string>;
	}
): Promise<boolean> {
	if (!record.document || !isSectionAnchor(record.source_anchor)) return false;
	if (input.event.type !== 'amend' && !input.closed) return false;
	const documents = deps.documents ?? serverServices().liveDocuments;
	if (!documents) return false;
	const anchor = record.source_anchor;
	const version = shownAmendment(input.state, input.closed);
	const owned = (id: string) => roundOfSuggestion(id) === record.id;
	try {
		const change = await documents.change(record.document, (ydoc) => {
			const section = readLiveSection(
				ydoc,
				{ anchor, fallbackHeading: record.section },
				SECTION_TEXT_OPTIONS
			);
			if (!section) return false;
			const json = section.doc.toJSON() as ProseMirrorJSON;
			const nodes = json.content ?? [];
			const blocks = nodes.slice(section.start, section.end);
			const hadOwn = [...suggestionIds(blocks)].some(owned);
			const clean = withoutSuggestions(blocks, owned);
			let shown: ProseMirrorJSON[] | null = null;
			if (version && clean[0]) {
				const plan = planSectionWrite(
					{ heading: clean[0], blocks: clean.slice(1) },
					version.text,
					SECTION_TEXT_OPTIONS
				);
				if (plan.ok)
					shown = suggestSection(clean, [plan.heading, ...plan.blocks], {
						id: roundSuggestionId(record.id, version.number),
						author: version.authorId,
						authorName: input.names[version.authorId] ?? '',
						time: Date.parse(version.at) || 0
					});
			}
			if (!shown && !hadOwn) return false;
			const candidates = shown ? [shown, clean] : [clean];
			for (const section_ of candidates) {
				try {
					const next = editor().nodeFromJSON({
						...json,
						content: [...nodes.slice(0, section.start), ...section_, ...nodes.slice(section.end)]
					});
					next.check();
					// Validated: the binding's own diff writes it (unchanged blocks keep their identity).
					updateYFragment(ydoc, ydoc.getXmlFragment(EDITOR_FIELD), next, section.meta);
					return true;
				} catch {
					// Not representable as tracked changes (e.g. a structured part's fields): try without.
				}
			}
			return false;
		});
		return change.changed;
	} catch (error) {
		appLog.error('governance.integration_suggestion_failed', {
			round: record.id,
			...errorFields(error)
		});
		return false;
	}
}

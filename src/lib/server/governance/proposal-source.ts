/**
 * A proposal frozen from a document section: the document as it is live in the collaboration
 * server (read through `LiveDocuments.read`, so what someone typed a moment ago is included),
 * or — when no collaboration server runs in this process (scripts, some tests) — its stored state
 * (`doc_updates` rows merged), read through the editor schema; the section's text extracted by the
 * pure domain, the anchor of its heading (so the decision finds its place after edits) and the
 * state vector of that state, so the round (and its register entry) links back to the exact
 * version. No SvelteKit imports.
 */
import { orNullIfMissing } from '../pb-errors';
import { NOT_NOTES } from '../../domain/document-kinds';
import type PocketBase from 'pocketbase';
import * as Y from 'yjs';
import {
	documentSections,
	sectionText,
	type DocumentSection,
	type SectionTextOptions
} from '../../domain/proposal-section';
import { SECTION_TEXT_OPTIONS } from '../../decisions/section-text';
import { PART_NODES } from '../../domain/structured-parts';
import { anchorOfBlock, isSectionAnchor, type SectionAnchor } from '../../decisions/section-anchor';
import { EDITOR_FIELD } from '../../editor/extensions';
import type { LiveDocuments } from '../../../../server/collab/live-documents';
import { serverServices } from '../../../../server/services';
import { stateToProseMirror, storedDocumentState } from '../review/doc-state';
import { GovernanceError } from './errors';
import { readLiveSection } from './live-section';

export interface SourceSection extends DocumentSection {
	/** Its text now, to start a proposed new wording from. */
	text: string;
}

export interface SourceDocument {
	id: string;
	title: string;
	sections: SourceSection[];
	/** Holds a COPIL composition part (an election can write its result there). */
	hasCopilPart: boolean;
}

export interface FrozenSection {
	documentId: string;
	heading: string;
	text: string;
	/** Yjs state vector of the state the text was read from (base64). */
	stateVector: string;
	/** The section heading's Yjs identity. */
	anchor: SectionAnchor;
}

const ID = /^[a-z0-9]{15}$/;

async function experimentDocument(admin: PocketBase, experimentId: string, documentId: string) {
	if (!ID.test(documentId)) throw new GovernanceError('invalid_input');
	const doc = await orNullIfMissing(
		admin.collection('documents').getOne(documentId, { fields: 'id,title,experiment,archived' })
	);
	if (!doc || doc.experiment !== experimentId) throw new GovernanceError('invalid_input');
	return doc;
}

/** The experiment's documents (not archived) with their sections, for the creation form. */
export async function sourceDocuments(
	admin: PocketBase,
	experimentId: string
): Promise<SourceDocument[]> {
	const docs = await admin.collection('documents').getFullList({
		filter: admin.filter(`experiment = {:e} && archived = false && ${NOT_NOTES}`, {
			e: experimentId
		}),
		sort: 'title',
		fields: 'id,title'
	});
	return Promise.all(
		docs.map(async (doc) => {
			const json = await readDocumentNow(admin, doc.id, (ydoc) =>
				stateToProseMirror(Y.encodeStateAsUpdate(ydoc))
			);
			return {
				id: doc.id,
				title: String(doc.title),
				sections: documentSections(json).map((section) => {
					const text = sectionText(json, section, SECTION_TEXT_OPTIONS);
					return { ...section, text: text.ok ? text.text : section.heading };
				}),
				hasCopilPart: (json.content ?? []).some((n) => n.type === PART_NODES.copil.block)
			};
		})
	);
}

/**
 * Runs `reader` on the document as it is now: the live one when the collaboration server runs in
 * this process, else a Y.Doc built from the stored rows.
 */
export async function readDocumentNow<T>(
	admin: PocketBase,
	documentId: string,
	reader: (ydoc: Y.Doc) => T,
	documents: LiveDocuments | null = serverServices().liveDocuments
): Promise<T> {
	if (documents) return documents.read(documentId, reader);
	const ydoc = new Y.Doc();
	try {
		Y.applyUpdate(ydoc, await storedDocumentState(admin, documentId));
		return reader(ydoc);
	} finally {
		ydoc.destroy();
	}
}

/**
 * Freezes a section of the document as it is now: section `index` checked against `heading`
 * (the creation form's choice), or the section an anchor points at (a renewal).
 */
export async function freezeSection(
	admin: PocketBase,
	experimentId: string,
	choice:
		| { documentId: string; index: number; heading: string }
		| { documentId: string; anchor: SectionAnchor; heading: string },
	options: SectionTextOptions = {},
	documents?: LiveDocuments | null
): Promise<FrozenSection> {
	await experimentDocument(admin, experimentId, choice.documentId);
	if ('index' in choice && (!Number.isInteger(choice.index) || choice.index < 0))
		throw new GovernanceError('section_not_found');
	const location =
		'anchor' in choice
			? { anchor: choice.anchor, fallbackHeading: choice.heading }
			: { index: choice.index, heading: choice.heading };
	const frozen = await readDocumentNow(
		admin,
		choice.documentId,
		(ydoc) => {
			const section = readLiveSection(ydoc, location, options);
			if (!section) return null;
			return {
				heading: section.heading,
				text: section.text,
				anchor: section.anchor,
				stateVector: Buffer.from(Y.encodeStateVector(ydoc)).toString('base64')
			};
		},
		documents
	);
	if (!frozen) {
		// Tell a heading that moved or changed from one that is gone.
		const sections = await sourceSections(admin, choice.documentId, documents);
		const same = 'index' in choice && sections.find((s) => s.index === choice.index);
		throw new GovernanceError(same ? 'section_changed' : 'section_not_found');
	}
	if (frozen.heading === '') throw new GovernanceError('section_empty');
	return { documentId: choice.documentId, ...frozen };
}

async function sourceSections(
	admin: PocketBase,
	documentId: string,
	documents?: LiveDocuments | null
): Promise<DocumentSection[]> {
	return readDocumentNow(
		admin,
		documentId,
		(ydoc) => documentSections(stateToProseMirror(Y.encodeStateAsUpdate(ydoc))),
		documents
	);
}

/** The COPIL composition part of a document, for an election that writes its result there. */
export async function copilPartSource(
	admin: PocketBase,
	experimentId: string,
	documentId: string,
	documents?: LiveDocuments | null
): Promise<{ documentId: string; anchor: SectionAnchor; heading: string }> {
	await experimentDocument(admin, experimentId, documentId);
	const found = await readDocumentNow(
		admin,
		documentId,
		(ydoc) => {
			const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
			const blocks = fragment.toArray();
			const index = blocks.findIndex(
				(b) => b instanceof Y.XmlElement && b.nodeName === PART_NODES.copil.block
			);
			if (index < 0) return null;
			// The section holding it: the last H2 above.
			let heading = '';
			for (let i = index - 1; i >= 0; i--) {
				const b = blocks[i];
				if (
					b instanceof Y.XmlElement &&
					b.nodeName === 'heading' &&
					Number(b.getAttribute('level')) <= 2
				) {
					heading = b
						.toArray()
						.map((t) =>
							t instanceof Y.XmlText
								? (t.toDelta() as { insert?: unknown }[])
										.map((d) => (typeof d.insert === 'string' ? d.insert : ''))
										.join('')
								: ''
						)
						.join('')
						.trim();
					break;
				}
			}
			const anchor = anchorOfBlock(fragment, index);
			return anchor ? { anchor, heading } : null;
		},
		documents
	);
	if (!found) throw new GovernanceError('section_not_found');
	return { documentId, ...found };
}

/** The current text of the section a register entry is about (for a renewal's comparison). */
export async function currentSectionOf(
	admin: PocketBase,
	decision: { source_document: string; source_anchor: unknown; section: string },
	documents?: LiveDocuments | null
): Promise<string | null> {
	const anchor = decision.source_anchor;
	if (!decision.source_document || !isSectionAnchor(anchor)) return null;
	return readDocumentNow(
		admin,
		decision.source_document,
		(ydoc) =>
			readLiveSection(ydoc, { anchor, fallbackHeading: decision.section }, SECTION_TEXT_OPTIONS)
				?.text ?? null,
		documents
	);
}

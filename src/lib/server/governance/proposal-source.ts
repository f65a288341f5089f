/**
 * A proposal frozen from a document section: the document's current stored state (its
 * `doc_updates` rows merged, as the collaboration server loads them; superuser only), read through
 * the editor schema, the section's text extracted by the pure domain, and the state vector of that
 * state so the round (and its register entry) links back to the exact version. No SvelteKit
 * imports. Edits still in the collaboration server's batch window (about a second) are not yet
 * stored, hence not frozen.
 */
import { orNullIfMissing } from '../pb-errors';
import type PocketBase from 'pocketbase';
import * as Y from 'yjs';
import {
	documentSections,
	sectionText,
	type DocumentSection,
	type SectionTextOptions
} from '../../domain/proposal-section';
import { stateToProseMirror, storedDocumentState } from '../review/doc-state';
import { GovernanceError } from './errors';

export interface SourceDocument {
	id: string;
	title: string;
	sections: DocumentSection[];
}

export interface FrozenSection {
	documentId: string;
	heading: string;
	text: string;
	/** Yjs state vector of the stored state the text was read from (base64). */
	stateVector: string;
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
		filter: admin.filter('experiment = {:e} && archived = false', { e: experimentId }),
		sort: 'title',
		fields: 'id,title'
	});
	return Promise.all(
		docs.map(async (doc) => ({
			id: doc.id,
			title: String(doc.title),
			sections: documentSections(stateToProseMirror(await storedDocumentState(admin, doc.id)))
		}))
	);
}

/** Freezes section `index` (checked against `heading`) of the document as it is stored now. */
export async function freezeSection(
	admin: PocketBase,
	experimentId: string,
	choice: { documentId: string; index: number; heading: string },
	options: SectionTextOptions = {}
): Promise<FrozenSection> {
	await experimentDocument(admin, experimentId, choice.documentId);
	if (!Number.isInteger(choice.index) || choice.index < 0)
		throw new GovernanceError('section_not_found');
	const state = await storedDocumentState(admin, choice.documentId);
	const result = sectionText(stateToProseMirror(state), choice, options);
	if (!result.ok) throw new GovernanceError(result.error);
	return {
		documentId: choice.documentId,
		heading: result.heading,
		text: result.text,
		stateVector: Buffer.from(Y.encodeStateVectorFromUpdate(state)).toString('base64')
	};
}

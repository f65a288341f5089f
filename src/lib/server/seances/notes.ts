/**
 * The live notes of a séance: one Yjs document per séance, a `documents` record of kind
 * `notes_seance` whose id is the séance's (so two first visitors create it once: the second
 * create is refused as a duplicate id), one fragment per agenda item (`notesField`). Written and
 * read through the collaboration server like any document: same auth, access and durability.
 */
import * as Y from 'yjs';
import type { TypedPocketBase } from '../../pocketbase/types';
import { SEANCE_NOTES_KIND } from '../../domain/document-kinds';
import { EDITOR_SCHEMA_VERSION } from '../../editor/schema-version';
import { addSnapshotRow } from '../../../../server/storage/doc-rows';
import { isStatus, orNullIfMissing } from '../pb-errors';

interface SeanceRef {
	id: string;
	experiment: string;
	title: string;
	created_by: string;
}

/** Creates the séance's notes document when it does not exist yet; returns its id. */
export async function ensureSeanceNotes(
	admin: TypedPocketBase,
	seance: SeanceRef
): Promise<string> {
	const existing = await orNullIfMissing(
		admin.collection('documents').getOne(seance.id, { fields: 'id,kind,experiment' })
	);
	if (existing) {
		if (existing.kind !== SEANCE_NOTES_KIND || existing.experiment !== seance.experiment)
			throw new Error(`document ${seance.id} is not the notes of séance ${seance.id}`);
		return existing.id;
	}
	const empty = new Y.Doc();
	const state = Y.encodeStateAsUpdate(empty);
	empty.destroy();
	const batch = admin.createBatch();
	batch.collection('documents').create({
		id: seance.id,
		experiment: seance.experiment,
		kind: SEANCE_NOTES_KIND,
		title: seance.title.slice(0, 300),
		archived: false,
		schema_version: EDITOR_SCHEMA_VERSION,
		created_by: seance.created_by
	});
	addSnapshotRow(batch, seance.id, state);
	try {
		await batch.send();
	} catch (error) {
		// Another visitor created it a moment ago.
		if (!isStatus(error, 400)) throw error;
		const created = await orNullIfMissing(admin.collection('documents').getOne(seance.id));
		if (!created) throw error;
	}
	return seance.id;
}

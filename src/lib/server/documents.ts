/**
 * Creating a document: the record and its initial Yjs state (the template) are written in one
 * PocketBase batch (a transaction), so a document never exists without its first `doc_updates`
 * row. `doc_updates` is superuser-only, hence the admin client. Reused by the seed script, so no
 * SvelteKit-only imports here.
 */
import { randomInt } from 'node:crypto';
import type { TypedPocketBase } from '../pocketbase/types';
import { can } from '../domain/access';
import {
	DOCUMENT_KINDS,
	DOCUMENT_TITLE_MAX,
	isDocumentKind,
	type DocumentKind
} from '../domain/document-kinds';
import { experimentRoles } from './members';
import { isStatus } from './pb-errors';
import {
	protocolTemplate,
	type ProseMirrorJSON,
	type TemplateLocale
} from '../domain/templates/protocol';
import { copilMinutesTemplate } from '../domain/templates/compte-rendu-copil';
import { logbookTemplate } from '../domain/templates/carnet-de-bord';
import { lessonsLearnedTemplate } from '../domain/templates/fiche-retour';
import { methodGuideTemplate } from '../domain/templates/guide-methodologique';
import { freeDocumentTemplate } from '../domain/templates/libre';
import { formatDate } from '../i18n/format';
import { createDocumentState } from '../editor/template-state';
import { EDITOR_SCHEMA_VERSION } from '../editor/schema-version';
import { addSnapshotRow } from '../../../server/storage/doc-rows';

export { DOCUMENT_KINDS, DOCUMENT_TITLE_MAX, isDocumentKind, type DocumentKind };

export interface CreateDocumentInput {
	experimentId: string;
	/** The user creating the document: must be an editor of the experiment. */
	userId: string;
	kind: DocumentKind;
	title: string;
	/** Language of the template's headings and prompts. */
	locale?: TemplateLocale;
	/** Starting content instead of the kind's template (seeded documents, e.g. a strategy). */
	content?: ProseMirrorJSON;
}

export type CreateDocumentResult =
	{ ok: true; id: string } | { ok: false; error: 'invalid_title' | 'forbidden' | 'not_found' };

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A PocketBase record id (15 chars of [a-z0-9]), chosen up front so both rows can refer to it. */
export function newRecordId(): string {
	let id = '';
	for (let i = 0; i < 15; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
	return id;
}

/** The starting content of a new document of `kind` (French by default). */
export function templateFor(
	kind: DocumentKind,
	locale: TemplateLocale,
	title: string,
	now: Date
): ProseMirrorJSON {
	switch (kind) {
		case 'protocole':
			return protocolTemplate(locale, title);
		case 'compte_rendu_copil':
			return copilMinutesTemplate(locale, title);
		case 'carnet_de_bord':
			return logbookTemplate(locale, formatDate(now.toISOString(), locale), title);
		case 'fiche_retour':
			return lessonsLearnedTemplate(locale, title);
		case 'guide_methodologique':
			return methodGuideTemplate(locale, title);
		case 'libre':
			return freeDocumentTemplate(locale, title);
	}
}

export async function createDocumentWithTemplate(
	admin: TypedPocketBase,
	input: CreateDocumentInput
): Promise<CreateDocumentResult> {
	const title = input.title.trim();
	if (title === '' || title.length > DOCUMENT_TITLE_MAX)
		return { ok: false, error: 'invalid_title' };

	let experiment;
	try {
		experiment = await admin.collection('experiments').getOne(input.experimentId);
	} catch (error) {
		if (isStatus(error, 404)) return { ok: false, error: 'not_found' };
		throw error;
	}
	const roles = await experimentRoles(admin, input.experimentId, input.userId);
	if (!can({ ...roles, archived: experiment.status === 'archivee' }, 'edit')) {
		return { ok: false, error: 'forbidden' };
	}

	const content = input.content ?? templateFor(input.kind, input.locale ?? 'fr', title, new Date());
	const state = createDocumentState(content);
	const id = newRecordId();

	const batch = admin.createBatch();
	batch.collection('documents').create({
		id,
		experiment: input.experimentId,
		kind: input.kind,
		title,
		archived: false,
		schema_version: EDITOR_SCHEMA_VERSION,
		created_by: input.userId
	});
	addSnapshotRow(batch, id, state);
	await batch.send();
	return { ok: true, id };
}

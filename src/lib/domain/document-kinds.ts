/** The kinds of documents of an experiment (PocketBase's `documents.kind` values) and title size. */
export const DOCUMENT_KINDS = [
	'protocole',
	'compte_rendu_copil',
	'carnet_de_bord',
	'fiche_retour',
	'guide_methodologique',
	'libre'
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export function isDocumentKind(value: unknown): value is DocumentKind {
	return typeof value === 'string' && (DOCUMENT_KINDS as readonly string[]).includes(value);
}

export const DOCUMENT_TITLE_MAX = 200;

/**
 * The live notes of a séance (one Yjs document per séance, one fragment per agenda item): a
 * `documents` record for the collaboration path's sake, never listed among the experiment's
 * documents (filter `NOT_NOTES`).
 */
export const SEANCE_NOTES_KIND = 'notes_seance';
export const NOT_NOTES = `kind != "${SEANCE_NOTES_KIND}"`;

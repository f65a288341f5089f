/**
 * Why a file could not be imported. Each id has a French (and English) message in the app
 * (`import_error_<id>` in messages/import/); the converter never shows text of its own.
 */
export const IMPORT_ERRORS = [
	'empty',
	'too_large',
	'unsupported',
	'legacy_doc',
	'pdf',
	'spreadsheet',
	'executable',
	'macro',
	'encrypted',
	'truncated',
	'corrupt',
	'zip_bomb',
	'external_entities',
	'not_text',
	'timeout',
	'memory',
	'converter_missing',
	'failed'
] as const;

export type ImportErrorId = (typeof IMPORT_ERRORS)[number];

export function isImportErrorId(value: unknown): value is ImportErrorId {
	return typeof value === 'string' && (IMPORT_ERRORS as readonly string[]).includes(value);
}

export class ImportError extends Error {
	constructor(
		readonly id: ImportErrorId,
		/** A short technical detail for the logs (never shown as is). */
		readonly detail = ''
	) {
		super(detail ? `${id}: ${detail}` : id);
		this.name = 'ImportError';
	}
}

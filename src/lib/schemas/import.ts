/**
 * The import forms' input (Valibot): the analysis form (a file, and either the new document's
 * type and title or the receiving section) and the confirmation form (the analysis token).
 * Self-contained: one schema per input, read from the request's FormData.
 */
import * as v from 'valibot';
import { DOCUMENT_KINDS } from '../server/documents';
import { IMPORT_FILE_MAX_BYTES } from '../domain/import/limits';

const file = v.pipe(
	v.custom<File>(
		(value) => value instanceof File && value.size > 0 && value.name !== '',
		'no_file'
	),
	v.check((value) => value.size <= IMPORT_FILE_MAX_BYTES, 'too_large')
);

export const NewDocumentImportSchema = v.object({
	fichier: file,
	type: v.picklist(DOCUMENT_KINDS, 'invalid'),
	titre: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, 'invalid_title')), '')
});

export const SectionImportSchema = v.object({
	fichier: file,
	section: v.pipe(
		v.string(),
		v.regex(/^\d{1,3}$/, 'invalid'),
		v.transform((value) => Number(value))
	)
});

export const ConfirmImportSchema = v.object({
	jeton: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{24}$/, 'expired'))
});

/** The form's fields as Valibot reads them (a file stays a File). */
export function formFields(form: FormData): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of form) out[key] = value;
	return out;
}

/** The first issue's message id (our schemas only use ids as messages). */
export function firstIssue(issues: readonly v.BaseIssue<unknown>[]): string {
	return issues[0]?.message ?? 'invalid';
}

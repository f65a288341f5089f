/**
 * The import pages' shared server side: turning form posts into service calls and refusals into
 * `{ error }` ids shown in French (or English) by the page.
 */
import { fail, type ActionFailure } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { adminPocketBase } from '$lib/server/pocketbase';
import { partLabels } from '$lib/server/export/service';
import { toExportBlocks } from '$lib/server/export/model';
import { serverServices } from '$server/services';
import { ConfirmImportSchema, firstIssue, formFields } from '$lib/schemas/import';
import {
	ImportServiceError,
	analyseImport,
	commentWording,
	confirmImport,
	type ImportTarget
} from './service';

type Failure = ActionFailure<{ step: 'analyse' | 'confirm'; error: string }>;

const STATUS: Record<string, number> = {
	forbidden: 403,
	not_found: 404,
	expired: 410,
	unavailable: 503,
	timeout: 422,
	too_large: 413
};

export function refusal(step: 'analyse' | 'confirm', error: string): Failure {
	return fail(STATUS[error] ?? 400, { step, error });
}

/** Reads the posted form; a body over the limit (adapter-node answers 413) is `too_large`. */
export async function readForm(request: Request): Promise<FormData | string> {
	try {
		return await request.formData();
	} catch (error) {
		const status = (error as { status?: number }).status;
		return status === 413 ? 'too_large' : 'invalid';
	}
}

export async function analyse(userId: string, target: ImportTarget, file: File) {
	const converter = serverServices().importConverter;
	if (!converter) return refusal('analyse', 'unavailable');
	try {
		const view = await analyseImport(
			{ admin: await adminPocketBase(), converter },
			{ userId, target, fileName: file.name, data: new Uint8Array(await file.arrayBuffer()) }
		);
		return {
			step: 'report' as const,
			token: view.token,
			report: view.report,
			preview: toExportBlocks(view.preview, partLabels(), { keepPrompts: true })
		};
	} catch (error) {
		if (error instanceof ImportServiceError) return refusal('analyse', error.id);
		throw error;
	}
}

export async function confirm(userId: string, form: FormData) {
	const parsed = v.safeParse(ConfirmImportSchema, formFields(form));
	if (!parsed.success) return { error: refusal('confirm', firstIssue(parsed.issues)) };
	const locale = getLocale() === 'en' ? 'en' : 'fr';
	try {
		const result = await confirmImport(
			{
				admin: await adminPocketBase(),
				live: serverServices().liveDocuments,
				wording: commentWording(locale, {
					comment: (p) => m.import_comment_body(p),
					reply: (p) => m.import_comment_reply(p),
					noPassage: () => m.import_comment_no_passage(),
					unknownAuthor: () => m.import_unknown_author()
				})
			},
			userId,
			parsed.output.jeton
		);
		return { result };
	} catch (error) {
		if (error instanceof ImportServiceError) return { error: refusal('confirm', error.id) };
		throw error;
	}
}

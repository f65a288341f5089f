/** Sends a file to the document (`POST /documents/<id>/fichiers`) and says refusals in French. */
import { m } from '$lib/paraglide/messages';
import { FILE_MAX_BYTES, IMAGE_MAX_BYTES, type MediaKind } from '$lib/domain/files';

export interface UploadedFile {
	key: string;
	kind: MediaKind;
	name: string;
	mime: string;
	size: number;
	width: number;
	height: number;
}

/** Rejects with an Error whose message is the refusal's code (see `fileErrorText`). */
export async function uploadDocumentFile(documentId: string, file: File): Promise<UploadedFile> {
	const body = new FormData();
	body.append('file', file);
	const response = await fetch(`/documents/${documentId}/fichiers`, { method: 'POST', body }).catch(
		() => null
	);
	if (!response) throw new Error('unavailable');
	const data = (await response.json().catch(() => ({}))) as Partial<UploadedFile> & {
		error?: string;
	};
	if (!response.ok || !data.key) throw new Error(data.error ?? 'unavailable');
	return data as UploadedFile;
}

const megabytes = (bytes: number) => String(Math.round(bytes / (1024 * 1024)));

export function fileErrorText(code: string): string {
	switch (code) {
		case 'file_empty':
			return m.writing_file_error_empty();
		case 'file_too_large':
			return m.writing_file_error_too_large({ max: megabytes(FILE_MAX_BYTES) });
		case 'image_too_large':
			return m.writing_file_error_too_large({ max: megabytes(IMAGE_MAX_BYTES) });
		case 'image_dimensions':
			return m.writing_file_error_dimensions();
		case 'file_type':
			return m.writing_file_error_type();
		case 'file_disguised':
			return m.writing_file_error_disguised();
		case 'image_corrupt':
			return m.writing_file_error_corrupt();
		case 'svg_unsafe':
			return m.writing_file_error_svg();
		case 'forbidden':
			return m.review_error_forbidden();
		case 'not_found':
			return m.review_error_not_found();
		default:
			return m.review_error_unavailable();
	}
}

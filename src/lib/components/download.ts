/**
 * Downloads a server-generated file (export) with fetch, so the page can show progress and a
 * French error instead of a silent failed navigation. The links and forms keep their plain
 * `href`/`action`: without JavaScript the browser downloads them directly.
 */
import { m } from '$lib/paraglide/messages';

/** A failed download, with the HTTP status (0: the network, not the server). */
export class DownloadError extends Error {
	constructor(readonly status: number) {
		super(`download failed (${status})`);
		this.name = 'DownloadError';
	}
}

/** `attachment; filename="x.pdf"` → `x.pdf` (the fallback when absent). */
export function filenameFrom(disposition: string | null, fallback: string): string {
	const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
	if (!match?.[1]) return fallback;
	try {
		return decodeURIComponent(match[1]);
	} catch {
		return match[1];
	}
}

/** Fetches `url` and hands the file to the browser's download. Throws DownloadError. */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
	let response: Response;
	try {
		response = await fetch(url, { credentials: 'same-origin' });
	} catch {
		throw new DownloadError(0);
	}
	if (!response.ok) throw new DownloadError(response.status);
	const blob = await response.blob();
	const href = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = href;
	link.download = filenameFrom(response.headers.get('content-disposition'), fallbackName);
	document.body.append(link);
	link.click();
	link.remove();
	// Give the browser time to start reading the blob before releasing it.
	setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** What went wrong with an export and what to do about it, in the UI language. */
export function downloadErrorText(error: unknown): string {
	const status = error instanceof DownloadError ? error.status : -1;
	if (status === 0) return m.progress_export_error_network();
	if (status === 401) return m.progress_export_error_session();
	if (status === 403 || status === 404) return m.progress_export_error_access();
	if (status === 400) return m.progress_export_error_request();
	return m.progress_export_error_server();
}

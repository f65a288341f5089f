/** Reads PocketBase failures into the stable codes the UI knows (see src/lib/i18n/errors.ts). */
import { ClientResponseError } from 'pocketbase';

/** The first `code` of a PocketBase 400's field errors (e.g. a hook's `last_coordinator`). */
export function pocketBaseCode(error: unknown): string | null {
	if (!(error instanceof ClientResponseError)) return null;
	if (error.status === 403) return 'forbidden';
	if (error.status === 404) return 'not_found';
	if (error.status !== 400) return null;
	const data = (error.response as { data?: Record<string, { code?: unknown }> }).data ?? {};
	for (const detail of Object.values(data)) {
		if (typeof detail?.code === 'string') return detail.code;
	}
	return null;
}

export function isStatus(error: unknown, status: number): boolean {
	return error instanceof ClientResponseError && error.status === status;
}

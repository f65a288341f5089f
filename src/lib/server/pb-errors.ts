/** Reads PocketBase failures: outages, absences, and the stable codes the UI knows. */
import { ClientResponseError } from 'pocketbase';
import { isUnavailable } from '../../../server/pocketbase/superuser';

/** The first `code` of a PocketBase 400's field errors (e.g. a hook's `last_coordinator`). */
export function pocketBaseCode(error: unknown): string | null {
	if (!(error instanceof ClientResponseError)) return null;
	if (error.status === 403) return 'forbidden';
	if (error.status === 404) return 'not_found';
	if (error.status === 429) return 'throttled';
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

/**
 * PocketBase could not answer (network failure, timeout, 5xx): an outage, which a retry may
 * fix — never a "not found" nor an input error. (429 is throttling: its own message.)
 */
export function isOutage(error: unknown): boolean {
	return isUnavailable(error) && !isStatus(error, 429);
}

/**
 * The record, or null when PocketBase answers 404 (it does not exist, or the rules hide it).
 * Anything else — an outage above all — is thrown: an outage must never read as an absence.
 */
export async function orNullIfMissing<T>(request: Promise<T>): Promise<T | null> {
	try {
		return await request;
	} catch (error) {
		if (isStatus(error, 404)) return null;
		throw error;
	}
}

/** The Node server's own PocketBase client, signed in as superuser (storage, access checks). */
import PocketBase, { ClientResponseError } from 'pocketbase';

export interface SuperuserCredentials {
	url: string;
	email: string;
	password: string;
}

/** A client for server-side use: no auto-cancellation (parallel identical requests are normal). */
export function serverClient(url: string): PocketBase {
	const pb = new PocketBase(url);
	pb.autoCancellation(false);
	return pb;
}

export async function connectSuperuser(credentials: SuperuserCredentials): Promise<PocketBase> {
	const pb = serverClient(credentials.url);
	// The SDK signs in again by itself when the token gets within 30 minutes of expiry.
	await pb.collection('_superusers').authWithPassword(credentials.email, credentials.password, {
		autoRefreshThreshold: 30 * 60
	});
	return pb;
}

/** Network failure, timeout, rate limit or 5xx: PocketBase could not answer, try again later. */
export function isUnavailable(error: unknown): boolean {
	if (!(error instanceof ClientResponseError)) return false;
	return error.status === 0 || error.status === 429 || error.status >= 500;
}

export function isNotFound(error: unknown): boolean {
	return error instanceof ClientResponseError && error.status === 404;
}

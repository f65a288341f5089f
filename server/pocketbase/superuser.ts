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

/**
 * Signs in as superuser and keeps that session alive across PocketBase restarts. A superuser
 * token dies early when its tokenKey changes (password set again — `pocketbase superuser upsert`
 * on every start does that — or rotated by an operator), and PocketBase then treats requests as a
 * guest's: 403 on superuser-only collections, 404 on rule-filtered records. So on a 401/403/404 the
 * session is checked once (auth-refresh; shared by concurrent requests); if it is dead, the client
 * signs in again and the request is retried once with the new token.
 */
/**
 * Every request waiting for a renewal shares it: a PocketBase that stops answering must not hold
 * them forever.
 */
const SESSION_CHECK_TIMEOUT_MS = 10_000;

export async function connectSuperuser(credentials: SuperuserCredentials): Promise<PocketBase> {
	const pb = serverClient(credentials.url);
	// The SDK signs in again by itself when the token gets within 30 minutes of expiry.
	const signIn = () =>
		pb.collection('_superusers').authWithPassword(credentials.email, credentials.password, {
			autoRefreshThreshold: 30 * 60,
			signal: AbortSignal.timeout(SESSION_CHECK_TIMEOUT_MS)
		});
	let checking: Promise<boolean> | null = null;
	/** Resolves true when the session was dead and has been renewed. */
	const renewIfDead = (): Promise<boolean> =>
		(checking ??= (async () => {
			const probe = await fetch(`${credentials.url}/api/collections/_superusers/auth-refresh`, {
				method: 'POST',
				headers: { Authorization: pb.authStore.token },
				signal: AbortSignal.timeout(SESSION_CHECK_TIMEOUT_MS)
			});
			await probe.body?.cancel();
			if (probe.status !== 401 && probe.status !== 403) return false;
			await signIn();
			return true;
		})().finally(() => {
			checking = null;
		}));
	const sessionKeepingFetch = async (url: RequestInfo | URL, init?: RequestInit) => {
		const response = await fetch(url, init);
		if (![401, 403, 404].includes(response.status) && !(await batchRefusedAsGuest(response))) {
			return response;
		}
		const sent = new Headers(init?.headers).get('Authorization');
		if (!sent) return response;
		// Sent with a token renewed meanwhile, or with one that turns out dead: retry once.
		const retry = sent !== pb.authStore.token || (await renewIfDead().catch(() => false));
		if (!retry) return response;
		await response.body?.cancel();
		const headers = new Headers(init?.headers);
		headers.set('Authorization', pb.authStore.token);
		return fetch(url, { ...init, headers });
	};
	pb.beforeSend = (url, options) => {
		options.fetch = sessionKeepingFetch;
		return { url, options };
	};
	await signIn();
	return pb;
}

/**
 * A batch answers 400 when one of its requests failed; a request refused because the session
 * is dead (401/403) must renew the session like a plain request would, not fail as bad data.
 */
async function batchRefusedAsGuest(response: Response): Promise<boolean> {
	if (response.status !== 400 || !new URL(response.url).pathname.endsWith('/api/batch')) {
		return false;
	}
	const body = (await response
		.clone()
		.json()
		.catch(() => null)) as { data?: { requests?: Record<string, unknown> } } | null;
	const requests = body?.data?.requests;
	if (typeof requests !== 'object' || requests === null) return false;
	return Object.values(requests).some((failure) => {
		const status = (failure as { response?: { status?: unknown } } | null)?.response?.status;
		return status === 401 || status === 403;
	});
}

/** Network failure, timeout, rate limit or 5xx: PocketBase could not answer, try again later. */
export function isUnavailable(error: unknown): boolean {
	if (!(error instanceof ClientResponseError)) return false;
	return error.status === 0 || error.status === 429 || error.status >= 500;
}

export function isNotFound(error: unknown): boolean {
	return error instanceof ClientResponseError && error.status === 404;
}

/**
 * Decides whether an upgrade request may join a document, before the socket gets any document
 * or awareness byte: Origin allowlist, document name, editor schema version, session token,
 * then the user's access from the injected Authenticator.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { SCHEMA_VERSION_PARAM, documentNameFromPath } from '../../src/lib/collab/protocol';
import {
	AuthBackendUnavailable,
	sessionTokenFrom,
	type Authenticator,
	type AuthUser,
	type ConnectionAccess
} from '../auth/authenticator';
import { CollabError, CollabErrorId } from './errors';

export interface ConnectionRequest {
	/** Request target as received, e.g. `/collab/abc123def456ghi?schema=1`. */
	url: string;
	headers: IncomingHttpHeaders;
	remoteAddress?: string;
}

export interface AdmissionPolicy {
	auth: Authenticator;
	/** Exact origins (`scheme://host[:port]`) allowed to open a socket from a browser. */
	allowedOrigins: ReadonlySet<string>;
	schemaVersion: number;
}

export interface Admission {
	documentName: string;
	user: AuthUser;
	access: ConnectionAccess;
}

/**
 * Origin: browsers always send it on WebSocket upgrades, so a foreign one is refused. A request
 * without Origin comes from a non-browser client (Node, scripts); it is let through because it
 * still has to present a valid session token like everybody else — Origin protects cookies
 * against cross-site use, it is not an authentication.
 */
export function checkOrigin(headers: IncomingHttpHeaders, allowed: ReadonlySet<string>): void {
	const origin = headers.origin;
	if (origin === undefined) return;
	if (!allowed.has(origin)) throw new CollabError(CollabErrorId.OriginNotAllowed);
}

/** Parses the request target; throws the matching refusal. */
export function parseTarget(url: string, schemaVersion: number): { documentName: string } {
	const parsed = new URL(url, 'http://collab.invalid');
	const documentName = documentNameFromPath(parsed.pathname);
	if (documentName === null) throw new CollabError(CollabErrorId.DocumentNotFound);
	const schema = parsed.searchParams.get(SCHEMA_VERSION_PARAM);
	if (schema !== String(schemaVersion)) {
		throw new CollabError(CollabErrorId.SchemaMismatch, { expected: schemaVersion });
	}
	return { documentName };
}

export async function admit(
	request: ConnectionRequest,
	policy: AdmissionPolicy
): Promise<Admission> {
	checkOrigin(request.headers, policy.allowedOrigins);
	const { documentName } = parseTarget(request.url, policy.schemaVersion);
	const token = sessionTokenFrom(request.headers);
	if (token === null) throw new CollabError(CollabErrorId.Unauthenticated);
	let result;
	try {
		result = await policy.auth.authenticate(token, documentName);
	} catch (error) {
		// PocketBase unreachable: a transient refusal, the client retries. Anything else fails
		// closed as Unauthenticated.
		if (error instanceof AuthBackendUnavailable) {
			throw new CollabError(
				CollabErrorId.StorageUnavailable,
				{ reason: 'auth_backend' },
				{ cause: error }
			);
		}
		throw new CollabError(CollabErrorId.Unauthenticated, {}, { cause: error });
	}
	switch (result.kind) {
		case 'granted':
			return { documentName, user: result.user, access: result.access };
		case 'unauthenticated':
			throw new CollabError(CollabErrorId.Unauthenticated);
		case 'forbidden':
			throw new CollabError(CollabErrorId.Forbidden);
		case 'not_found':
			throw new CollabError(CollabErrorId.DocumentNotFound);
	}
}

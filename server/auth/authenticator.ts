/**
 * What the collaboration server needs to know about the person behind a socket. Injected into
 * `createCollabServer` so the core never talks to PocketBase directly (unit tests use a fake).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { DocumentAccess } from '../../src/lib/domain/access';
import { SESSION_COOKIE } from '../../src/lib/collab/protocol';

export interface AuthUser {
	id: string;
	name: string;
}

/** Access of a live connection: never 'none' (those are refused before the upgrade). */
export type ConnectionAccess = Exclude<DocumentAccess, 'none'>;

export type AccessDecision =
	{ kind: 'granted'; access: ConnectionAccess } | { kind: 'forbidden' } | { kind: 'not_found' };

export type AuthResult =
	| { kind: 'granted'; user: AuthUser; access: ConnectionAccess }
	| { kind: 'unauthenticated' }
	| { kind: 'forbidden'; user: AuthUser }
	| { kind: 'not_found'; user: AuthUser };

/**
 * Thrown (or rejected with) when the backend cannot answer at all (network down, 5xx): the
 * client is closed with a transient code instead of a terminal refusal.
 */
export class AuthBackendUnavailable extends Error {
	constructor(message: string, options?: ErrorOptions) {
		super(message, options);
		this.name = 'AuthBackendUnavailable';
	}
}

export interface Authenticator {
	/** Validates the session token and decides the user's access to the document. */
	authenticate(token: string, documentName: string): Promise<AuthResult>;
	/**
	 * Re-decides already authenticated users' access (membership or archive changes), one
	 * decision per query in the same order. Many connections cost a few backend requests, not
	 * a few each: the access monitor asks for every live connection at once.
	 */
	recheckMany(queries: readonly AccessQuery[]): Promise<AccessDecision[]>;
}

export interface AccessQuery {
	userId: string;
	documentName: string;
}

/**
 * The session token of an upgrade request: the `trame_session` cookie (browsers, same origin)
 * or `Authorization: Bearer` (Node clients, scripts). Never read from the URL.
 */
export function sessionTokenFrom(headers: IncomingHttpHeaders): string | null {
	const authorization = headers.authorization;
	if (authorization) {
		const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
		if (match?.[1]) return match[1];
	}
	const cookie = headers.cookie;
	if (!cookie) return null;
	for (const part of cookie.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
		const raw = part.slice(eq + 1).trim();
		try {
			const value = decodeURIComponent(raw.replace(/^"(.*)"$/, '$1'));
			return value.length > 0 ? value : null;
		} catch {
			return null;
		}
	}
	return null;
}

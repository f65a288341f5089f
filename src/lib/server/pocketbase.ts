/**
 * PocketBase clients of the Node side. No SvelteKit-only imports (`$env`, `$lib`): the seed
 * script reuses this module through documents.ts.
 */
import type PocketBase from 'pocketbase';
import { superuserCredentials } from '../../../server/config.mjs';
import { connectSuperuser, serverClient } from '../../../server/pocketbase/superuser';
import type { TypedPocketBase } from '../pocketbase/types';
import { serverConfig } from './config';

export type { TypedPocketBase };

export function pocketBaseUrl(): string {
	return serverConfig().pbUrl;
}

/**
 * A fresh client per request: the auth store must never be shared between users.
 * `clientAddress` is the browser's address, forwarded so that PocketBase rate-limits sign-ins per
 * person and not per Node server (settings in migration 1764100000_trusted_proxy.js).
 */
export function createPocketBase(token?: string | null, clientAddress?: string): TypedPocketBase {
	// Server-side: concurrent requests must not cancel each other.
	const pb = serverClient(pocketBaseUrl()) as TypedPocketBase;
	if (token) pb.authStore.save(token, null);
	if (clientAddress) forwardClientAddress(pb, clientAddress);
	return pb;
}

/** IPv4 or IPv6 (with an optional zone): nothing else may reach a header. */
const IP_ADDRESS = /^[0-9a-fA-F:.]{2,45}(%[\w.-]{1,32})?$/;

/**
 * Sends `X-Forwarded-For: <address>` on every request of this client. It replaces whatever the
 * caller had set: only the address our server saw (or its trusted proxy reported) is forwarded.
 */
export function forwardClientAddress(pb: PocketBase, address: string): void {
	if (!IP_ADDRESS.test(address)) return;
	const previous = pb.beforeSend;
	pb.beforeSend = async (url, options) => {
		const next = (await previous?.(url, options)) ?? {};
		const sendOptions = next.options ?? options;
		sendOptions.headers = { ...sendOptions.headers, 'X-Forwarded-For': address };
		return { url: next.url ?? url, options: sendOptions };
	};
}

let admin: Promise<TypedPocketBase> | null = null;

/**
 * The superuser client (server only; used for writes clients may not do, like `doc_updates`).
 * Same session keeping as the collaboration server's (one implementation): signed in again near
 * expiry, and after a PocketBase restart reset the superuser's token key.
 */
export function adminPocketBase(): Promise<TypedPocketBase> {
	if (admin) return admin;
	const { email, password } = superuserCredentials(serverConfig());
	admin = connectSuperuser({ url: pocketBaseUrl(), email, password }).then(
		(pb) => pb as TypedPocketBase,
		(error: unknown) => {
			admin = null;
			throw error;
		}
	);
	return admin;
}

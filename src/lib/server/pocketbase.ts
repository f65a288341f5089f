/**
 * PocketBase clients of the Node side. No SvelteKit-only imports (`$env`, `$lib`): the seed
 * script reuses this module through documents.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { connectSuperuser, serverClient } from '../../../server/pocketbase/superuser';

export function pocketBaseUrl(): string {
	return process.env.PB_URL ?? 'http://127.0.0.1:8090';
}

/**
 * A fresh client per request: the auth store must never be shared between users.
 * `clientAddress` is the browser's address, forwarded so that PocketBase rate-limits sign-ins per
 * person and not per Node server (settings in migration 1764100000_trusted_proxy.js).
 */
export function createPocketBase(token?: string | null, clientAddress?: string): PocketBase {
	// Server-side: concurrent requests must not cancel each other.
	const pb = serverClient(pocketBaseUrl());
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

export interface SuperuserCredentials {
	email: string;
	password: string;
}

/** PB_SUPERUSER_EMAIL / PB_SUPERUSER_PASSWORD, else `<TRAME_DATA_DIR|.data>/secrets.json`. */
export function superuserCredentials(): SuperuserCredentials {
	const email = process.env.PB_SUPERUSER_EMAIL;
	const password = process.env.PB_SUPERUSER_PASSWORD;
	if (email && password) return { email, password };
	const dataDir = process.env.TRAME_DATA_DIR ?? join(process.cwd(), '.data');
	const file = join(dataDir, 'secrets.json');
	if (!existsSync(file)) {
		throw new Error(
			`No PocketBase superuser credentials: set PB_SUPERUSER_EMAIL and PB_SUPERUSER_PASSWORD or create ${file}`
		);
	}
	const secrets = JSON.parse(readFileSync(file, 'utf8')) as {
		superuserEmail?: string;
		superuserPassword?: string;
	};
	if (!secrets.superuserEmail || !secrets.superuserPassword) {
		throw new Error(`${file} lacks superuserEmail / superuserPassword`);
	}
	return { email: secrets.superuserEmail, password: secrets.superuserPassword };
}

let admin: Promise<PocketBase> | null = null;

/**
 * The superuser client (server only; used for writes clients may not do, like `doc_updates`).
 * Same session keeping as the collaboration server's (one implementation): signed in again near
 * expiry, and after a PocketBase restart reset the superuser's token key.
 */
export function adminPocketBase(): Promise<PocketBase> {
	if (admin) return admin;
	const { email, password } = superuserCredentials();
	admin = connectSuperuser({ url: pocketBaseUrl(), email, password }).catch((error: unknown) => {
		admin = null;
		throw error;
	});
	return admin;
}

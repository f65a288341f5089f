/**
 * PocketBase clients of the Node side. No SvelteKit-only imports (`$env`, `$lib`): the seed
 * script reuses this module through documents.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import PocketBase from 'pocketbase';

export function pocketBaseUrl(): string {
	return process.env.PB_URL ?? 'http://127.0.0.1:8090';
}

/** A fresh client per request: the auth store must never be shared between users. */
export function createPocketBase(token?: string | null): PocketBase {
	const pb = new PocketBase(pocketBaseUrl());
	// Server-side: concurrent requests must not cancel each other.
	pb.autoCancellation(false);
	if (token) pb.authStore.save(token, null);
	return pb;
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
 * The SDK signs in again by itself when the token nears expiry.
 */
export function adminPocketBase(): Promise<PocketBase> {
	if (admin) return admin;
	const { email, password } = superuserCredentials();
	const pb = createPocketBase();
	admin = pb
		.collection('_superusers')
		.authWithPassword(email, password, { autoRefreshThreshold: 30 * 60 })
		.then(() => pb)
		.catch((error: unknown) => {
			admin = null;
			throw error;
		});
	return admin;
}

/**
 * Trame as a browser reaches it, for the scenarios that go through the app (S3 in Chromium, S8
 * live rounds): PocketBase + the Trame server serving the production build (pages, form actions,
 * endpoints, `/api/live`, `/collab`) on one origin. The build is copied first, inside the project
 * so its `node_modules` still resolve, so a parallel `npm run build` cannot swap files under the
 * running server. Users sign in through the real sign-in form (POST /connexion).
 */
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../scripts/lib/pocketbase.mjs';
import { buildIsStale } from '../../scripts/lib/freshness.mjs';
import { SESSION_COOKIE } from '../../src/lib/collab/protocol';
import type { TestPocketBase } from '../../tests/support/pocketbase';
import { startPocketBaseForBench, startTrame, type RunningServer } from './servers';
import { sleep } from './stats';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_APP_BUILD = join(PROJECT_ROOT, 'build');

/**
 * What a browser sends with a plain form post; SvelteKit answers such a post with a redirect
 * (303); to a fetch-style one (any Accept) it answers JSON.
 */
export const FORM_POST_HEADERS = {
	accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
	'content-type': 'application/x-www-form-urlencoded'
};

export interface AppServer {
	/** http://127.0.0.1:<port>, also the app's ORIGIN. */
	url: string;
	server: RunningServer;
	pb: TestPocketBase;
	/** Where the build came from, when it was made, and whether sources are newer. */
	build: { dir: string; builtAt: string; stale: boolean };
	stop(): Promise<void>;
}

/** Why the app scenarios cannot run, or null when a build is there. */
export function appBuildMissing(buildDir: string): string | null {
	return existsSync(join(buildDir, 'handler.js'))
		? null
		: `no build in ${buildDir}: needs \`npm run build\``;
}

export async function startApp(
	buildDir: string,
	env: Record<string, string> = {}
): Promise<AppServer> {
	const builtAt = statSync(join(buildDir, 'handler.js')).mtime.toISOString();
	const stale = resolve(buildDir) === DEFAULT_APP_BUILD && buildIsStale(PROJECT_ROOT);
	const copy = join(PROJECT_ROOT, 'bench-results', `.app-build-${process.pid}-${Date.now()}`);
	cpSync(buildDir, copy, { recursive: true });
	const cleanups: (() => Promise<void>)[] = [async () => rmSync(copy, { recursive: true })];
	const stop = async () => {
		for (const cleanup of cleanups) await cleanup().catch(() => {});
	};
	try {
		const pb = await startPocketBaseForBench();
		cleanups.unshift(() => pb.stop());
		// The origin must be known before start: SvelteKit checks form posts against it and the
		// collab endpoint checks browser sockets' Origin.
		const port = await findFreePort();
		const url = `http://127.0.0.1:${port}`;
		const server = await startTrame(pb, {
			env: { ...env, TRAME_BUILD_DIR: copy, PORT: String(port), ORIGIN: url }
		});
		cleanups.unshift(() => server.stop());
		return { url, server, pb, build: { dir: buildDir, builtAt, stale }, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * Signs in through the app's sign-in form, as a browser without JavaScript posts it, and returns
 * the session cookie (`trame_session=…`). PocketBase limits sign-ins per address (30 per 10 s):
 * on 429 it waits and tries again, as a person would.
 */
export async function signIn(url: string, email: string, password: string): Promise<string> {
	for (let attempt = 0; ; attempt++) {
		const response = await fetch(`${url}/connexion`, {
			method: 'POST',
			redirect: 'manual',
			headers: { ...FORM_POST_HEADERS, origin: url },
			body: new URLSearchParams({ email, password })
		});
		await response.arrayBuffer();
		const cookie = response.headers
			.getSetCookie()
			.map((c) => c.split(';', 1)[0]!)
			.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
		if (response.status === 303 && cookie) return cookie;
		if (response.status === 429 && attempt < 30) {
			await sleep(1_000);
			continue;
		}
		throw new Error(`sign-in of ${email} answered ${response.status}`);
	}
}

/**
 * The production build (adapter-node, served by the Trame server) against a real PocketBase:
 * security headers and CSP, CSRF on form actions, session cookie attributes, and sign-in rate
 * limiting per client address — one throttled address must not lock out another, which needs the
 * browser's address forwarded to PocketBase (X-Forwarded-For + PocketBase's trustedProxy).
 * Needs `npm run build` first (npm test builds before the e2e step; run it once before this file).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/pocketbase.mjs';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD_DIR = join(ROOT, 'build');
const TIMEOUT_MS = 20_000;
const built = existsSync(join(BUILD_DIR, 'handler.js'));

let pb: TestPocketBase;
let server: TrameServerProcess;
const user = { email: 'rita.app@trame.test', password: 'Rita-password-123', name: 'Rita' };

beforeAll(async () => {
	if (!built) throw new Error(`no production build in ${BUILD_DIR}: run \`npm run build\` first`);
	pb = await startTestPocketBase();
	await pb.createUser(user);
	// The app derives its origin (CSRF check, cookie Secure flag) from ORIGIN, as in production.
	const port = await findFreePort();
	server = await startTrameServerProcess({
		pbUrl: pb.url,
		superuser: pb.superuser,
		port,
		origin: `http://127.0.0.1:${port}`,
		// As behind a reverse proxy: the client address comes from X-Forwarded-For (one hop), so
		// this test can speak for several addresses from 127.0.0.1.
		env: { TRAME_BUILD_DIR: BUILD_DIR, ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' }
	});
}, 120_000);

afterAll(async () => {
	await server?.stop();
	await pb?.stop();
});

/** A form POST as a browser sends it (urlencoded, with Origin), never following redirects. */
function postForm(
	path: string,
	fields: Record<string, string>,
	headers: Record<string, string> = {}
): Promise<Response> {
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			// A plain form submission (not `use:enhance`, which asks for JSON).
			accept: 'text/html,application/xhtml+xml',
			origin: server.url,
			...headers
		},
		body: new URLSearchParams(fields),
		signal: AbortSignal.timeout(TIMEOUT_MS)
	});
}

function signIn(password: string, address: string): Promise<Response> {
	return postForm('/connexion', { email: user.email, password }, { 'x-forwarded-for': address });
}

describe('headers of the production build', () => {
	it('sends a strict CSP and the other security headers on pages', async () => {
		const response = await fetch(`${server.url}/connexion`, {
			signal: AbortSignal.timeout(TIMEOUT_MS)
		});
		expect(response.status).toBe(200);
		const csp = response.headers.get('content-security-policy') ?? '';
		const directives = new Map(
			csp
				.split(';')
				.map((part) => part.trim().split(/\s+/))
				.filter((words) => words[0])
				.map(([name, ...values]) => [name!, values])
		);
		expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
		expect(directives.get('object-src')).toEqual(["'none'"]);
		expect(directives.get('base-uri')).toEqual(["'self'"]);
		expect(directives.get('form-action')).toEqual(["'self'"]);
		const scripts = directives.get('script-src') ?? [];
		expect(scripts).toContain("'self'");
		expect(scripts).not.toContain("'unsafe-inline'");
		expect(scripts).not.toContain("'unsafe-eval'");
		// SvelteKit's inline bootstrap is allowed by its nonce or hash only.
		expect(scripts.some((value) => /^'(nonce|sha256)-/.test(value))).toBe(true);
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
		const permissions = response.headers.get('permissions-policy') ?? '';
		for (const feature of ['camera=()', 'microphone=()', 'geolocation=()']) {
			expect(permissions).toContain(feature);
		}
	});
});

describe('CSRF', () => {
	it.each(['/connexion', '/deconnexion'])(
		'refuses a cross-origin form POST to %s (403)',
		async (path) => {
			const response = await postForm(
				path,
				{ email: user.email, password: user.password },
				{ origin: 'https://evil.test' }
			);
			expect(response.status).toBe(403);
			expect(response.headers.get('set-cookie')).toBeNull();
		}
	);

	it('accepts the same form from the same origin, with a locked-down session cookie', async () => {
		const response = await signIn(user.password, '198.51.100.1');
		expect(response.status).toBe(303);
		const cookie = response.headers
			.getSetCookie()
			.find((line) => line.startsWith('trame_session='));
		expect(cookie).toBeDefined();
		const attributes = cookie!.split(';').map((part) => part.trim().toLowerCase());
		expect(attributes).toContain('httponly');
		expect(attributes).toContain('samesite=lax');
		expect(attributes).toContain('path=/');
		// Plain http here: Secure would make the browser drop it (https is covered by session.test.ts).
		expect(attributes).not.toContain('secure');
	});
});

describe('sign-in rate limiting per client address', () => {
	it('throttles repeated wrong passwords from one address, not the others', async () => {
		const attacker = '203.0.113.7';
		// PocketBase allows 30 authWithPassword per 10 s per address (migration 1763700001). Sent
		// together, so that they all fall in one window however slow the machine is.
		const statuses = await Promise.all(
			Array.from({ length: 31 }, async () => {
				const response = await signIn('wrong-password', attacker);
				await response.body?.cancel();
				return response.status;
			})
		);
		const count = (status: number) => statuses.filter((s) => s === status).length;
		console.log(`[security-app] attacker statuses: ${count(400)}×400, ${count(429)}×429`);
		// Throttled: PocketBase answers 429 and the form says so (not "service unavailable").
		expect({ refused: count(400), limited: count(429) }).toEqual({ refused: 30, limited: 1 });
		const stillThrottled = await signIn(user.password, attacker);
		expect(stillThrottled.status).toBe(429);
		expect(await stillThrottled.text()).toContain('Trop de tentatives de connexion');
		// Someone else, at the same moment, from another address: signed in.
		const victim = await signIn(user.password, '198.51.100.23');
		await victim.body?.cancel();
		expect(victim.status).toBe(303);
	}, 60_000);
});

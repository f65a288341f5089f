import { describe, expect, it } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { clearSessionCookie, setSessionCookie } from './session';

type CookieOptions = Parameters<Cookies['set']>[2];

/** Records what the app asks SvelteKit to set; SvelteKit serializes these attributes as given. */
function recordingCookies(): {
	cookies: Cookies;
	calls: { name: string; options: CookieOptions }[];
} {
	const calls: { name: string; options: CookieOptions }[] = [];
	const cookies = {
		set: (name: string, _value: string, options: CookieOptions) =>
			void calls.push({ name, options }),
		delete: (name: string, options: CookieOptions) => void calls.push({ name, options })
	} as unknown as Cookies;
	return { cookies, calls };
}

const token = `x.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url')}.y`;

describe('session cookie attributes', () => {
	it.each([
		['https origin', 'https://trame.example.org/connexion', true],
		['http origin (local use)', 'http://127.0.0.1:3000/connexion', false]
	])('%s: HttpOnly, SameSite=Lax, Path=/, Secure=%s', (_label, url, secure) => {
		for (const write of [
			(cookies: Cookies) => setSessionCookie(cookies, token, new URL(url)),
			(cookies: Cookies) => clearSessionCookie(cookies, new URL(url))
		]) {
			const { cookies, calls } = recordingCookies();
			write(cookies);
			expect(calls).toHaveLength(1);
			expect(calls[0]!.name).toBe('trame_session');
			expect(calls[0]!.options).toMatchObject({
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				secure
			});
		}
	});

	it('expires with the token (at least a minute)', () => {
		const { cookies, calls } = recordingCookies();
		setSessionCookie(cookies, token, new URL('https://trame.example.org/'));
		expect(calls[0]!.options.maxAge).toBeGreaterThan(3500);
		expect(calls[0]!.options.maxAge).toBeLessThanOrEqual(3600);
	});
});

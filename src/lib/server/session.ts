/** The session cookie and the signed-in user, as the app sees them. */
import type { Cookies } from '@sveltejs/kit';
import { getTokenPayload } from 'pocketbase';
import type { RecordModel } from 'pocketbase';
import { SESSION_COOKIE } from '../collab/protocol';

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	locale: 'fr' | 'en' | null;
	/** When the person finished or skipped the first-sign-in guide (null: not yet). */
	onboardedAt: string | null;
}

export function sessionUserFrom(record: RecordModel): SessionUser {
	const locale = record.locale === 'fr' || record.locale === 'en' ? record.locale : null;
	return {
		id: record.id,
		email: typeof record.email === 'string' ? record.email : '',
		name: typeof record.name === 'string' && record.name.trim() ? record.name : record.id,
		locale,
		onboardedAt:
			typeof record.onboarded_at === 'string' && record.onboarded_at ? record.onboarded_at : null
	};
}

/** Seconds until the token expires (at least 60 s so the cookie is not born dead). */
function maxAgeOf(token: string): number {
	const exp = Number(getTokenPayload(token).exp);
	if (!Number.isFinite(exp)) return 60 * 60 * 24;
	return Math.max(60, Math.floor(exp - Date.now() / 1000));
}

export function setSessionCookie(cookies: Cookies, token: string, url: URL): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: maxAgeOf(token)
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
}

/** Only same-site absolute paths are accepted as redirect targets (no `//host`, no scheme). */
export function safeRedirectTarget(value: string | null | undefined, fallback = '/'): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
		return fallback;
	}
	return value;
}

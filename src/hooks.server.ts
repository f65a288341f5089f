import { redirect, type Handle, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { SESSION_COOKIE } from '$lib/collab/protocol';
import { createPocketBase } from '$lib/server/pocketbase';
import { clearSessionCookie, sessionUserFrom, setSessionCookie } from '$lib/server/session';
import { startGovernanceSchedule } from '$lib/server/governance/schedule-app';

/** Server start: the asynchronous-consent windows' schedule (checked now, then periodically). */
export const init: ServerInit = () => {
	if (!building) startGovernanceSchedule();
};

/** Pages reachable without a session. */
// The accessibility statement and the help must be readable before signing in (RGAA).
const PUBLIC_PATHS = new Set(['/connexion', '/langue', '/accessibilite', '/aide']);

/** Invitation links are opened before the invitee has an account; published documents are public. */
const isPublicPath = (pathname: string) =>
	PUBLIC_PATHS.has(pathname) ||
	pathname.startsWith('/invitation/') ||
	pathname.startsWith('/public/');

/** The browser's address (adapter-node: the socket's, or ADDRESS_HEADER behind a proxy). */
function clientAddress(event: RequestEvent): string | undefined {
	try {
		return event.getClientAddress();
	} catch {
		return undefined;
	}
}

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

const auth: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE) ?? null;
	const pb = createPocketBase(token, clientAddress(event));
	event.locals.pb = pb;
	event.locals.user = null;

	if (token) {
		if (pb.authStore.isValid) {
			try {
				const { token: refreshed, record } = await pb.collection('users').authRefresh();
				event.locals.user = sessionUserFrom(record);
				if (refreshed !== token) setSessionCookie(event.cookies, refreshed, event.url);
			} catch (error) {
				const status = (error as { status?: number }).status;
				// 401/403/404: the session is no longer valid. Anything else (PocketBase down) is
				// an outage: keep the cookie so the user is not signed out by a restart.
				if (status === 401 || status === 403 || status === 404) {
					pb.authStore.clear();
					clearSessionCookie(event.cookies, event.url);
				} else {
					throw error;
				}
			}
		} else {
			pb.authStore.clear();
			clearSessionCookie(event.cookies, event.url);
		}
	}

	if (!event.locals.user && !isPublicPath(event.url.pathname)) {
		const target = event.url.pathname + event.url.search;
		// Thrown: SvelteKit turns it into the right response for pages, data and form requests.
		redirect(303, `/connexion?redirectTo=${encodeURIComponent(target)}`);
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers: Record<string, string> = {
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'strict-origin-when-cross-origin',
		'X-Frame-Options': 'DENY',
		'Cross-Origin-Opener-Policy': 'same-origin',
		'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'
	};
	if (event.url.protocol === 'https:') {
		headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
	}
	if (event.locals.user) headers['Cache-Control'] = 'private, no-store';
	try {
		for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
	} catch {
		// Immutable headers (a fetched Response passed through): leave them as they are.
	}
	return response;
};

export const handle = sequence(securityHeaders, i18n, auth);

import { randomUUID } from 'node:crypto';
import {
	error as kitError,
	redirect,
	type Handle,
	type HandleServerError,
	type RequestEvent,
	type ServerInit
} from '@sveltejs/kit';
import { building } from '$app/environment';
import { sequence } from '@sveltejs/kit/hooks';
import { m } from '$lib/paraglide/messages';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { SESSION_COOKIE } from '$lib/collab/protocol';
import { appLog, errorFields } from '$lib/server/log';
import { isOutage } from '$lib/server/pb-errors';
import { createPocketBase } from '$lib/server/pocketbase';
import { clearSessionCookie, sessionUserFrom, setSessionCookie } from '$lib/server/session';
import { configuredTimeZone } from '$lib/server/time-zone';
import { setOrganisationTimeZone } from '$lib/i18n/format';

// Every time written on the server (pages, exports, reminders) is in the organisation's zone.
setOrganisationTimeZone(configuredTimeZone());
import { startGovernanceSchedule } from '$lib/server/governance/schedule-app';
import { startActionReminders } from '$lib/server/seances/reminders-app';

/** Server start: the asynchronous-consent windows' schedule and the reminders of actions. */
export const init: ServerInit = () => {
	if (building) return;
	startGovernanceSchedule();
	startActionReminders();
};
import { EMBED_PATH } from '$lib/server/resources/embed';

/** Pages reachable without a session. */
// The accessibility statement and the help must be readable before signing in (RGAA).
// The privacy page too (RGPD: readable before giving any data); password help and single sign-on
// happen before there is a session; the email-change link may be opened on another device.
const PUBLIC_PATHS = new Set([
	'/connexion',
	'/connexion/sso',
	'/connexion/sso/retour',
	'/mot-de-passe-oublie',
	'/langue',
	'/accessibilite',
	'/aide',
	'/donnees-personnelles',
	'/sitemap.xml',
	'/robots.txt'
]);

/**
 * Invitation links are opened before the invitee has an account; published documents and the
 * resource centre (catalogue, feeds, embeddable list) are public.
 */
const isPublicPath = (pathname: string) =>
	PUBLIC_PATHS.has(pathname) ||
	pathname.startsWith('/invitation/') ||
	pathname.startsWith('/mot-de-passe/nouveau/') ||
	pathname.startsWith('/compte/adresse/') ||
	pathname.startsWith('/public/') ||
	pathname === '/ressources' ||
	pathname.startsWith('/ressources/') ||
	// Personal calendar feeds: calendar apps have no session, the secret token stands for it.
	pathname.startsWith('/calendrier/');

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
				} else if (isOutage(error)) {
					appLog.warn('app.pocketbase_unavailable', {
						route: event.route.id,
						...errorFields(error)
					});
					kitError(503, { message: m.sweep_error_unavailable() });
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

/** Seconds a browser or script should wait before trying again during a PocketBase outage. */
const RETRY_AFTER_SECONDS = '5';

const securityHeaders: Handle = async ({ event, resolve }) => {
	let response = await resolve(event);
	// An error that handleError read as an outage: 503 (and when to retry), not 500.
	if (event.locals.outage && response.status === 500) {
		response = new Response(response.body, {
			status: 503,
			statusText: 'Service Unavailable',
			headers: response.headers
		});
		response.headers.set('Retry-After', RETRY_AFTER_SECONDS);
	}
	const headers: Record<string, string> = {
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'strict-origin-when-cross-origin',
		'X-Frame-Options': 'DENY',
		'Cross-Origin-Opener-Policy': 'same-origin',
		'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'
	};
	// The embeddable list is made to be framed by the organisation's site (its own CSP says so).
	if (event.url.pathname === EMBED_PATH) delete headers['X-Frame-Options'];
	if (event.url.protocol === 'https:') {
		headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
	}
	if (event.locals.user) {
		headers['Cache-Control'] = 'private, no-store';
		// Also for files (exports): nothing a signed-in person is served goes to a search engine.
		headers['X-Robots-Tag'] = 'noindex, nofollow';
	}
	try {
		for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
	} catch {
		// Immutable headers (a fetched Response passed through): leave them as they are.
	}
	return response;
};

export const handle = sequence(securityHeaders, i18n, auth);

/**
 * The one handler of unexpected errors (load functions, actions, endpoints): logged as a JSON line
 * with a reference the page shows. A PocketBase outage is no bug: it is logged as such, answered
 * 503 (see securityHeaders) with "try again"; nothing else ever says "try again".
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const id = randomUUID().slice(0, 8);
	const where = { id, method: event.request.method, route: event.route.id, status };
	if (isOutage(error)) {
		event.locals.outage = true;
		appLog.warn('app.pocketbase_unavailable', { ...where, ...errorFields(error) });
		return { message: m.sweep_error_unavailable(), id };
	}
	if (status === 404) return { message: m.sweep_error_not_found(), id };
	// adapter-node's BODY_SIZE_LIMIT (512 KB by default): larger than any form or command.
	if (status === 413)
		return { message: m.sweep_input_too_large({ max: '512' }), error: 'too_large', id };
	if (status < 500) return { message, id };
	appLog.error('app.error', { ...where, ...errorFields(error, true) });
	return { message: m.sweep_error_unexpected({ id }), id };
};

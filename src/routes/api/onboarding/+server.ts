/**
 * `POST /api/onboarding` — the signed-in person finished or skipped the first-sign-in guide:
 * `onboarded_at` is set on their own record (their update rule allows it). When PocketBase cannot
 * be reached, a cookie holding their id remembers it on this browser instead.
 */
import { error, json } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import { ONBOARDED_COOKIE, type OnboardingStore } from '$lib/components/onboarding/onboarding';
import type { RequestHandler } from './$types';

const YEAR_SECONDS = 60 * 60 * 24 * 365;

/** Network failure (status 0) or a server-side failure: worth the per-browser fallback. */
const unreachable = (e: unknown) =>
	e instanceof ClientResponseError && (e.status === 0 || e.status >= 500);

export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	const user = locals.user;
	if (!user) error(401, { message: 'unauthenticated' });
	let store: OnboardingStore = 'account';
	try {
		await locals.pb
			.collection('users')
			.update(user.id, { onboarded_at: new Date().toISOString() }, { requestKey: null });
	} catch (e) {
		if (!unreachable(e)) throw e;
		store = 'cookie';
		cookies.set(ONBOARDED_COOKIE, user.id, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: YEAR_SECONDS
		});
	}
	return json({ store });
};

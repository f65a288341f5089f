import { isOnboarded, ONBOARDED_COOKIE } from '$lib/components/onboarding/onboarding';
import { organisationTimeZone } from '$lib/i18n/format';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals, cookies }) => ({
	user: locals.user ? { id: locals.user.id, name: locals.user.name } : null,
	// Per person (users.onboarded_at); the cookie only when PocketBase was unreachable at the time.
	onboarded: isOnboarded(locals.user, cookies.get(ONBOARDED_COOKIE)),
	// The browser writes times in the same zone as the server's render (no hydration mismatch).
	timeZone: organisationTimeZone()
});

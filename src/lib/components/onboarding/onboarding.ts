/**
 * The first-sign-in guide is remembered per person: `users.onboarded_at` in PocketBase. The
 * `trame_onboarded` cookie (holding the person's id, so another account on the same browser still
 * sees the guide) is only written when PocketBase could not be reached at that moment.
 */
export const ONBOARDED_COOKIE = 'trame_onboarded';

/** Where the guide posts "finished or skipped". */
export const ONBOARDING_ENDPOINT = '/api/onboarding';

/** How the server remembered it: in the person's record, or in the fallback cookie. */
export type OnboardingStore = 'account' | 'cookie';

export interface OnboardingState {
	id: string;
	onboardedAt: string | null;
}

/** True once the person finished or skipped the guide (record first, fallback cookie second). */
export function isOnboarded(user: OnboardingState | null, cookie: string | undefined): boolean {
	if (!user) return true;
	return user.onboardedAt !== null || cookie === user.id;
}

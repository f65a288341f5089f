import { describe, expect, it } from 'vitest';
import { isOnboarded } from './onboarding';

describe('isOnboarded', () => {
	it.each([
		['no user: nothing to show', null, undefined, true],
		['fresh account, no cookie', { id: 'u1', onboardedAt: null }, undefined, false],
		[
			'recorded in the account',
			{ id: 'u1', onboardedAt: '2026-11-20 10:00:00.000Z' },
			undefined,
			true
		],
		['fallback cookie of this person', { id: 'u1', onboardedAt: null }, 'u1', true],
		['fallback cookie of another person', { id: 'u1', onboardedAt: null }, 'u2', false],
		['old per-browser cookie value "1"', { id: 'u1', onboardedAt: null }, '1', false]
	])('%s', (_label, user, cookie, expected) => {
		expect(isOnboarded(user, cookie)).toBe(expected);
	});
});

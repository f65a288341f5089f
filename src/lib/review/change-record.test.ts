import { describe, expect, it } from 'vitest';
import { changeRecord } from './change-record';

const decided = {
	kind: 'change' as const,
	status: 'accepted' as const,
	decidedByName: 'Nadia Morel',
	// 13:02 UTC is 14:02 in Paris in December.
	decidedAt: '2026-12-05 13:02:41.512Z'
};

describe('changeRecord', () => {
	it.each([
		[decided, 'fr', 'Acceptée par Nadia Morel le 5 décembre 2026 à 14:02'],
		[decided, 'en', 'Accepted by Nadia Morel on 5 December 2026 at 14:02'],
		[
			{ ...decided, status: 'rejected' as const },
			'fr',
			'Refusée par Nadia Morel le 5 décembre 2026 à 14:02'
		],
		[
			{ ...decided, status: 'rejected' as const },
			'en',
			'Rejected by Nadia Morel on 5 December 2026 at 14:02'
		],
		// Pending, not a change's thread, or not recorded with its moment: nothing to say.
		[{ ...decided, status: 'open' as const }, 'fr', null],
		[{ ...decided, kind: 'suggestion' as const }, 'fr', null],
		[{ ...decided, decidedAt: null }, 'fr', null],
		[{ ...decided, decidedByName: null }, 'fr', null]
	] as const)('%j in %s', (thread, locale, expected) => {
		// The date is kept on one line (no-break spaces inside it).
		const text = changeRecord(thread, locale, 'Europe/Paris');
		expect(text?.replace(/\u00a0/g, ' ') ?? null).toBe(expected);
	});
});

import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../server/governance/hash';
import { textHash } from './text-hash';

describe('textHash', () => {
	it.each([
		'',
		'7. Acteurs, rôles et gouvernance',
		'Ligne 1\nLigne 2 — « guillemets » et émojis 🗳️',
		'x'.repeat(100_000)
	])('agrees with the server hash for %#', (text) => {
		expect(textHash(text)).toBe(sha256Hex(text));
	});
});

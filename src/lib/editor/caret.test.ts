import { describe, expect, it } from 'vitest';
import { readableTextColor } from './caret';

describe('readableTextColor', () => {
	it.each([
		['#000000', '#ffffff'],
		['#ffffff', '#000000'],
		['#1f4e79', '#ffffff'],
		['#bdbd28', '#000000'],
		['not-a-color', '#000000']
	])('%s → %s', (background, expected) => {
		expect(readableTextColor(background)).toBe(expected);
	});
});

import { describe, expect, it } from 'vitest';
import { readableTextColor, renderSelection } from './caret';

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

describe('renderSelection', () => {
	it('marks the selection with a class (pattern), the colour and the name', () => {
		const attrs = renderSelection({ name: 'Karim Benali', color: '#1f4e79' });
		expect(attrs.class).toBe('collaboration-carets__selection');
		expect(attrs.style).toContain('--selection-color: #1f4e79');
		expect(attrs.title).toBe('Karim Benali');
	});

	it('never injects an unsafe colour into the style', () => {
		const attrs = renderSelection({ name: 'X', color: 'red; background: url(x)' });
		expect(attrs.style).not.toContain('url(');
		expect(attrs.style).toContain('#4f5863');
	});
});

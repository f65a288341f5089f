/** DOM of a collaborator's caret label (browser only; called by CollaborationCaret). */

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
export function readableTextColor(hex: string): '#000000' | '#ffffff' {
	const match = /^#([0-9a-f]{6})$/i.exec(hex);
	if (!match) return '#000000';
	const value = parseInt(match[1]!, 16);
	const channel = (shift: number) => {
		const c = ((value >> shift) & 0xff) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	const luminance = 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
	// Contrast with white: 1.05 / (L + 0.05); with black: (L + 0.05) / 0.05.
	return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

const SAFE_COLOR = /^#[0-9a-f]{6}$/i;

export function renderCaret(user: Record<string, unknown>): HTMLElement {
	const color =
		typeof user.color === 'string' && SAFE_COLOR.test(user.color) ? user.color : '#4f5863';
	const name = typeof user.name === 'string' ? user.name : '';
	const caret = document.createElement('span');
	caret.classList.add('collaboration-carets__caret');
	caret.style.borderColor = color;
	const label = document.createElement('span');
	label.classList.add('collaboration-carets__label');
	label.style.backgroundColor = color;
	label.style.color = readableTextColor(color);
	label.textContent = name;
	caret.append(label);
	return caret;
}

/**
 * Decoration of a collaborator's selected text (CollaborationCaret's `selectionRender`). Not by
 * colour alone (WCAG 1.4.1): a light tint plus a dashed underline and a dotted outline, drawn by
 * the `.collaboration-carets__selection` style, with the person's name as a tooltip; the caret
 * at its end carries the name label.
 */
export function renderSelection(user: Record<string, unknown>): Record<string, string> {
	const color =
		typeof user.color === 'string' && SAFE_COLOR.test(user.color) ? user.color : '#4f5863';
	const name = typeof user.name === 'string' ? user.name : '';
	return {
		nodeName: 'span',
		class: 'collaboration-carets__selection',
		style: `--selection-color: ${color}; background-color: ${color}33`,
		title: name,
		'data-user': name
	};
}

import { describe, expect, it } from 'vitest';
import { editorSchema } from '../extensions';
import { withoutPendingChanges } from './clean';
import { DELETE_MARK, INSERT_MARK } from './marks';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';

const attrs = { id: 'c1', author: 'lea', authorName: 'Léa', time: 1 };
const paragraph = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({
	type: 'doc',
	content: [{ type: 'paragraph', content }]
});

describe('the accepted text (clean export)', () => {
	it.each([
		[
			'leaves pending insertions out',
			paragraph(
				{ type: 'text', text: 'Budget ' },
				{ type: 'text', text: 'TTC', marks: [{ type: INSERT_MARK, attrs }] }
			),
			'Budget '
		],
		[
			'keeps pending deletions as plain text',
			paragraph({
				type: 'text',
				text: '2026',
				marks: [{ type: DELETE_MARK, attrs }, { type: 'bold' }]
			}),
			'2026'
		],
		['changes nothing without suggestions', paragraph({ type: 'text', text: 'Texte' }), 'Texte']
	])('%s', (_name, json, text) => {
		const clean = editorSchema().nodeFromJSON(withoutPendingChanges(json));
		expect(clean.textContent).toBe(text);
		clean.descendants((node) => {
			for (const mark of node.marks)
				expect([INSERT_MARK, DELETE_MARK]).not.toContain(mark.type.name);
		});
	});
});

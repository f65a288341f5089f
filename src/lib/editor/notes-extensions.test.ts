import { describe, expect, it } from 'vitest';
import { editorSchema } from './extensions';
import { notesField, notesSchema } from './notes-extensions';

describe('notes schema', () => {
	const notes = notesSchema();
	const full = editorSchema();

	it.each(Object.keys(notes.nodes))('node %s exists in the document schema', (name) => {
		expect(full.nodes[name]).toBeDefined();
	});

	it.each(Object.keys(notes.marks))('mark %s exists in the document schema', (name) => {
		expect(full.marks[name]).toBeDefined();
	});

	it.each(['heading', 'codeBlock', 'table', 'image'])('leaves out %s (a light editor)', (name) => {
		expect(notes.nodes[name]).toBeUndefined();
	});

	it('names one fragment per item', () => {
		expect(notesField('abc123')).toBe('item-abc123');
	});
});

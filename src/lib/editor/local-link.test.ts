import { describe, expect, it } from 'vitest';
import { Editor, type AnyExtension } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { editorExtensions } from './extensions';
import { notesExtensions } from './notes-extensions';

// The editor's plugins, read without a DOM: a headless editor builds them, the state applies them.
function stateWith(extensions: AnyExtension[]): EditorState {
	if (typeof navigator === 'undefined') Object.assign(globalThis, { navigator: { userAgent: '' } });
	const editor = new Editor({
		extensions,
		element: null,
		content: { type: 'doc', content: [{ type: 'paragraph' }] }
	});
	const state = EditorState.create({
		schema: editor.schema,
		plugins: editor.extensionManager.plugins
	});
	return state;
}

function linksAfterTyping(extensions: AnyExtension[], meta: object | undefined): string[] {
	const state = stateWith(extensions);
	const tr = state.tr.insertText('voir https://example.org ', 1);
	if (meta) tr.setMeta(ySyncPluginKey, meta);
	const links: string[] = [];
	state.applyTransaction(tr).state.doc.descendants((node) => {
		for (const mark of node.marks)
			if (mark.type.name === 'link') links.push(String(mark.attrs.href));
	});
	return links;
}

describe('link auto-detection', () => {
	describe.each([
		['document', () => editorExtensions()],
		['séance notes', () => notesExtensions()]
	])('%s editor', (_name, extensions) => {
		it.each([
			['a local edit', undefined, ['https://example.org']],
			['a change of the shared document (sync, peer)', { isChangeOrigin: true }, []],
			['an undo through Yjs', { isChangeOrigin: true, isUndoRedoOperation: true }, []],
			[
				'a y-tiptap meta that is not a shared change',
				{ isChangeOrigin: false },
				['https://example.org']
			]
		])('on %s', (_case, meta, expected) => {
			expect(linksAfterTyping(extensions(), meta)).toEqual(expected);
		});
	});
});

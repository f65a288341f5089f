import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { createDocumentState } from './template-state';
import { EDITOR_FIELD, editorSchema } from './extensions';
import { protocolTemplate } from '../domain/templates/protocol';

describe('createDocumentState', () => {
	it('round-trips the protocol template through a Y.Doc', () => {
		const template = protocolTemplate('fr', 'Assemblée citoyenne de Grenoble');
		const update = createDocumentState(template);
		expect(update).toBeInstanceOf(Uint8Array);
		expect(update.byteLength).toBeGreaterThan(100);

		const ydoc = new Y.Doc();
		Y.applyUpdate(ydoc, update);
		const schema = editorSchema();
		const node = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(EDITOR_FIELD), schema);
		expect(node.toJSON()).toEqual(schema.nodeFromJSON(template).toJSON());
	});

	it('refuses content outside the schema', () => {
		expect(() => createDocumentState({ type: 'doc', content: [{ type: 'video' }] })).toThrow();
	});
});

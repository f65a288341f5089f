import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	absolutePositionToRelativePosition,
	initProseMirrorDoc,
	prosemirrorJSONToYDoc,
	relativePositionToAbsolutePosition,
	yXmlFragmentToProseMirrorRootNode
} from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../../../src/lib/editor/extensions';
import { protocolTemplate, type ProseMirrorJSON } from '../../../src/lib/domain/templates/protocol';
import { copilMinutesTemplate } from '../../../src/lib/domain/templates/compte-rendu-copil';
import { MIGRATION_ORIGIN, removeLegacyPrompts } from './legacy-prompts';

const schema = editorSchema();

/** A template as documents created before placeholders stored it: prompts as italic text. */
function legacy(template: ProseMirrorJSON): ProseMirrorJSON {
	return {
		...template,
		content: (template.content ?? []).map((node) =>
			node.placeholder
				? {
						type: 'paragraph',
						content: [{ type: 'text', text: node.placeholder, marks: [{ type: 'italic' }] }]
					}
				: node
		)
	};
}

const json = (ydoc: Y.Doc) =>
	yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(EDITOR_FIELD), schema).toJSON() as {
		content: ProseMirrorJSON[];
	};
const textOf = (node: ProseMirrorJSON): string =>
	node.text ?? (node.content ?? []).map(textOf).join('');
const docOf = (content: ProseMirrorJSON) => prosemirrorJSONToYDoc(schema, content, EDITOR_FIELD);

/** Replaces the text of top-level node `index` (a paragraph) through Yjs, as an editor would. */
function paragraphText(ydoc: Y.Doc, index: number): Y.XmlText {
	const element = ydoc.getXmlFragment(EDITOR_FIELD).get(index) as Y.XmlElement;
	return element.get(0) as Y.XmlText;
}

describe('removeLegacyPrompts (schema 3 migration)', () => {
	it('empties every untouched prompt: the document becomes the placeholder template', () => {
		for (const template of [
			protocolTemplate('fr'),
			protocolTemplate('en'),
			copilMinutesTemplate('fr')
		]) {
			const ydoc = docOf(legacy(template));
			const count = (template.content ?? []).filter((n) => n.placeholder).length;
			expect(removeLegacyPrompts(ydoc)).toBe(count);
			expect(json(ydoc)).toEqual(schema.nodeFromJSON(template).toJSON());
		}
	});

	it('keeps prompts someone touched and every other edit', () => {
		const ydoc = docOf(legacy(protocolTemplate('fr')));
		// [0] title, [1] H2 "1. Contexte…", [2] its prompt, [3] H2 "2. Enjeux", [4] prompt, [5] part…
		paragraphText(ydoc, 2).insert(paragraphText(ydoc, 2).length, ' Voir annexe.');
		const fourth = paragraphText(ydoc, 4);
		fourth.format(0, 8, { bold: {} }); // a mark added to part of it
		const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
		const own = new Y.XmlElement('paragraph');
		own.insert(0, [new Y.XmlText('Notre territoire compte 12 000 habitants.')]);
		fragment.insert(3, [own]); // a paragraph of one's own in section 1
		const before = json(ydoc);

		const removed = removeLegacyPrompts(ydoc);
		expect(removed).toBe(10);
		const after = json(ydoc);
		expect(textOf(after.content[2]!)).toMatch(/Voir annexe\.$/);
		expect(textOf(after.content[3]!)).toBe('Notre territoire compte 12 000 habitants.');
		expect(after.content[5]).toEqual(before.content[5]); // the bolded prompt stays as it was
		expect(after.content.length).toBe(before.content.length); // paragraphs stay, emptied
	});

	it('is a transaction of deletions only: positions anchored in other text still resolve', () => {
		const ydoc = docOf(legacy(protocolTemplate('fr')));
		const own = new Y.XmlElement('paragraph');
		own.insert(0, [new Y.XmlText('Texte à commenter')]);
		ydoc.getXmlFragment(EDITOR_FIELD).insert(3, [own]);
		const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
		const { doc, mapping } = initProseMirrorDoc(fragment, schema);
		let ownStart = 0;
		doc.forEach((node, offset, index) => {
			if (index === 3) ownStart = offset + 1;
		});
		const anchor = Y.relativePositionToJSON(
			absolutePositionToRelativePosition(ownStart + 6, fragment, mapping)
		);

		const updates: { update: Uint8Array; origin: unknown }[] = [];
		ydoc.on('update', (update: Uint8Array, origin: unknown) => updates.push({ update, origin }));
		removeLegacyPrompts(ydoc);
		expect(updates).toHaveLength(1);
		expect(updates[0]!.origin).toBe(MIGRATION_ORIGIN);
		const decoded = Y.decodeUpdate(updates[0]!.update);
		expect(decoded.structs).toEqual([]); // nothing inserted, nothing rebuilt
		expect(decoded.ds.clients.size).toBeGreaterThan(0);

		const after = initProseMirrorDoc(fragment, schema);
		const resolved = relativePositionToAbsolutePosition(
			ydoc,
			fragment,
			Y.createRelativePositionFromJSON(anchor),
			after.mapping
		)!;
		expect(after.doc.textBetween(resolved, resolved + 3)).toBe('à c');
	});

	it('runs once: a second pass changes nothing', () => {
		const ydoc = docOf(legacy(protocolTemplate('fr')));
		removeLegacyPrompts(ydoc);
		let updates = 0;
		ydoc.on('update', () => updates++);
		expect(removeLegacyPrompts(ydoc)).toBe(0);
		expect(updates).toBe(0);
	});

	it('merges with an offline edit made on the old state', () => {
		const server = docOf(legacy(protocolTemplate('fr')));
		const offline = new Y.Doc();
		Y.applyUpdate(offline, Y.encodeStateAsUpdate(server));
		// Offline, someone types at the end of the first prompt (so it is no longer untouched).
		paragraphText(offline, 2).insert(paragraphText(offline, 2).length, ' Et la suite.');
		removeLegacyPrompts(server);
		Y.applyUpdate(offline, Y.encodeStateAsUpdate(server));
		Y.applyUpdate(server, Y.encodeStateAsUpdate(offline));
		expect(json(server)).toEqual(json(offline));
		// Their words survive; the prompt text they typed after was untouched on the server.
		expect(textOf(json(server).content[2]!)).toBe(' Et la suite.');
	});
});

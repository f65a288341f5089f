/**
 * The document shape TipTap's Collaboration extension produces: a Y.XmlFragment 'default' of
 * block XmlElements (heading, paragraph) each holding one XmlText. Typing = inserting into the
 * XmlText of the writer's own paragraph, one transaction per keystroke (as ProseMirror does).
 */
import * as Y from 'yjs';

export const FRAGMENT = 'default';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz éèàç';

/** Appends a heading and a paragraph; returns the paragraph's text for typing. */
export function addSection(doc: Y.Doc, title: string): Y.XmlText {
	const fragment = doc.getXmlFragment(FRAGMENT);
	const heading = new Y.XmlElement('heading');
	heading.setAttribute('level', '2');
	heading.insert(0, [new Y.XmlText(title)]);
	const paragraph = new Y.XmlElement('paragraph');
	const text = new Y.XmlText();
	paragraph.insert(0, [text]);
	fragment.insert(fragment.length, [heading, paragraph]);
	return text;
}

/** One keystroke at the end of `text` (its own transaction). */
export function typeChar(text: Y.XmlText, n: number): void {
	text.insert(text.length, LETTERS[n % LETTERS.length]!);
}

/** A protocol of `pages` pages (≈ 2 KB of prose each), typed in small edits so it has history. */
export function buildLargeDocument(targetBytes: number): Uint8Array {
	const doc = new Y.Doc();
	let section = 0;
	const word = 'délibération citoyenne sur le budget participatif et les consentements ';
	let size = 0;
	while (size < targetBytes) {
		// ~2 KB per section: add what is still missing, so small targets are not overshot.
		const sections = Math.min(20, Math.max(1, Math.ceil((targetBytes - size) / 2500)));
		for (let s = 0; s < sections; s++) {
			const text = addSection(doc, `Section ${++section}`);
			// History: typed in chunks, some deleted again (like real editing).
			for (let i = 0; i < 30; i++) {
				text.insert(text.length, word);
				if (i % 7 === 6) text.delete(text.length - 10, 5);
			}
		}
		size = Y.encodeStateAsUpdate(doc).byteLength;
	}
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/**
 * Anchors survive concurrent edits: two replicas edit before, inside and over the anchored
 * passage at the same time, then exchange updates; the anchor resolves to the same passage on
 * both.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initProseMirrorDoc, prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../editor/extensions';
import { createAnchor, isAnchor, resolveAnchor, type Anchor } from './anchors';

const schema = editorSchema();

function paragraph(text: string) {
	return { type: 'paragraph', content: [{ type: 'text', text }] };
}

function replicas(...texts: string[]): [Y.Doc, Y.Doc] {
	const a = prosemirrorJSONToYDoc(
		schema,
		{ type: 'doc', content: texts.map(paragraph) },
		EDITOR_FIELD
	);
	const b = new Y.Doc();
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	return [a, b];
}

function sync(a: Y.Doc, b: Y.Doc) {
	const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
	const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
	Y.applyUpdate(b, toB);
	Y.applyUpdate(a, toA);
}

/** Text of the paragraph at `index` as a Y.XmlText (where remote editors type). */
function textOf(doc: Y.Doc, index: number): Y.XmlText {
	const para = doc.getXmlFragment(EDITOR_FIELD).get(index) as Y.XmlElement;
	return para.get(0) as Y.XmlText;
}

/** Anchors the first occurrence of `passage` in the doc. */
function anchorOn(doc: Y.Doc, passage: string): Anchor {
	const fragment = doc.getXmlFragment(EDITOR_FIELD);
	const { doc: pm, mapping } = initProseMirrorDoc(fragment, schema);
	let found = -1;
	pm.descendants((node, pos) => {
		if (found < 0 && node.isText) {
			const at = node.text!.indexOf(passage);
			if (at >= 0) found = pos + at;
		}
	});
	expect(found).toBeGreaterThan(0);
	return createAnchor(fragment, mapping, found, found + passage.length);
}

/** The anchored text as the doc shows it now, or null if the passage is gone. */
function anchoredText(doc: Y.Doc, anchor: Anchor): string | null {
	const fragment = doc.getXmlFragment(EDITOR_FIELD);
	const { doc: pm, mapping } = initProseMirrorDoc(fragment, schema);
	const range = resolveAnchor(doc, fragment, mapping, anchor);
	return range ? pm.textBetween(range.from, range.to) : null;
}

describe('comment anchors', () => {
	it('resolve to the passage they were made on', () => {
		const [a] = replicas('Le budget participatif de la commune.');
		const anchor = anchorOn(a, 'budget participatif');
		expect(isAnchor(JSON.parse(JSON.stringify(anchor)))).toBe(true);
		expect(anchoredText(a, anchor)).toBe('budget participatif');
	});

	it('survive concurrent inserts and deletes before the range', () => {
		const [a, b] = replicas('Intro.', 'Le budget participatif de la commune.');
		const anchor = anchorOn(a, 'budget participatif');
		textOf(a, 1).insert(0, 'Ainsi, '); // before, same paragraph
		textOf(b, 1).delete(0, 3); // "Le " deleted concurrently
		b.getXmlFragment(EDITOR_FIELD).insert(0, [new Y.XmlElement('paragraph')]); // new block before
		sync(a, b);
		expect(anchoredText(a, anchor)).toBe('budget participatif');
		expect(anchoredText(b, anchor)).toBe('budget participatif');
		expect(a.getXmlFragment(EDITOR_FIELD).toString()).toBe(
			b.getXmlFragment(EDITOR_FIELD).toString()
		);
	});

	it('grow and shrink with concurrent edits inside the range', () => {
		const [a, b] = replicas('Le budget participatif de la commune.');
		const anchor = anchorOn(b, 'budget participatif');
		const inside = 'Le budget '.length;
		textOf(a, 0).insert(inside, 'très '); // inside
		textOf(b, 0).delete('Le budget part'.length, 3); // "ici" removed inside
		sync(a, b);
		expect(anchoredText(a, anchor)).toBe('budget très partpatif');
		expect(anchoredText(b, anchor)).toBe('budget très partpatif');
	});

	it('report a deleted passage as gone while the rest survives', () => {
		const [a, b] = replicas('Le budget participatif de la commune.');
		const anchor = anchorOn(a, 'budget participatif');
		textOf(b, 0).delete('Le '.length, 'budget participatif'.length);
		textOf(a, 0).insert(0, 'Note : '); // concurrent edit elsewhere
		sync(a, b);
		expect(anchoredText(a, anchor)).toBeNull();
		expect(anchoredText(b, anchor)).toBeNull();
	});

	it('rejects malformed anchors', () => {
		expect(isAnchor(null)).toBe(false);
		expect(isAnchor({ from: {}, to: {} })).toBe(false);
		expect(isAnchor({ from: { item: { client: 1, clock: 'x' } }, to: { tname: 'default' } })).toBe(
			false
		);
	});
});

import { describe, expect, it } from 'vitest';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import type { Node } from '@tiptap/pm/model';
import { editorSchema } from '../extensions';
import { DELETE_MARK, INSERT_MARK } from './marks';
import { trackTransaction } from './track';
import { resolveChanges, touchesRange, trackedChanges } from './changes';

const schema = editorSchema();
const KARIM = { id: 'karim', name: 'Karim' };
const LEA = { id: 'lea', name: 'Léa' };

/** A one-paragraph document; `[...]` is text inserted by Léa, `{...}` text Léa proposed to delete. */
function docOf(source: string): Node {
	const nodes: Node[] = [];
	for (const part of source.split(/(\[[^\]]*\]|\{[^}]*\})/).filter(Boolean)) {
		const marked = part.startsWith('[') ? INSERT_MARK : part.startsWith('{') ? DELETE_MARK : null;
		const text = marked ? part.slice(1, -1) : part;
		const marks = marked
			? [schema.marks[marked]!.create({ id: 'l1', author: LEA.id, authorName: LEA.name, time: 1 })]
			: [];
		nodes.push(schema.text(text, marks));
	}
	return schema.node('doc', null, [schema.node('paragraph', null, nodes)]);
}

/** Renders the paragraph back: `+text+` inserted, `-text-` deleted, with the author's initial. */
function show(doc: Node): string {
	let out = '';
	doc.descendants((node) => {
		if (!node.isText) return true;
		const ins = node.marks.find((m) => m.type.name === INSERT_MARK);
		const del = node.marks.find((m) => m.type.name === DELETE_MARK);
		const who = (m: typeof ins) => String(m!.attrs.author)[0];
		if (ins && del) out += `±${who(ins)}${who(del)}:${node.text}±`;
		else if (ins) out += `+${who(ins)}:${node.text}+`;
		else if (del) out += `-${who(del)}:${node.text}-`;
		else out += node.text;
		return false;
	});
	return out;
}

function stateOf(source: string, cursor: number, head = cursor): EditorState {
	const doc = docOf(source);
	return EditorState.create({ doc, selection: TextSelection.create(doc, cursor, head) });
}

let ids = 0;
function track(state: EditorState, edit: (tr: Transaction) => Transaction, author = KARIM) {
	return trackTransaction(edit(state.tr), state, {
		author,
		now: 1000,
		newId: () => `n${++ids}`
	});
}

describe('suggestion mode rewrites edits into tracked changes', () => {
	it.each([
		// [document, selection from, to, edit, expected]
		['abc', 2, 2, 'type X', 'a+k:X+bc'],
		['abc', 2, 2, 'backspace', '-k:a-bc'],
		['abc', 1, 1, 'delete', '-k:a-bc'],
		['abcd', 2, 4, 'type X', 'a-k:bc-+k:X+d'],
		['a[xy]b', 2, 2, 'type X', 'a+k:X++l:xy+b'],
		['a{xy}b', 3, 3, 'type X', 'a-l:x-+k:X+-l:y-b'],
		['a{xy}b', 4, 4, 'backspace', 'a-l:xy-b'],
		['abcd', 1, 5, 'delete', '-k:abcd-'],
		// Proposing to delete someone else's proposed insertion keeps both marks (as in Word).
		['a[xy]b', 2, 4, 'delete', 'a±lk:xy±b']
	] as const)('%s, selection %i–%i, %s → %s', (source, from, to, edit, expected) => {
		const state = stateOf(source, from, to);
		const tracked = track(state, (tr) => {
			if (edit === 'type X') return tr.insertText('X', from, to);
			if (edit === 'backspace') return tr.delete(from === to ? from - 1 : from, to);
			return tr.delete(from, from === to ? to + 1 : to);
		});
		expect(tracked).not.toBeNull();
		expect(show(tracked!.doc)).toBe(expected);
	});

	it("really removes the author's own pending insertion", () => {
		const state = stateOf('a[xy]b', 4, 4);
		const tracked = track(state, (tr) => tr.delete(3, 4), LEA);
		expect(show(tracked!.doc)).toBe('a+l:x+b');
	});

	it('continues one change while typing: one card, not one per letter', () => {
		let state = stateOf('ab', 2, 2);
		for (const letter of 'XYZ') {
			const tracked = track(state, (tr) => tr.insertText(letter));
			state = state.apply(tracked!);
		}
		expect(show(state.doc)).toBe('a+k:XYZ+b');
		expect(trackedChanges(state.doc)).toHaveLength(1);
		expect(state.selection.head).toBe(5);
	});

	it('keeps Backspace walking left over struck text', () => {
		let state = stateOf('abcd', 5, 5);
		for (let i = 0; i < 2; i++) {
			const head = state.selection.head;
			state = state.apply(track(state, (tr) => tr.delete(head - 1, head))!);
		}
		expect(show(state.doc)).toBe('ab-k:cd-');
		expect(state.selection.head).toBe(3);
		expect(trackedChanges(state.doc)).toHaveLength(1);
	});

	it.each([
		['a new paragraph (Enter)', (tr: Transaction) => tr.split(2)],
		['bold', (tr: Transaction) => tr.addMark(1, 3, schema.marks.bold!.create())]
	])('refuses a change it cannot track: %s', (_name, edit) => {
		expect(track(stateOf('abc', 2, 2), edit)).toBeNull();
	});

	it('refuses to cut a character outside the BMP (an emoji) in two', () => {
		expect(track(stateOf('a🌱b', 2, 2), (tr) => tr.delete(2, 3))).toBeNull();
		expect(show(track(stateOf('a🌱b', 4, 4), (tr) => tr.delete(2, 4))!.doc)).toBe('a-k:🌱-b');
	});

	it('refuses to insert where the suggestion mark is not allowed (structured fields)', () => {
		const field = schema.nodes.partField!;
		expect(field.allowsMarkType(schema.marks[INSERT_MARK]!)).toBe(false);
	});

	it('lets a transaction that does not change the text through', () => {
		const state = stateOf('abc', 1);
		const tr = state.tr.setSelection(TextSelection.create(state.doc, 2));
		expect(track(state, () => tr)).toBe(tr);
	});
});

describe('accepting and rejecting', () => {
	const source = 'a[new]{old}b';
	it.each([
		['accept', 'anewb'],
		['reject', 'aoldb']
	] as const)('%s all of Léa’s changes', (decision, expected) => {
		const state = stateOf(source, 1);
		const tr = resolveChanges(state, (c) => c.author === LEA.id, decision);
		expect(show(tr!.doc)).toBe(expected);
	});

	it('lists changes with author, time and text, one per id', () => {
		const [change] = trackedChanges(docOf(source));
		expect(change).toMatchObject({
			id: 'l1',
			author: 'lea',
			authorName: 'Léa',
			time: 1,
			inserted: 'new',
			deleted: 'old'
		});
	});

	it('rejecting a deletion of a proposed insertion leaves the insertion pending', () => {
		let state = stateOf('a[xy]b', 2, 4);
		state = state.apply(track(state, (tr) => tr.delete(2, 4))!);
		const karim = trackedChanges(state.doc).find((c) => c.author === KARIM.id)!;
		expect(karim.deleted).toBe('xy');
		state = state.apply(resolveChanges(state, (c) => c.id === karim.id, 'reject')!);
		expect(show(state.doc)).toBe('a+l:xy+b');
	});

	it('touches only the chosen change', () => {
		let state = stateOf('ab', 2, 2);
		state = state.apply(track(state, (tr) => tr.insertText('X'))!);
		state = state.apply(track(state, (tr) => tr.insertText('Y', 1, 1), LEA)!);
		const [lea] = trackedChanges(state.doc).filter((c) => c.author === LEA.id);
		state = state.apply(resolveChanges(state, (c) => c.id === lea!.id, 'reject')!);
		expect(show(state.doc)).toBe('a+k:X+b');
		expect(resolveChanges(state, (c) => c.author === LEA.id, 'accept')).toBeNull();
	});
});

describe('touchesRange (accept / reject in a selection)', () => {
	// "Le [très ]budget{ total}": Léa's one change has an insertion at 4–9 and a deletion at 15–21.
	const doc = docOf('Le [très ]budget{ total}');
	const [change] = trackedChanges(doc);
	it.each([
		['a selection over the insertion', 5, 7, true],
		['a selection over the deletion only', 17, 19, true],
		['a selection between the two parts', 11, 14, false],
		['a selection ending where the insertion starts', 1, 4, false],
		['an empty selection inside the change', 6, 6, false],
		['the whole paragraph', 1, 22, true]
	])('%s', (_name, from, to, expected) => {
		expect(touchesRange(change!, from, to)).toBe(expected);
	});

	it('resolves every change the selection touches, whole', () => {
		const state = EditorState.create({ doc });
		const tr = resolveChanges(state, (c) => touchesRange(c, 5, 7), 'accept');
		expect(show(tr!.doc)).toBe('Le très budget');
	});
});

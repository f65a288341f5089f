/**
 * Schema of the structured parts (enjeux, COPIL, calendar, budget, indicators): a block node per
 * part holding row nodes, each row holding one `partField` per free-text field.
 *
 * Why this shape (collaboration): every free-text value, amounts and dates included, is inline
 * text in its own field node, so Yjs merges concurrent typing character by character: two people
 * typing in the same cell both keep their text, and if that makes an amount or a date unreadable
 * the field says so instead of silently keeping one of them. Typed text is parsed for display
 * ("1 500,50" → "1 500,50 €", "12/03/2027" → "12 mars 2027"), and an unreadable value stays in the
 * document until someone fixes it, so nothing typed is ever lost. The only row attribute is the
 * enjeu choice (a closed list, edited with a select): concurrent choices on the same row are a true
 * conflict where the last write wins, and different rows never conflict.
 *
 * No DOM here: node views are added in the browser only (see `editorExtensions`).
 */
import { Extension, Node, mergeAttributes } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import {
	FIELD_NODE,
	PART_FIELDS,
	PART_KINDS,
	PART_NODES,
	partKindOfRow,
	type PartKind
} from '../../domain/structured-parts';
import { DECIDED_ROW_ATTRS } from '../../domain/proposal-section';

const PartField = Node.create({
	name: FIELD_NODE,
	content: 'text*',
	marks: '',
	isolating: true,
	addAttributes() {
		return {
			name: {
				default: '',
				parseHTML: (element) => element.getAttribute('data-field') ?? '',
				renderHTML: (attributes) => ({ 'data-field': String(attributes.name) })
			}
		};
	},
	parseHTML() {
		return [{ tag: 'div[data-part-field]' }];
	},
	renderHTML({ HTMLAttributes }) {
		return ['div', mergeAttributes(HTMLAttributes, { 'data-part-field': '' }), 0];
	}
});

/**
 * Keys inside a field, before the core keymap (whose Enter/Backspace would split or join fields).
 * A separate extension so its priority does not change the order of the schema's nodes.
 */
export const PartFieldKeys = Extension.create({
	name: 'partFieldKeys',
	priority: 1000,
	addKeyboardShortcuts() {
		const inField = () => {
			const { selection } = this.editor.state;
			return selection.empty && selection.$from.parent.type.name === FIELD_NODE
				? selection.$from
				: null;
		};
		const go = (pos: number) => {
			const { state, view } = this.editor;
			view.dispatch(
				state.tr.setSelection(TextSelection.near(state.doc.resolve(pos))).scrollIntoView()
			);
			return true;
		};
		/** Tab order inside a part: the fields of a row, then the next row's; out at either end. */
		const move = (direction: 1 | -1) => {
			const $from = inField();
			if (!$from) return false;
			const fields = fieldRanges(this.editor.state.doc, $from.before(-2));
			const here = fields.findIndex((field) => field.start === $from.start());
			const next = fields[here + direction];
			if (next !== undefined) {
				// At the end of the field's text, as a form field keeps what is in it.
				const { state, view } = this.editor;
				view.dispatch(
					state.tr.setSelection(TextSelection.create(state.doc, next.end)).scrollIntoView()
				);
				return true;
			}
			// Past the last field (or before the first): leave the part, into the text around it.
			return direction === 1 ? go($from.after(-2)) : go($from.before(-2));
		};
		return {
			Tab: () => move(1),
			'Shift-Tab': () => move(-1),
			// A field is one line: Enter moves to the next field; in the last one, adds a row below.
			Enter: () => {
				const $from = inField();
				if (!$from) return false;
				const row = $from.node(-1);
				const index = $from.index(-1);
				if (index + 1 < row.childCount) {
					const next = $from.after() + 1;
					this.editor.view.dispatch(
						this.editor.state.tr.setSelection(TextSelection.create(this.editor.state.doc, next))
					);
					return true;
				}
				const kind = partKindOfRow(row.type.name);
				if (!kind) return true;
				const { state, view } = this.editor;
				const after = $from.after(-1);
				const fields = PART_FIELDS[kind].map((name) =>
					state.schema.nodes[FIELD_NODE]!.create({ name })
				);
				const tr = state.tr.insert(after, row.type.create(null, fields));
				view.dispatch(tr.setSelection(TextSelection.create(tr.doc, after + 2)).scrollIntoView());
				return true;
			},
			'Shift-Enter': () => inField() !== null,
			// Escape leaves the part: the cursor goes to the text after it.
			Escape: () => {
				const $from = inField();
				return $from ? go($from.after(-2)) : false;
			},
			// Never join a field with its neighbour: that would break the row's shape.
			Backspace: () => {
				const $from = inField();
				return $from !== null && $from.parentOffset === 0;
			},
			Delete: () => {
				const $from = inField();
				return $from !== null && $from.parentOffset === $from.parent.content.size;
			}
		};
	}
});

/** Where the text of every field of the part at `partPos` starts and ends, in reading order. */
function fieldRanges(doc: PMNode, partPos: number): { start: number; end: number }[] {
	const part = doc.nodeAt(partPos);
	const ranges: { start: number; end: number }[] = [];
	part?.descendants((node, pos) => {
		if (node.type.name !== FIELD_NODE) return true;
		const start = partPos + 1 + pos + 1;
		ranges.push({ start, end: start + node.content.size });
		return false;
	});
	return ranges;
}

function rowNode(kind: PartKind) {
	const fields = PART_FIELDS[kind].map(() => FIELD_NODE).join(' ');
	return Node.create({
		name: PART_NODES[kind].row,
		content: fields,
		isolating: true,
		defining: true,
		addAttributes() {
			if (kind === 'copil') {
				// Written by an election's result (its role and term), never typed: last write wins.
				return Object.fromEntries(
					DECIDED_ROW_ATTRS.map((name) => [
						name,
						{
							default: '',
							parseHTML: (element: HTMLElement) => element.getAttribute(`data-${name}`) ?? '',
							renderHTML: (attributes: Record<string, unknown>) =>
								attributes[name] ? { [`data-${name}`]: String(attributes[name]) } : {}
						}
					])
				);
			}
			if (kind !== 'enjeux') return {};
			return {
				enjeu: {
					default: '',
					parseHTML: (element) => element.getAttribute('data-enjeu') ?? '',
					renderHTML: (attributes) => ({ 'data-enjeu': String(attributes.enjeu) })
				}
			};
		},
		parseHTML() {
			return [{ tag: `div[data-part-row="${kind}"]` }];
		},
		renderHTML({ HTMLAttributes }) {
			return ['div', mergeAttributes(HTMLAttributes, { 'data-part-row': kind }), 0];
		}
	});
}

function blockNode(kind: PartKind) {
	return Node.create({
		name: PART_NODES[kind].block,
		group: 'block',
		content: `${PART_NODES[kind].row}*`,
		isolating: true,
		defining: true,
		selectable: false,
		draggable: false,
		parseHTML() {
			return [{ tag: `div[data-part="${kind}"]` }];
		},
		renderHTML({ HTMLAttributes }) {
			return ['div', mergeAttributes(HTMLAttributes, { 'data-part': kind }), 0];
		}
	});
}

/** The nodes of every structured part (add `PartFieldKeys` beside them). */
export function structuredNodes(): Node[] {
	return [PartField, ...PART_KINDS.flatMap((kind) => [rowNode(kind), blockNode(kind)])];
}

/**
 * Node views of the structured parts (browser only: they build DOM). Plain ProseMirror node views:
 * the field texts are ProseMirror content (so Yjs merges them), everything around them (labels,
 * notes, totals, buttons, the enjeu select) is non-editable chrome that never enters the document.
 * Controls are hidden or disabled while the editor is read-only.
 */
import type { Editor, NodeViewRenderer } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import type { EditorView, NodeView, ViewMutationRecord } from '@tiptap/pm/view';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { ENJEUX } from '$lib/domain/experiment';
import {
	FIELD_NODE,
	PART_FIELDS,
	PART_KINDS,
	PART_NODES,
	budgetTotal,
	fieldError,
	fieldType,
	partKindOfRow,
	rowErrors,
	rowIsBlank,
	type PartKind
} from '$lib/domain/structured-parts';
import { parseDateInput } from '$lib/domain/structured';
import { formatAmount } from '$lib/i18n/format';
import { addRow, moveRow, removeRow, rowInput, setEnjeu } from './commands';
import { fieldNote } from './field-note';
import { ENJEU_LABEL, PART_ADD, PART_TITLE, errorMessage, fieldLabel } from './labels';

let counter = 0;
const uniqueId = (prefix: string) => `${prefix}-${++counter}`;
const locale = () => (getLocale() === 'en' ? 'en' : 'fr');

function element<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	attributes: Record<string, string> = {},
	text?: string
): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
	if (text !== undefined) node.textContent = text;
	return node;
}

function chrome(className: string): HTMLDivElement {
	return element('div', { class: className, contenteditable: 'false' });
}

/** Follows the editor's editable state (ProtocolEditor's setEditable emits `update`). */
function watchEditable(editor: Editor, apply: (editable: boolean) => void): () => void {
	const handler = () => apply(editor.isEditable);
	handler();
	editor.on('update', handler);
	return () => editor.off('update', handler);
}

type Command = (state: EditorState, pos: number) => Transaction | null;

function run(
	editor: Editor,
	getPos: () => number | undefined,
	command: Command
): Transaction | null {
	const pos = getPos();
	if (!editor.isEditable || typeof pos !== 'number') return null;
	const tr = command(editor.state, pos);
	if (tr) editor.view.dispatch(tr);
	return tr;
}

/** Mutations outside the editable content are the view's own business. */
const ignoreOutside = (contentDOM: HTMLElement) => (mutation: ViewMutationRecord) =>
	mutation.type !== 'selection' && !contentDOM.contains(mutation.target);

const stopInside =
	(...areas: HTMLElement[]) =>
	(event: Event) =>
		event.target instanceof Node && areas.some((area) => area.contains(event.target as Node));

function blockView(kind: PartKind): NodeViewRenderer {
	return ({ editor, node: initial, getPos }): NodeView => {
		const titleId = uniqueId('part');
		const dom = element('section', {
			class: `part part-${kind}`,
			'data-part': kind,
			'aria-labelledby': titleId
		});
		const head = chrome('part-head');
		head.append(element('p', { class: 'part-title', id: titleId }, PART_TITLE[kind]()));
		const contentDOM = element('div', { class: 'part-rows' });
		const empty = element('p', { class: 'part-empty', contenteditable: 'false' });
		empty.textContent = m.structured_empty();
		const foot = chrome('part-foot');
		const total = kind === 'budget' ? element('p', { class: 'part-total' }) : null;
		const unreadable = kind === 'budget' ? element('p', { class: 'part-unreadable' }) : null;
		const add = element('button', { type: 'button', class: 'part-add' }, `+ ${PART_ADD[kind]()}`);
		add.addEventListener('click', () => {
			if (run(editor, getPos, addRow)) editor.view.focus();
		});
		if (total && unreadable) foot.append(total, unreadable);
		foot.append(add);
		dom.append(head, contentDOM, empty, foot);

		const render = (node: PMNode) => {
			empty.hidden = node.childCount > 0;
			if (!total || !unreadable) return;
			// A row nobody has written in yet (just added) is not an unreadable amount.
			const amounts: string[] = [];
			node.forEach((row) => {
				const input = rowInput(row);
				if (!rowIsBlank(input)) amounts.push(input.fields.amount ?? '');
			});
			const sum = budgetTotal(amounts);
			total.textContent = m.structured_total({ amount: formatAmount(sum.cents / 100, locale()) });
			unreadable.hidden = sum.unreadable === 0;
			unreadable.textContent = m.structured_total_unreadable({ count: sum.unreadable });
		};
		render(initial);
		const stopWatching = watchEditable(editor, (editable) => (add.hidden = !editable));
		return {
			dom,
			contentDOM,
			update: (node) => {
				if (node.type !== initial.type) return false;
				render(node);
				return true;
			},
			stopEvent: stopInside(head, foot),
			ignoreMutation: ignoreOutside(contentDOM),
			destroy: stopWatching
		};
	};
}

function rowView(kind: PartKind): NodeViewRenderer {
	return ({ editor, node: initial, getPos }): NodeView => {
		const dom = element('div', { class: 'part-row', 'data-part-row': kind, role: 'group' });
		const contentDOM = element('div', { class: 'part-cells' });
		const actions = chrome('part-actions');
		const button = (action: string, symbol: string) => {
			const b = element('button', { type: 'button', class: 'part-action', 'data-action': action });
			b.append(element('span', { 'aria-hidden': 'true' }, symbol));
			return b;
		};
		const up = button('up', '↑');
		const down = button('down', '↓');
		const remove = button('remove', '×');
		actions.append(up, down, remove);

		/** After a move the row is rendered anew: give the focus back to the same button. */
		const move = (direction: -1 | 1, action: string) => {
			const tr = run(editor, getPos, (state, pos) => moveRow(state, pos, direction));
			if (!tr) return;
			const $field = tr.selection.$from;
			const rowDom = editor.view.nodeDOM($field.before($field.depth - 1));
			const target =
				rowDom instanceof HTMLElement
					? rowDom.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)
					: null;
			if (target && !target.closest('[hidden]') && getComputedStyle(target).visibility !== 'hidden')
				target.focus();
			else editor.view.focus();
		};
		up.addEventListener('click', () => move(-1, 'up'));
		down.addEventListener('click', () => move(1, 'down'));
		remove.addEventListener('click', () => {
			if (run(editor, getPos, removeRow)) editor.view.focus();
		});

		let choice: HTMLDivElement | null = null;
		let select: HTMLSelectElement | null = null;
		let choiceNote: HTMLParagraphElement | null = null;
		if (kind === 'enjeux') {
			choice = chrome('part-choice');
			const selectId = uniqueId('enjeu');
			const noteId = uniqueId('enjeu-note');
			const label = element('label', { for: selectId, class: 'part-label' }, m.structured_enjeu());
			select = element('select', { id: selectId, 'aria-describedby': noteId });
			select.append(element('option', { value: '' }, m.structured_enjeu_none()));
			for (const enjeu of ENJEUX)
				select.append(element('option', { value: enjeu }, ENJEU_LABEL[enjeu]()));
			choiceNote = element('p', { class: 'part-note', id: noteId });
			const current = select;
			select.addEventListener('change', () =>
				run(editor, getPos, (state, pos) => setEnjeu(state, pos, current.value))
			);
			choice.append(label, select, choiceNote);
			dom.append(choice);
		}
		// An elected person's role and term (written by the election, read-only here).
		const decided = kind === 'copil' ? chrome('part-decided') : null;
		if (decided) decided.hidden = true;
		dom.append(contentDOM, actions);
		if (decided) dom.append(decided);

		const render = (node: PMNode) => {
			if (decided) {
				const role = String(node.attrs.role ?? '');
				const term = String(node.attrs.term ?? '');
				decided.textContent = [role, term].filter((t) => t !== '').join(' · ');
				decided.hidden = decided.textContent === '';
			}
			const input = rowInput(node);
			const enjeu = input.enjeu ?? '';
			const first = Object.values(input.fields)[0]?.trim() ?? '';
			const name =
				kind === 'enjeux' && (ENJEUX as readonly string[]).includes(enjeu)
					? ENJEU_LABEL[enjeu as (typeof ENJEUX)[number]]()
					: first || m.structured_row_untitled();
			dom.setAttribute('aria-label', name);
			up.setAttribute('aria-label', m.structured_row_up({ row: name }));
			up.title = up.getAttribute('aria-label') ?? '';
			down.setAttribute('aria-label', m.structured_row_down({ row: name }));
			down.title = down.getAttribute('aria-label') ?? '';
			remove.setAttribute('aria-label', m.structured_row_remove({ row: name }));
			remove.title = remove.getAttribute('aria-label') ?? '';
			if (select && choiceNote) {
				select.value = (ENJEUX as readonly string[]).includes(enjeu) ? enjeu : '';
				const error = rowErrors('enjeux', input).enjeu;
				choiceNote.textContent = !error
					? ''
					: error === 'required'
						? m.structured_required()
						: errorMessage(error);
				choiceNote.className = `part-note ${error === 'enjeu_invalid' ? 'error' : 'muted'}`;
				select.setAttribute('aria-invalid', String(error === 'enjeu_invalid'));
			}
		};
		render(initial);
		const stopWatching = watchEditable(editor, (editable) => {
			actions.hidden = !editable;
			if (select) select.disabled = !editable;
		});
		const chromeAreas = [actions, ...(choice ? [choice] : []), ...(decided ? [decided] : [])];
		return {
			dom,
			contentDOM,
			update: (node) => {
				if (node.type !== initial.type) return false;
				render(node);
				return true;
			},
			stopEvent: stopInside(...chromeAreas),
			ignoreMutation: ignoreOutside(contentDOM),
			destroy: stopWatching
		};
	};
}

const fieldView: NodeViewRenderer = ({ editor, node: initial, view, getPos }): NodeView => {
	const pos = getPos();
	const parent = typeof pos === 'number' ? view.state.doc.resolve(pos).parent : null;
	const kind = parent ? partKindOfRow(parent.type.name) : null;
	const index = typeof pos === 'number' ? view.state.doc.resolve(pos).index() : 0;
	const name = String(initial.attrs.name || (kind ? (PART_FIELDS[kind][index] ?? '') : ''));
	const labelId = uniqueId('field');
	const noteId = uniqueId('field-note');
	const dom = element('div', { class: 'part-field', 'data-field': name });
	const label = element('span', { class: 'part-label', id: labelId, contenteditable: 'false' });
	label.textContent = kind ? fieldLabel(kind, name) : name;
	const contentDOM = element('div', {
		class: 'part-input',
		role: 'textbox',
		'aria-labelledby': labelId,
		'aria-describedby': noteId
	});
	if (kind && fieldError(kind, name, '') === 'required')
		contentDOM.setAttribute('aria-required', 'true');
	const note = element('p', { class: 'part-note', id: noteId, contenteditable: 'false' });
	// Dates: a calendar in the reader's language beside the typed text, which stays the value.
	const picker =
		kind && fieldType(kind, name) === 'date' ? datePicker(view, getPos, labelId) : null;
	if (picker) {
		const line = element('div', { class: 'part-date-line' });
		line.append(contentDOM, picker.wrap);
		dom.append(label, line, note);
	} else dom.append(label, contentDOM, note);

	const render = (node: PMNode) => {
		picker?.show(node.textContent);
		const result = kind ? fieldNote(kind, name, node.textContent, locale()) : null;
		contentDOM.setAttribute('aria-invalid', String(result?.tone === 'error'));
		note.className = `part-note ${result?.tone === 'error' ? 'error' : result?.tone === 'value' ? 'value' : 'muted'}`;
		note.textContent = !result
			? ''
			: result.tone === 'required'
				? m.structured_required()
				: result.tone === 'error'
					? errorMessage(result.error)
					: result.text;
	};
	render(initial);
	const stopWatching = picker
		? watchEditable(editor, (editable) => picker.setEditable(editable))
		: () => {};
	return {
		dom,
		contentDOM,
		update: (node) => {
			if (node.type !== initial.type) return false;
			render(node);
			return true;
		},
		destroy: stopWatching,
		stopEvent: (event) => !!picker && picker.wrap.contains(event.target as Node),
		ignoreMutation: (mutation) =>
			mutation.type !== 'selection' &&
			(!contentDOM.contains(mutation.target) ||
				(mutation.target === contentDOM && mutation.type === 'attributes'))
	};
};

/**
 * A native date input (the browser's calendar, in the reader's locale) that writes the chosen day
 * into the field as text: "12/03/2027" in French, "2027-03-12" otherwise, both read by the parser.
 */
function datePicker(
	view: EditorView,
	getPos: () => number | undefined,
	labelId: string
): { wrap: HTMLElement; show: (text: string) => void; setEditable: (editable: boolean) => void } {
	const wrap = element('span', { class: 'part-date-picker', contenteditable: 'false' });
	const input = element('input', { type: 'date', 'aria-describedby': labelId });
	input.setAttribute('aria-label', m.writing_date_pick());
	wrap.append(input);
	input.addEventListener('change', () => {
		const pos = getPos();
		const node = typeof pos === 'number' ? view.state.doc.nodeAt(pos) : null;
		if (!node || !view.editable || !/^\d{4}-\d{2}-\d{2}$/.test(input.value)) return;
		const [year, month, day] = input.value.split('-');
		const text = locale() === 'fr' ? `${day}/${month}/${year}` : input.value;
		const tr = view.state.tr.replaceWith(
			pos! + 1,
			pos! + node.nodeSize - 1,
			view.state.schema.text(text)
		);
		view.dispatch(tr);
	});
	return {
		wrap,
		show: (text) => {
			const parsed = parseDateInput(text);
			input.value = parsed.ok ? parsed.iso : '';
		},
		setEditable: (editable) => {
			input.disabled = !editable;
			wrap.hidden = !editable;
		}
	};
}

/** Node views by node name, for `editorExtensions({ nodeViews })`. */
export function structuredNodeViews(): Record<string, NodeViewRenderer> {
	const views: Record<string, NodeViewRenderer> = { [FIELD_NODE]: fieldView };
	for (const kind of PART_KINDS) {
		views[PART_NODES[kind].block] = blockView(kind);
		views[PART_NODES[kind].row] = rowView(kind);
	}
	return views;
}

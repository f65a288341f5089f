/**
 * The calendar milestones and budget lines of a protocol, read from its ProseMirror JSON for the
 * portfolio. A date or amount people typed is parsed as the editor shows it; a milestone whose
 * date cannot be read has no place on a timeline and is left out, a budget line whose amount
 * cannot be read is kept with no amount (the portfolio says how many). Pure.
 */
import type { ProseMirrorJSON } from './templates/protocol';
import { FIELD_NODE, PART_FIELDS, PART_NODES, rowIsBlank } from './structured-parts';
import { parseAmount, parseDateInput } from './structured';

export interface ProtocolMilestone {
	phase: string;
	/** ISO day. */
	date: string;
	owner: string;
}

export interface ProtocolBudgetLine {
	item: string;
	cents: number | null;
}

function textOf(node: ProseMirrorJSON): string {
	return node.text ?? (node.content ?? []).map(textOf).join('');
}

/** A row's field texts by name (the field's own `name`, else its position). */
function rowFields(row: ProseMirrorJSON, names: readonly string[]): Record<string, string> {
	const fields: Record<string, string> = {};
	(row.content ?? [])
		.filter((child) => child.type === FIELD_NODE)
		.forEach((field, i) => {
			const name = typeof field.attrs?.name === 'string' ? field.attrs.name : names[i];
			if (name) fields[name] = textOf(field).trim();
		});
	return fields;
}

function rowsOf(doc: ProseMirrorJSON, rowType: string): ProseMirrorJSON[] {
	const found: ProseMirrorJSON[] = [];
	const visit = (node: ProseMirrorJSON) => {
		if (node.type === rowType) found.push(node);
		else (node.content ?? []).forEach(visit);
	};
	visit(doc);
	return found;
}

export function protocolMilestones(doc: ProseMirrorJSON): ProtocolMilestone[] {
	return rowsOf(doc, PART_NODES.calendar.row).flatMap((row) => {
		const f = rowFields(row, PART_FIELDS.calendar);
		const date = parseDateInput(f.date ?? '');
		if (!date.ok) return [];
		return [{ phase: f.phase ?? '', date: date.iso, owner: f.owner ?? '' }];
	});
}

export function protocolBudgetLines(doc: ProseMirrorJSON): ProtocolBudgetLine[] {
	return rowsOf(doc, PART_NODES.budget.row).flatMap((row) => {
		const fields = rowFields(row, PART_FIELDS.budget);
		if (rowIsBlank({ fields })) return [];
		const amount = parseAmount(fields.amount ?? '');
		return [{ item: fields.item ?? '', cents: amount.ok ? amount.cents : null }];
	});
}

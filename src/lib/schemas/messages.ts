/**
 * Field errors as people read them: a schema's issues (codes from fields.ts) become one sentence
 * per field, in the request's language (Paraglide), with the limit that applies ("200 caractères
 * au plus (il y en a 214)."). Shared by the server (forms and JSON answers) and the pages.
 */
import type * as v from 'valibot';
import { knownErrorText } from '../i18n/errors';
import { m } from '../paraglide/messages';
import { getLocale } from '../paraglide/runtime';
import { fieldSpec, objectOf, type FieldSpec } from './fields';

export interface FieldError {
	/** Stable code: a FieldCode, or a domain / PocketBase hook code (e.g. `last_coordinator`). */
	code: string;
	/** The sentence shown next to the field. */
	message: string;
}

/** Errors by field name; '' holds an error of the whole input (not of one field). */
export type FieldErrors = Record<string, FieldError>;

const number = (value: number) => new Intl.NumberFormat(getLocale()).format(value);

interface Params {
	max?: number;
	min?: number;
	length?: number;
}

/** The sentence of a field code (a FieldCode); null for a code this module does not know. */
export function fieldMessage(code: string, params: Params = {}): string | null {
	switch (code) {
		case 'required':
			return m.sweep_field_required();
		case 'too_long':
			return params.max === undefined
				? m.sweep_field_invalid()
				: m.sweep_field_too_long({
						max: number(params.max),
						length: number(params.length ?? params.max + 1)
					});
		case 'too_short':
			return m.sweep_field_too_short({ min: number(params.min ?? 1) });
		case 'too_many':
			return m.sweep_field_too_many({ max: number(params.max ?? 0) });
		case 'invalid':
			return m.sweep_field_invalid();
		case 'choice':
			return m.sweep_field_choice();
		case 'control':
			return m.sweep_field_control();
		case 'single_line':
			return m.sweep_field_single_line();
		case 'encoding':
			return m.sweep_field_encoding();
		case 'integer':
			return m.sweep_field_integer();
		case 'range':
			return m.sweep_field_range({ min: number(params.min ?? 0), max: number(params.max ?? 0) });
		case 'date':
			return m.sweep_field_date();
		case 'date_order':
			return m.sweep_field_date_order();
		case 'datetime':
			return m.sweep_field_datetime();
		case 'past':
			return m.sweep_field_past();
		case 'email':
			return m.sweep_field_email();
		case 'id':
			return m.sweep_field_id();
		case 'unknown_field':
			return m.sweep_field_unknown_field();
		case 'not_unique':
			return m.sweep_field_not_unique();
		default:
			return null;
	}
}

function paramsOf(spec: FieldSpec | null, input: unknown): Params {
	const length = typeof input === 'string' ? input.length : undefined;
	if (!spec) return { length };
	switch (spec.kind) {
		case 'text':
			return { max: spec.max, min: spec.min, length };
		case 'secret':
			return { max: spec.max, min: spec.min, length };
		case 'email':
			return { max: spec.max, length };
		case 'integer':
			return { min: spec.min, max: spec.max };
		case 'ids':
			return { min: spec.min, max: spec.max };
		case 'json':
			return { max: spec.maxBytes, length: JSON.stringify(input ?? null).length };
		default:
			return {};
	}
}

/**
 * The field an issue is about — its dot path down to the first non-object field (an element of
 * a list belongs to the list) — and that field's schema.
 */
function fieldOf(
	schema: v.GenericSchema,
	issue: v.BaseIssue<unknown>
): { name: string; entry: v.GenericSchema | null; value: unknown } {
	const names: string[] = [];
	let entries = objectOf(schema)?.entries ?? null;
	let entry: v.GenericSchema | null = null;
	let value: unknown = issue.input;
	for (const item of issue.path ?? []) {
		const key = (item as { key?: unknown }).key;
		if (!entries || typeof key !== 'string') break;
		entry = entries[key] ?? null;
		names.push(key);
		value = (item as { value?: unknown }).value;
		entries = entry ? (objectOf(entry)?.entries ?? null) : null;
	}
	// The length counted is the one the check saw (after trimming).
	return {
		name: names.join('.'),
		entry,
		value: typeof issue.input === 'string' ? issue.input : value
	};
}

/**
 * One error per field (the first issue found for it) from a failed parse of `schema`, keyed by
 * the field's dot path (`role.title` in a nested object). An issue of the whole input (not an
 * object at all) is filed under ''.
 */
export function fieldErrorsOf(schema: v.GenericSchema, issues: readonly v.BaseIssue<unknown>[]) {
	const errors: FieldErrors = {};
	for (const issue of issues) {
		const { name, entry, value } = fieldOf(schema, issue);
		if (errors[name]) continue;
		const code = issue.message;
		const spec = entry ? fieldSpec(entry) : null;
		errors[name] = {
			code,
			message:
				fieldMessage(code, paramsOf(spec, value)) ?? knownErrorText(code) ?? m.sweep_field_invalid()
		};
	}
	return errors;
}

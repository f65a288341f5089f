/**
 * Input of the SvelteKit actions and JSON endpoints, through their declared schemas
 * (src/lib/schemas): parsing, field errors in the request's language, PocketBase's validation
 * errors read as field errors, and the one answer shape of each layer:
 *   - forms: `fail(400, { action?, values, errors })`, `errors` by field name (FieldErrors);
 *   - JSON: `400 { error: 'invalid_input', message, fields }`.
 * See docs/architecture.md (Input and errors).
 */
import { fail, json } from '@sveltejs/kit';
import { ClientResponseError } from 'pocketbase';
import * as v from 'valibot';
import { knownErrorText } from '../i18n/errors';
import { m } from '../paraglide/messages';
import { fieldSpec, objectOf } from '../schemas/fields';
import { fieldErrorsOf, fieldMessage, type FieldErrors } from '../schemas/messages';
import { appLog, errorFields } from './log';
import { isOutage } from './pb-errors';

export type { FieldErrors };

export type Parsed<T> =
	| { ok: true; data: T }
	| {
			ok: false;
			errors: FieldErrors;
			/** What was sent, to fill the form again (never a password). */
			values: Record<string, unknown>;
	  };

/**
 * The record a form schema reads from FormData: a list for list fields (checkboxes), else the
 * single value; a field sent twice stays a list (and is refused), a file is refused as text.
 */
/** Form data, or a URL's query (the same API). */
type FormLike = Pick<FormData, 'getAll'> | URLSearchParams;

export function formRecord(schema: v.GenericSchema, form: FormLike): Record<string, unknown> {
	const entries = objectOf(schema)?.entries ?? {};
	const record: Record<string, unknown> = {};
	for (const [name, entry] of Object.entries(entries)) {
		const spec = fieldSpec(entry);
		const all = form.getAll(name);
		const list = spec?.kind === 'choices' || spec?.kind === 'ids';
		if (list) record[name] = all;
		else if (all.length === 1) record[name] = all[0];
		else if (all.length > 1) record[name] = all;
	}
	return record;
}

/** The values to show in the form again: text as sent, passwords left out. */
function echo(schema: v.GenericSchema, record: Record<string, unknown>): Record<string, unknown> {
	const entries = objectOf(schema)?.entries ?? {};
	const values: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(record)) {
		const spec = entries[name] ? fieldSpec(entries[name]) : null;
		if (spec?.kind === 'secret') continue;
		if (typeof value === 'string' || Array.isArray(value)) values[name] = value;
	}
	return values;
}

export function parseInput<S extends v.GenericSchema>(
	schema: S,
	record: unknown
): Parsed<v.InferOutput<S>> {
	const result = v.safeParse(schema, record);
	if (result.success) return { ok: true, data: result.output };
	const values =
		typeof record === 'object' && record !== null && !Array.isArray(record)
			? echo(schema, record as Record<string, unknown>)
			: {};
	return { ok: false, errors: fieldErrorsOf(schema, result.issues), values };
}

export function parseForm<S extends v.GenericSchema>(
	schema: S,
	form: FormLike
): Parsed<v.InferOutput<S>> {
	return parseInput(schema, formRecord(schema, form));
}

/** A form action's refusal with field errors (the page shows each next to its field). */
export function formFailure(
	errors: FieldErrors,
	extra: { action?: string; values?: Record<string, unknown>; status?: number } = {}
) {
	return fail(extra.status ?? 400, {
		action: extra.action ?? null,
		values: extra.values ?? {},
		errors,
		error: null as string | null
	});
}

/** A form action's refusal of the whole form (no field at fault): a stable code. */
export function formError(
	status: number,
	code: string,
	extra: { action?: string; values?: Record<string, unknown> } = {}
) {
	return fail(status, {
		action: extra.action ?? null,
		values: extra.values ?? {},
		errors: null as FieldErrors | null,
		error: code as string | null
	});
}

export class InputError extends Error {
	constructor(
		readonly status: number,
		readonly body: Record<string, unknown>
	) {
		super(String(body.error));
		this.name = 'InputError';
	}
}

/** The JSON answer of an input refused field by field. */
export function invalidInputBody(errors: FieldErrors) {
	return { error: 'invalid_input', message: m.sweep_input_invalid(), fields: errors };
}

export function invalidInput(errors: FieldErrors, status = 400): Response {
	return json(invalidInputBody(errors), { status });
}

/**
 * A request's JSON body, at most `maxBytes` long: an object (or anything for `allowAny`), else
 * an InputError (413 too large, 400 malformed).
 */
export async function readJson(request: Request, maxBytes = 64 * 1024): Promise<unknown> {
	const text = await request.text();
	if (text.length > maxBytes) {
		throw new InputError(413, {
			error: 'too_large',
			message: m.sweep_input_too_large({ max: String(Math.floor(maxBytes / 1024)) })
		});
	}
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		value = undefined;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new InputError(400, { error: 'invalid_input', message: m.sweep_input_malformed() });
	}
	return value;
}

/** Reads and validates a JSON body; throws an InputError (400 with field errors) if refused. */
export async function jsonInput<S extends v.GenericSchema>(
	request: Request,
	schema: S,
	maxBytes?: number
): Promise<v.InferOutput<S>> {
	const parsed = parseInput(schema, await readJson(request, maxBytes));
	if (!parsed.ok) throw new InputError(400, invalidInputBody(parsed.errors));
	return parsed.data;
}

/** PocketBase's validation codes, as field codes (fields.ts). */
const PB_CODES: Record<string, string> = {
	validation_required: 'required',
	validation_max_text_constraint: 'too_long',
	validation_min_text_constraint: 'too_short',
	validation_invalid_email: 'email',
	validation_is_email: 'email',
	validation_values_mismatch: 'choice',
	validation_invalid_value: 'invalid',
	validation_not_unique: 'not_unique',
	validation_invalid_date: 'date',
	validation_min_number_constraint: 'range',
	validation_max_number_constraint: 'range',
	validation_match_invalid: 'invalid',
	validation_length_out_of_range: 'too_long',
	validation_length_too_long: 'too_long'
};

/**
 * The field errors of a write PocketBase refused with 400 (its schema validation or a hook's
 * field codes), filed under the schema's field names (`fields`: PocketBase field → schema field;
 * by default the fields whose spec names `<collection>.<field>`). Null if it is not such an
 * error. A field the form does not show is filed under ''.
 */
export function pocketBaseFieldErrors(
	error: unknown,
	schema: v.GenericSchema | null,
	collection: string,
	fields: Record<string, string> = {}
): FieldErrors | null {
	if (!(error instanceof ClientResponseError) || error.status !== 400) return null;
	const data = (error.response as { data?: Record<string, { code?: unknown }> }).data ?? {};
	const entries = schema ? (objectOf(schema)?.entries ?? {}) : {};
	const byPb = new Map<string, string>();
	for (const [name, entry] of Object.entries(entries)) {
		const pb = fieldSpec(entry)?.pb;
		if (pb?.startsWith(`${collection}.`)) byPb.set(pb.slice(collection.length + 1), name);
	}
	const errors: FieldErrors = {};
	for (const [pbField, detail] of Object.entries(data)) {
		const raw = typeof detail?.code === 'string' ? detail.code : 'validation_invalid_value';
		const name = fields[pbField] ?? byPb.get(pbField) ?? '';
		if (errors[name]) continue;
		const spec = entries[name] ? fieldSpec(entries[name]) : null;
		const code = PB_CODES[raw] ?? (raw.startsWith('validation_') ? 'invalid' : raw);
		const max = spec && 'max' in spec ? spec.max : undefined;
		errors[name] = {
			code,
			message:
				fieldMessage(code, { max, min: spec && 'min' in spec ? spec.min : undefined }) ??
				knownErrorText(code) ??
				m.sweep_field_invalid()
		};
	}
	return Object.keys(errors).length > 0 ? errors : null;
}

/**
 * A form action's answer to a write PocketBase refused or could not do: field errors (400) for
 * its validation or a hook's field codes, a code for a refusal (403 forbidden, 404 not_found,
 * 429 throttled, 400 with a hook's code on a field the form does not show), 503 `unavailable`
 * for an outage (what was typed is kept). Anything else is a bug: thrown, for handleError.
 */
export function writeFailure(
	error: unknown,
	options: {
		schema?: v.GenericSchema | null;
		collection?: string;
		fields?: Record<string, string>;
		values?: Record<string, unknown>;
		action?: string;
	} = {}
) {
	const { schema = null, collection = '', fields, values, action } = options;
	const errors = pocketBaseFieldErrors(error, schema, collection, fields);
	if (errors) {
		const { '': whole, ...byField } = errors;
		if (Object.keys(byField).length > 0) return formFailure(byField, { action, values });
		return formError(400, whole!.code, { action, values });
	}
	if (error instanceof ClientResponseError) {
		if (error.status === 403) return formError(403, 'forbidden', { action, values });
		if (error.status === 404) return formError(404, 'not_found', { action, values });
		if (error.status === 429) return formError(429, 'throttled', { action, values });
	}
	if (isOutage(error)) {
		appLog.warn('app.write_unavailable', { action, ...errorFields(error) });
		return formError(503, 'unavailable', { action, values });
	}
	throw error;
}

/**
 * The refusal of the first failing request of a PocketBase batch, as if it had been sent alone
 * (its status and field errors), so writeFailure can read it; any other error as is.
 */
export function batchFailure(error: unknown): unknown {
	if (!(error instanceof ClientResponseError) || error.status !== 400) return error;
	const data = (error.response as { data?: { requests?: Record<string, unknown> } }).data;
	for (const failure of Object.values(data?.requests ?? {})) {
		const response = (failure as { response?: { status?: unknown } } | null)?.response;
		if (response && typeof response.status === 'number')
			return new ClientResponseError({ url: error.url, status: response.status, response });
	}
	return error;
}

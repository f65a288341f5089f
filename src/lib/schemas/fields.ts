/**
 * Field builders of Trame's input schemas (Valibot). Each builder takes a small declarative spec
 * (limits, PocketBase field it is stored in) and returns the Valibot schema built from it, with
 * the spec attached as metadata (`fieldSpec()`), so that:
 *   - the server validates every form and JSON command with it (src/lib/server/input.ts);
 *   - tests/integration/schema-agreement.test.ts compares each limit with the migrated
 *     PocketBase collection;
 *   - tests/integration/bad-input.test.ts generates values just over each limit.
 * Every issue's message is a stable code (`FieldCode`), turned into a sentence by
 * src/lib/schemas/messages.ts.
 *
 * Text policy (the same for every field): line endings are normalised to "\n"; control characters
 * (C0, DEL, C1) are refused, except tab and newline in multi-line fields; malformed text — a lone
 * UTF-16 surrogate, or U+FFFD where a decoder met bytes that were no UTF-8 — is refused; text is
 * trimmed at both ends. Refused rather than stripped: the person sees what
 * was wrong and nothing is changed behind their back.
 */
import * as v from 'valibot';

/** Stable codes of field errors; messages.ts gives their sentences. */
export type FieldCode =
	| 'required'
	| 'too_long'
	| 'too_short'
	| 'invalid'
	| 'choice'
	| 'control'
	| 'single_line'
	| 'encoding'
	| 'integer'
	| 'range'
	| 'date'
	| 'date_order'
	| 'datetime'
	| 'email'
	| 'id'
	| 'too_many'
	| 'past'
	| 'unknown_field';

/** `collection.field` of the PocketBase field a value is stored in. */
export type PbField = `${string}.${string}`;

interface Common {
	/** Where the value is stored, when it is stored as is (checked against the migrated schema). */
	pb?: PbField;
	/** Required by a PocketBase hook (or the app) although the collection field is optional. */
	requiredBeyondCollection?: boolean;
	/** Required only under this condition (checked by the input's object rule), e.g. "kind = comment". */
	requiredIf?: string;
}

export type FieldSpec =
	| (Common & { kind: 'text'; max: number; min?: number; required: boolean; multiline: boolean })
	| (Common & { kind: 'secret'; min: number; max: number })
	| (Common & { kind: 'email'; max: number; required: boolean })
	| (Common & { kind: 'choice'; values: readonly string[]; required: boolean })
	| (Common & { kind: 'choices'; values: readonly string[]; min: number })
	| (Common & { kind: 'integer'; min: number; max: number; json: boolean; optional: boolean })
	| (Common & { kind: 'date'; required: boolean; future: boolean })
	| (Common & { kind: 'datetime'; required: boolean; future: boolean })
	| (Common & { kind: 'id'; required: boolean })
	| (Common & { kind: 'ids'; min: number; max: number })
	| (Common & { kind: 'flag'; json: boolean; required: boolean })
	| (Common & { kind: 'json'; maxBytes: number });

/** The metadata key holding a field's spec. */
const SPEC = 'trameField';

/** The spec a field schema was built from (null for a schema not made by these builders). */
export function fieldSpec(schema: v.GenericSchema): FieldSpec | null {
	let inner = schema as v.GenericSchema & { wrapped?: v.GenericSchema };
	// A pipe copies its first schema's properties (`wrapped` included): unwrap only bare optionals.
	while (!('pipe' in inner) && inner.wrapped) inner = inner.wrapped as typeof inner;
	const pipe = (inner as { pipe?: readonly (v.GenericSchema & { metadata?: unknown })[] }).pipe;
	if (!pipe) return null;
	const meta = pipe.find((item) => item.type === 'metadata')?.metadata as
		Record<string, unknown> | undefined;
	const spec = meta?.[SPEC] as FieldSpec | undefined;
	// A field builder's schema piped into further checks: the spec is the builder's.
	return spec ?? (pipe[0] && pipe[0] !== inner ? fieldSpec(pipe[0]) : null);
}

const withSpec = <T>(spec: FieldSpec) => v.metadata<T, Record<string, unknown>>({ [SPEC]: spec });

/** C0 controls but tab and line feed, DEL, C1 controls (carriage returns are normalised first). */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Every control character, tab and line feed included. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_ANY = /[\u0000-\u001f\u007f-\u009f]/;
/**
 * A lone UTF-16 surrogate (text no keyboard types), or U+FFFD, which a decoder writes in place of
 * bytes that were no valid UTF-8: either way, characters were lost before the text reached us.
 */
const MALFORMED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\ufffd/;

/** True when the text holds a lone surrogate or a replacement character (see MALFORMED). */
export function isMalformedText(value: string): boolean {
	return MALFORMED.test(value);
}

/** The checks every text goes through, in order (before trimming and length). */
function textChecks(multiline: boolean) {
	return [
		v.check<string, 'encoding'>((s) => !MALFORMED.test(s), 'encoding'),
		v.transform<string, string>((s) => s.replace(/\r\n?/g, '\n')),
		v.check<string, 'control'>(
			(s) => !CONTROL.test(s) && (multiline || !s.includes('\t')),
			'control'
		),
		v.check<string, 'single_line'>((s) => multiline || !s.includes('\n'), 'single_line')
	] as const;
}

/** A string, or the empty string when the field was left out (forms omit empty fields rarely). */
const stringOrMissing = v.optional(v.string('invalid'), '');

/**
 * Text typed by a person. `required`: not empty after trimming. Single-line text is trimmed;
 * multi-line text keeps its inner layout and is trimmed at both ends.
 */
export function text(spec: {
	max: number;
	min?: number;
	required?: boolean;
	multiline?: boolean;
	pb?: PbField;
	requiredBeyondCollection?: boolean;
	requiredIf?: string;
}) {
	const full: FieldSpec = {
		kind: 'text',
		max: spec.max,
		min: spec.min,
		required: spec.required ?? false,
		multiline: spec.multiline ?? false,
		pb: spec.pb,
		requiredBeyondCollection: spec.requiredBeyondCollection,
		requiredIf: spec.requiredIf
	};
	return v.pipe(
		stringOrMissing,
		...textChecks(full.multiline),
		v.trim(),
		v.check<string, 'required'>((s) => !full.required || s !== '', 'required'),
		v.check<string, 'too_short'>(
			(s) => full.min === undefined || s === '' || s.length >= full.min,
			'too_short'
		),
		v.maxLength(spec.max, 'too_long'),
		withSpec<string>(full)
	);
}

/** A password: never trimmed nor normalised; no control characters. */
export function secret(spec: { min: number; max: number; pb?: PbField }) {
	const full: FieldSpec = { kind: 'secret', ...spec };
	return v.pipe(
		stringOrMissing,
		v.check<string, 'encoding'>((s) => !MALFORMED.test(s), 'encoding'),
		v.check<string, 'required'>((s) => s !== '', 'required'),
		v.check<string, 'control'>((s) => !CONTROL_ANY.test(s), 'control'),
		v.check<string, 'too_short'>((s) => s.length >= spec.min, 'too_short'),
		v.maxLength(spec.max, 'too_long'),
		withSpec<string>(full)
	);
}

/** An email address, normalised to lower case. */
export function email(spec: { max?: number; required?: boolean; pb?: PbField } = {}) {
	const full: FieldSpec = {
		kind: 'email',
		max: spec.max ?? 254,
		required: spec.required ?? true,
		pb: spec.pb
	};
	return v.pipe(
		stringOrMissing,
		...textChecks(false),
		v.trim(),
		v.toLowerCase(),
		v.check<string, 'required'>((s) => !full.required || s !== '', 'required'),
		v.maxLength(full.max, 'too_long'),
		v.check<string, 'email'>((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), 'email'),
		withSpec<string>(full)
	);
}

function choicePipe<const T extends readonly [string, ...string[]]>(
	values: T,
	spec: FieldSpec & { kind: 'choice' }
) {
	return v.pipe(
		stringOrMissing,
		v.check<string, 'required'>((s) => !spec.required || s !== '', 'required'),
		v.check<string, 'choice'>(
			(s) => s === '' || (values as readonly string[]).includes(s),
			'choice'
		),
		withSpec<string>(spec)
	);
}

/** One value of a fixed list (a select, radio buttons or a command's enum), required. */
export function choice<const T extends readonly [string, ...string[]]>(
	values: T,
	spec: { pb?: PbField; requiredBeyondCollection?: boolean } = {}
) {
	return v.pipe(
		choicePipe(values, { kind: 'choice', values, required: true, ...spec }),
		v.transform((s) => s as T[number])
	);
}

/** One value of a fixed list, or '' when none is chosen. */
export function optionalChoice<const T extends readonly [string, ...string[]]>(
	values: T,
	spec: { pb?: PbField; requiredIf?: string } = {}
) {
	return v.pipe(
		choicePipe(values, { kind: 'choice', values, required: false, ...spec }),
		v.transform((s) => s as T[number] | '')
	);
}

/** Several values of a fixed list (checkboxes); duplicates are merged. */
export function choices<const T extends readonly [string, ...string[]]>(
	values: T,
	spec: { min?: number; pb?: PbField; requiredBeyondCollection?: boolean } = {}
) {
	const min = spec.min ?? 0;
	const full: FieldSpec = { kind: 'choices', values, ...spec, min };
	return v.pipe(
		v.optional(v.array(v.string('invalid'), 'invalid'), []),
		v.check<string[], 'choice'>(
			(list) => list.every((s) => (values as readonly string[]).includes(s)),
			'choice'
		),
		v.transform((list) => [...new Set(list)] as T[number][]),
		v.check<T[number][], 'required'>((list) => list.length >= min, 'required'),
		withSpec<T[number][]>(full)
	);
}

function integerRange(spec: FieldSpec & { kind: 'integer' }) {
	return [
		v.check<number, 'integer'>((n) => Number.isSafeInteger(n), 'integer'),
		v.minValue<number, number, 'range'>(spec.min, 'range'),
		v.maxValue<number, number, 'range'>(spec.max, 'range'),
		withSpec<number>(spec)
	] as const;
}

/** A whole number in [min, max] typed in a form ("12"). */
export function integer(spec: { min: number; max: number; pb?: PbField }) {
	const full = { kind: 'integer', json: false, optional: false, ...spec } as const;
	return v.pipe(
		stringOrMissing,
		v.trim(),
		v.check<string, 'required'>((s) => s !== '', 'required'),
		v.check<string, 'integer'>((s) => /^-?\d{1,15}$/.test(s), 'integer'),
		v.transform(Number),
		...integerRange(full)
	);
}

/** A whole number in [min, max] of a JSON command (a JSON number, not text). */
export function jsonInteger(spec: { min: number; max: number; pb?: PbField }) {
	const full = { kind: 'integer', json: true, optional: false, ...spec } as const;
	return v.pipe(v.number('integer'), ...integerRange(full));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FRENCH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** YYYY-MM-DD of a date written YYYY-MM-DD or JJ/MM/AAAA, or null if it is no calendar date. */
export function isoDateOf(value: string): string | null {
	const iso = ISO_DATE.exec(value);
	const fr = iso ? null : FRENCH_DATE.exec(value);
	if (!iso && !fr) return null;
	const [year, month, day] = iso
		? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
		: [Number(fr![3]), Number(fr![2]), Number(fr![1])];
	const date = new Date(Date.UTC(year, month - 1, day));
	if (
		date.getUTCFullYear() !== year ||
		date.getUTCMonth() !== month - 1 ||
		date.getUTCDate() !== day
	)
		return null;
	if (year < 1900 || year > 2200) return null;
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A calendar date, written YYYY-MM-DD (date inputs) or JJ/MM/AAAA; YYYY-MM-DD out ('' if empty). */
export function date(spec: { required?: boolean; future?: boolean; pb?: PbField } = {}) {
	const full: FieldSpec = {
		kind: 'date',
		required: spec.required ?? false,
		future: spec.future ?? false,
		pb: spec.pb
	};
	return v.pipe(
		stringOrMissing,
		v.trim(),
		v.check<string, 'required'>((s) => !full.required || s !== '', 'required'),
		v.check<string, 'date'>((s) => s === '' || isoDateOf(s) !== null, 'date'),
		v.transform((s) => (s === '' ? '' : isoDateOf(s)!)),
		// After today (UTC, as the domain's rules compare with the server's clock).
		v.check<string, 'past'>(
			(s) => !full.future || s === '' || s > new Date().toISOString().slice(0, 10),
			'past'
		),
		withSpec<string>(full)
	);
}

const LOCAL_DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/;

/** A `datetime-local` value (YYYY-MM-DDTHH:MM), '' when empty. */
export function datetime(spec: { required?: boolean; future?: boolean } = {}) {
	const full: FieldSpec = {
		kind: 'datetime',
		required: spec.required ?? false,
		future: spec.future ?? false
	};
	return v.pipe(
		stringOrMissing,
		v.trim(),
		v.check<string, 'required'>((s) => !full.required || s !== '', 'required'),
		v.check<string, 'datetime'>((s) => {
			if (s === '') return true;
			const match = LOCAL_DATETIME.exec(s);
			return (
				match !== null &&
				isoDateOf(match[1]!) !== null &&
				Number(match[2]) < 24 &&
				Number(match[3]) < 60
			);
		}, 'datetime'),
		// In the server's time zone, like the action reads it.
		v.check<string, 'past'>(
			(s) => !full.future || s === '' || new Date(s).getTime() > Date.now(),
			'past'
		),
		withSpec<string>(full)
	);
}

const RECORD_ID = /^[a-z0-9]{15}$/;

/** A PocketBase record id (15 characters a-z, 0-9), e.g. a hidden field naming what to change. */
export function id(spec: { required?: boolean } = {}) {
	const full: FieldSpec = { kind: 'id', required: spec.required ?? true };
	return v.pipe(
		stringOrMissing,
		v.check<string, 'required'>((s) => !full.required || s !== '', 'required'),
		v.check<string, 'id'>((s) => s === '' || RECORD_ID.test(s), 'id'),
		withSpec<string>(full)
	);
}

/** Several record ids (e.g. participants); duplicates are merged. */
export function ids(spec: { min?: number; max: number; requiredIf?: string }) {
	const full: FieldSpec = {
		kind: 'ids',
		min: spec.min ?? 0,
		max: spec.max,
		requiredIf: spec.requiredIf
	};
	return v.pipe(
		v.optional(v.array(v.string('invalid'), 'invalid'), []),
		v.check<string[], 'id'>((list) => list.every((s) => RECORD_ID.test(s)), 'id'),
		v.maxLength(spec.max, 'too_many'),
		v.transform((list) => [...new Set(list)]),
		v.check<string[], 'required'>((list) => list.length >= full.min, 'required'),
		withSpec<string[]>(full)
	);
}

/**
 * A yes/no value. `json`: a JSON boolean (absent = false); otherwise a form checkbox, which a
 * browser sends as "on" when ticked and leaves out otherwise.
 */
export function flag(spec: { json?: boolean; required?: boolean; pb?: PbField } = {}) {
	const full: FieldSpec = {
		kind: 'flag',
		json: !!spec.json,
		required: !!spec.required,
		pb: spec.pb
	};
	if (spec.json && spec.required) return v.pipe(v.boolean('invalid'), withSpec<boolean>(full));
	if (spec.json) return v.pipe(v.optional(v.boolean('invalid'), false), withSpec<boolean>(full));
	return v.pipe(
		stringOrMissing,
		v.check<string, 'invalid'>((s) => s === '' || s === 'on', 'invalid'),
		v.transform((s) => s === 'on'),
		withSpec<boolean>(full)
	);
}

/** Any JSON value whose serialisation stays under `maxBytes` (shape checked by the caller). */
export function json(spec: { maxBytes: number; pb?: PbField }) {
	const full: FieldSpec = { kind: 'json', ...spec };
	return v.pipe(
		v.unknown(),
		v.check<unknown, 'required'>((value) => value !== undefined && value !== null, 'required'),
		v.check<unknown, 'too_long'>(
			(value) => JSON.stringify(value ?? null).length <= spec.maxBytes,
			'too_long'
		),
		withSpec<unknown>(full)
	);
}

/** The field schemas of an input object (a form or a JSON command). */
export type Fields = Record<string, v.GenericSchema>;

/** A rule on several fields of a parsed input: the field at fault and its code, or null. */
/**
 * A rule on several fields of an input: the fields it reads (it runs once those are valid, even
 * if others are not, so every error shows at once), and its check: the field at fault and its
 * code, or null.
 */
export interface ObjectRule<T> {
	fields: readonly string[];
	/** `code`: a FieldCode, or a code of src/lib/i18n/errors.ts (e.g. `password_mismatch`). */
	check: (values: T) => { field: string; code: string } | null;
}

interface ObjectOptions<T> {
	/** [start, end] date fields: end may not come before start (`date_order` on end). */
	dateOrder?: [string, string];
	rules?: ObjectRule<T>[];
}

function withRules<S extends v.GenericSchema>(object: S, options: ObjectOptions<v.InferOutput<S>>) {
	const rules: ObjectRule<v.InferOutput<S>>[] = [...(options.rules ?? [])];
	if (options.dateOrder) {
		const [start, end] = options.dateOrder;
		rules.push({
			fields: [start, end],
			check: (values) => {
				const record = values as Record<string, unknown>;
				const from = record[start];
				const to = record[end];
				return typeof from === 'string' && typeof to === 'string' && from && to && to < from
					? { field: end, code: 'date_order' }
					: null;
			}
		});
	}
	return v.pipe(
		object,
		v.rawCheck<v.InferOutput<S>>(({ dataset, addIssue }) => {
			const values = dataset.value;
			if (typeof values !== 'object' || values === null) return;
			const faulty = new Set(
				(dataset.issues ?? []).map(
					(issue) => (issue.path?.[0] as { key?: unknown } | undefined)?.key
				)
			);
			for (const rule of rules) {
				if (rule.fields.some((field) => faulty.has(field))) continue;
				const fault = rule.check(values);
				if (!fault) continue;
				const record = values as Record<string, unknown>;
				addIssue({
					message: fault.code,
					path: [
						{
							type: 'object',
							origin: 'value',
							input: record,
							key: fault.field,
							value: record[fault.field]
						}
					]
				});
			}
		}),
		v.metadata({ dateOrder: options.dateOrder ?? null })
	);
}

/**
 * A form's fields. Unknown form fields are ignored (a browser sends nothing but the form's
 * inputs). Object rules (date order, fields required under a condition) run once every field
 * is valid.
 */
export function form<const F extends Fields>(
	fields: F,
	options: ObjectOptions<v.InferOutput<v.ObjectSchema<F, 'invalid'>>> = {}
) {
	return withRules(v.object(fields, 'invalid'), options);
}

/** A JSON command's fields: any other key is refused (`unknown_field`). */
export function command<const F extends Fields>(
	fields: F,
	options: ObjectOptions<v.InferOutput<v.StrictObjectSchema<F, 'unknown_field'>>> = {}
) {
	return withRules(v.strictObject(fields, 'unknown_field'), options);
}

/** The object schema under a form()'s or command()'s pipe. */
export function objectOf(schema: v.GenericSchema): { entries: Fields } | null {
	const inner = (schema as { pipe?: readonly v.GenericSchema[] }).pipe?.[0] ?? schema;
	const entries = (inner as { entries?: Fields }).entries;
	return entries ? { entries } : null;
}

/** The [start, end] date-order rule of a form(), if any. */
export function dateOrderOf(schema: v.GenericSchema): [string, string] | null {
	const pipe = (schema as { pipe?: readonly { type: string; metadata?: unknown }[] }).pipe;
	const meta = pipe?.find((item) => item.type === 'metadata')?.metadata as
		{ dateOrder?: [string, string] | null } | undefined;
	return meta?.dateOrder ?? null;
}

/** Every field of an input schema with its spec, nested objects' fields by dot path. */
export function fieldSpecs(
	schema: v.GenericSchema,
	prefix = ''
): { path: string; spec: FieldSpec }[] {
	const entries = objectOf(schema)?.entries ?? {};
	return Object.entries(entries).flatMap(([name, entry]) => {
		const path = prefix ? `${prefix}.${name}` : name;
		const spec = fieldSpec(entry);
		if (spec) return [{ path, spec }];
		return objectOf(entry) ? fieldSpecs(entry, path) : [];
	});
}

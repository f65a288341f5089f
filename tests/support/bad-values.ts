/**
 * Values just over each limit of a field, generated from its schema's spec (src/lib/schemas):
 * length, type, list values, ranges, dates, required, control characters (NUL included), broken
 * characters and 100 KB strings. `form`: what a browser form can carry (strings only; UTF-8, so a
 * lone surrogate arrives as invalid bytes); `json`: any JSON value.
 */
import type { FieldSpec } from '../../src/lib/schemas/fields';

/** Raw bytes in a urlencoded body (not valid UTF-8): a lone surrogate as a form sends it. */
export interface RawBytes {
	raw: string;
}

/** A value to send for the field; `omit` leaves the field out. */
export type BadValue =
	string | string[] | number | boolean | null | object | RawBytes | { omit: true };

export interface BadCase {
	label: string;
	value: BadValue;
}

const OMIT = { omit: true } as const;
const HUNDRED_KB = 'x'.repeat(100 * 1024);
/** CESU-8 bytes of U+D800: what a lone surrogate becomes in a UTF-8 body. */
const LONE_SURROGATE_BYTES: RawBytes = { raw: '%ED%A0%80' };
const RECORD_ID = 'abcdefghijklmno';

function textCases(spec: { max: number; required: boolean; multiline?: boolean }, json: boolean) {
	const cases: BadCase[] = [
		{ label: `${spec.max + 1} characters`, value: 'a'.repeat(spec.max + 1) },
		{ label: 'NUL', value: 'avant\u0000après' },
		{ label: 'BEL', value: 'son\u0007' },
		{ label: 'ESC', value: '\u001b[31mrouge' },
		{ label: 'DEL', value: 'efface\u007f' },
		{ label: 'C1 NEL', value: 'ligne\u0085suite' },
		{ label: 'vertical tab', value: 'a\u000bb' },
		{ label: 'replacement character', value: 'caf\ufffd' },
		json
			? { label: 'lone high surrogate', value: 'a\ud800b' }
			: { label: 'invalid UTF-8 (a lone surrogate)', value: LONE_SURROGATE_BYTES }
	];
	if (json) cases.push({ label: 'lone low surrogate', value: '\udc00' });
	if (spec.max <= 20_000)
		cases.push({ label: `${spec.max + 1} accented characters`, value: 'é'.repeat(spec.max + 1) });
	if (spec.max < HUNDRED_KB.length) cases.push({ label: '100 KB', value: HUNDRED_KB });
	if (!spec.multiline) {
		cases.push({ label: 'line break', value: 'une\nautre ligne' });
		cases.push({ label: 'tab', value: 'a\tb' });
	}
	if (spec.required) {
		cases.push({ label: 'empty', value: '' }, { label: 'blank', value: '   ' });
		cases.push({ label: 'missing', value: OMIT });
	}
	cases.push(...typeCases(json));
	return cases;
}

/** A value of the wrong type: a list (a field sent twice), or JSON's number / object / null. */
function typeCases(json: boolean): BadCase[] {
	if (!json) return [{ label: 'sent twice', value: ['un', 'deux'] }];
	return [
		{ label: 'a number', value: 42 },
		{ label: 'an object', value: { text: 'x' } },
		{ label: 'null', value: null }
	];
}

function choiceCases(values: readonly string[], required: boolean, json: boolean): BadCase[] {
	const first = values[0]!;
	const otherCase = first.toUpperCase() === first ? first.toLowerCase() : first.toUpperCase();
	const cases: BadCase[] = [
		{ label: 'unknown value', value: 'inconnu' },
		{ label: 'value with NUL', value: `${first}\u0000` },
		{ label: 'value with spaces', value: ` ${first}x ` },
		{ label: '100 KB', value: HUNDRED_KB },
		...typeCases(json)
	];
	// Letters only have another case ('0' and '1' do not).
	if (otherCase !== first) cases.push({ label: 'other case', value: otherCase });
	if (required) cases.push({ label: 'empty', value: '' }, { label: 'missing', value: OMIT });
	return cases;
}

function idCases(required: boolean, json: boolean): BadCase[] {
	const cases: BadCase[] = [
		{ label: 'too short', value: 'abc' },
		{ label: '16 characters', value: `${RECORD_ID}p` },
		{ label: 'upper case', value: RECORD_ID.toUpperCase() },
		{ label: 'path', value: '../../_superusers' },
		{ label: 'filter injection', value: "x' || id != '" },
		{ label: 'NUL', value: `abcdefghijklmn\u0000` },
		...typeCases(json)
	];
	if (required) cases.push({ label: 'empty', value: '' }, { label: 'missing', value: OMIT });
	return cases;
}

function dateCases(spec: { required: boolean; future: boolean }, json: boolean): BadCase[] {
	const cases: BadCase[] = [
		{ label: '30 February', value: '2027-02-30' },
		{ label: 'month 13', value: '2027-13-01' },
		{ label: '31/04 (French)', value: '31/04/2027' },
		{ label: 'not a date', value: 'demain' },
		{ label: 'with a time', value: '2027-02-03T10:00' },
		{ label: 'year 99999', value: '99999-01-01' },
		{ label: 'NUL', value: '2027-01-01\u0000' },
		...typeCases(json)
	];
	if (spec.future) cases.push({ label: 'yesterday', value: dayOffset(-1) });
	if (spec.required) cases.push({ label: 'empty', value: '' }, { label: 'missing', value: OMIT });
	return cases;
}

function dayOffset(days: number): string {
	return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export function badCases(spec: FieldSpec, json: boolean): BadCase[] {
	switch (spec.kind) {
		case 'text':
			return textCases({ ...spec, required: spec.required || Boolean(spec.requiredIf) }, json);
		case 'secret':
			return [
				...(spec.min > 1
					? [{ label: `${spec.min - 1} characters`, value: 'p'.repeat(spec.min - 1) }]
					: []),
				{ label: `${spec.max + 1} characters`, value: 'p'.repeat(spec.max + 1) },
				{ label: '100 KB', value: HUNDRED_KB },
				{ label: 'NUL', value: 'mot-de-passe\u0000long' },
				{ label: 'line break', value: 'mot-de-passe\nlong' },
				{ label: 'empty', value: '' },
				{ label: 'missing', value: OMIT },
				...typeCases(json)
			];
		case 'email':
			return [
				{ label: 'no domain', value: 'personne@' },
				{ label: 'no dot', value: 'personne@exemple' },
				{ label: 'spaces', value: 'per sonne@exemple.fr' },
				{ label: `${spec.max + 1} characters`, value: `${'a'.repeat(spec.max - 9)}@exemple.fr` },
				{ label: 'NUL', value: 'per\u0000sonne@exemple.fr' },
				{ label: 'line break', value: 'personne@exemple.fr\nBcc: autre@exemple.fr' },
				{ label: '100 KB', value: `${HUNDRED_KB}@exemple.fr` },
				...typeCases(json),
				...(spec.required
					? [
							{ label: 'empty', value: '' },
							{ label: 'missing', value: OMIT }
						]
					: [])
			];
		case 'choice':
			return choiceCases(spec.values, spec.required || Boolean(spec.requiredIf), json);
		case 'choices':
			return [
				{ label: 'unknown value', value: [spec.values[0]!, 'inconnu'] },
				{ label: 'value with NUL', value: [`${spec.values[0]}\u0000`] },
				...(spec.min > 0 ? [{ label: 'none', value: [] as string[] }] : [])
			];
		case 'integer':
			return [
				{ label: `${spec.min - 1}`, value: spec.json ? spec.min - 1 : String(spec.min - 1) },
				{ label: `${spec.max + 1}`, value: spec.json ? spec.max + 1 : String(spec.max + 1) },
				{ label: 'a fraction', value: spec.json ? spec.min + 0.5 : `${spec.min},5` },
				{ label: 'exponent', value: spec.json ? '1e3' : '1e3' },
				{ label: 'text', value: 'douze' },
				{ label: 'huge', value: spec.json ? 1e300 : '9'.repeat(400) },
				...(spec.json
					? [
							{ label: 'null', value: null },
							{ label: 'missing', value: OMIT }
						]
					: [
							{ label: 'empty', value: '' },
							{ label: 'NUL', value: '12\u0000' }
						])
			];
		case 'date':
			return dateCases(spec, json);
		case 'datetime':
			return [
				{ label: '30 February', value: '2027-02-30T10:00' },
				{ label: '25 h', value: '2027-02-03T25:00' },
				{ label: 'not a date', value: 'demain matin' },
				{ label: 'NUL', value: '2027-02-03T10:00\u0000' },
				...(spec.future ? [{ label: 'yesterday', value: `${dayOffset(-1)}T10:00` }] : []),
				...typeCases(json)
			];
		case 'id':
			return idCases(spec.required, json);
		case 'ids':
			return [
				{ label: 'a malformed id', value: [RECORD_ID, 'pas-un-id'] },
				{ label: 'NUL', value: [`abcdefghijklmn\u0000`] },
				{
					label: `${spec.max + 1} ids`,
					value: Array.from({ length: spec.max + 1 }, (_, i) => `${String(i).padStart(15, 'a')}`)
				},
				...(spec.min > 0 || spec.requiredIf ? [{ label: 'none', value: [] as string[] }] : []),
				...(json ? [{ label: 'not a list', value: RECORD_ID }] : [])
			];
		case 'flag':
			return spec.json
				? [
						{ label: 'text', value: 'true' },
						{ label: 'a number', value: 1 },
						{ label: 'null', value: null },
						...(spec.required ? [{ label: 'missing', value: OMIT }] : [])
					]
				: [
						{ label: 'not "on"', value: 'oui' },
						{ label: 'sent twice', value: ['on', 'on'] }
					];
		case 'json':
			return [
				{
					label: `over ${spec.maxBytes} bytes`,
					value: { from: { tname: 'x'.repeat(spec.maxBytes) }, to: { tname: 'x' } }
				},
				{ label: 'text', value: 'du texte' },
				{ label: 'null', value: null },
				{ label: 'missing', value: OMIT },
				{ label: 'wrong shape', value: { from: 1, to: 2 } }
			];
	}
}

export function isOmit(value: BadValue): value is { omit: true } {
	return typeof value === 'object' && value !== null && 'omit' in value;
}

export function isRaw(value: BadValue): value is RawBytes {
	return typeof value === 'object' && value !== null && 'raw' in value;
}

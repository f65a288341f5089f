import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import * as f from './fields';
import { fieldErrorsOf } from './messages';

/** The field errors' codes of a parse (an empty object when it passes). */
function codes(schema: v.GenericSchema, input: unknown): Record<string, string> {
	const result = v.safeParse(schema, input);
	if (result.success) return {};
	return Object.fromEntries(
		Object.entries(fieldErrorsOf(schema, result.issues)).map(([name, e]) => [name, e.code])
	);
}

const output = (schema: v.GenericSchema, input: unknown) => v.parse(schema, input) as unknown;

describe('text', () => {
	const single = f.form({ t: f.text({ max: 5, required: true }) });
	const multi = f.form({ t: f.text({ max: 20, multiline: true }) });

	it.each([
		['abc', {}],
		['  abc  ', {}],
		['', { t: 'required' }],
		['   ', { t: 'required' }],
		['abcdef', { t: 'too_long' }],
		['a\u0000b', { t: 'control' }],
		['a\u0007b', { t: 'control' }],
		['a\u001bb', { t: 'control' }],
		['a\u007fb', { t: 'control' }],
		['a\u0085b', { t: 'control' }],
		['a\tb', { t: 'control' }],
		['a\nb', { t: 'single_line' }],
		['a\r\nb', { t: 'single_line' }],
		['a\ud800b', { t: 'encoding' }],
		['\udc00', { t: 'encoding' }],
		['👍', {}],
		[42, { t: 'invalid' }],
		[['a', 'b'], { t: 'invalid' }],
		[null, { t: 'invalid' }]
	])('single line %j → %j', (value, expected) => {
		expect(codes(single, { t: value })).toEqual(expected);
	});

	it('multi-line text keeps tabs and line breaks, normalised to \\n, trimmed at both ends', () => {
		expect(output(multi, { t: ' a\r\n\tb\rc ' })).toEqual({ t: 'a\n\tb\nc' });
		expect(codes(multi, { t: 'a\u000bb' })).toEqual({ t: 'control' });
		expect(codes(multi, { t: 'a\u000cb' })).toEqual({ t: 'control' });
		expect(codes(multi, {})).toEqual({});
		expect(output(multi, {})).toEqual({ t: '' });
	});

	it('says how long the text is and may be', () => {
		const result = v.safeParse(single, { t: 'abcdefgh' });
		expect(result.success).toBe(false);
		const errors = fieldErrorsOf(single, result.issues!);
		expect(errors.t!.message).toBe('5 caractères au plus (il y en a 8).');
	});
});

describe('other fields', () => {
	it('choice and choices', () => {
		const schema = f.form({
			one: f.choice(['a', 'b']),
			many: f.choices(['x', 'y', 'z'], { min: 1 })
		});
		expect(output(schema, { one: 'a', many: ['x', 'x', 'y'] })).toEqual({
			one: 'a',
			many: ['x', 'y']
		});
		expect(codes(schema, { one: 'c', many: ['w'] })).toEqual({ one: 'choice', many: 'choice' });
		expect(codes(schema, { one: '', many: [] })).toEqual({ one: 'required', many: 'required' });
		expect(codes(schema, { one: 'A', many: ['x\u0000'] })).toEqual({
			one: 'choice',
			many: 'choice'
		});
	});

	it('integers from a form and from JSON', () => {
		const form = f.form({ n: f.integer({ min: 1, max: 72 }) });
		expect(output(form, { n: ' 12 ' })).toEqual({ n: 12 });
		expect(codes(form, { n: '0' })).toEqual({ n: 'range' });
		expect(codes(form, { n: '73' })).toEqual({ n: 'range' });
		expect(codes(form, { n: '1.5' })).toEqual({ n: 'integer' });
		expect(codes(form, { n: '1e3' })).toEqual({ n: 'integer' });
		expect(codes(form, { n: '' })).toEqual({ n: 'required' });
		const json = f.command({ n: f.jsonInteger({ min: 10, max: 1800 }) });
		expect(codes(json, { n: 9 })).toEqual({ n: 'range' });
		expect(codes(json, { n: 10.5 })).toEqual({ n: 'integer' });
		expect(codes(json, { n: '60' })).toEqual({ n: 'integer' });
	});

	it('dates: ISO or French, existing days only, end not before start', () => {
		const schema = f.form({ a: f.date(), b: f.date() }, { dateOrder: ['a', 'b'] });
		expect(output(schema, { a: '05/12/2026', b: '2027-02-28' })).toEqual({
			a: '2026-12-05',
			b: '2027-02-28'
		});
		expect(codes(schema, { a: '2027-02-29', b: '' })).toEqual({ a: 'date' });
		expect(codes(schema, { a: '31/04/2027', b: '' })).toEqual({ a: 'date' });
		expect(codes(schema, { a: '2027-06-02', b: '2027-06-01' })).toEqual({ b: 'date_order' });
		expect(codes(schema, { a: '2027-06-02', b: '2027-06-02' })).toEqual({});
		// Shown with the other fields' errors, not only once they are fixed.
		const more = f.form(
			{ t: f.text({ max: 3, required: true }), a: f.date(), b: f.date() },
			{
				dateOrder: ['a', 'b']
			}
		);
		expect(codes(more, { t: '', a: '2027-06-02', b: '2027-06-01' })).toEqual({
			t: 'required',
			b: 'date_order'
		});
		expect(codes(more, { t: '', a: 'demain', b: '2027-06-01' })).toEqual({
			t: 'required',
			a: 'date'
		});
	});

	it('ids, emails, flags and JSON commands', () => {
		const schema = f.form({ id: f.id(), who: f.ids({ min: 1, max: 2 }), mail: f.email() });
		expect(
			codes(schema, { id: 'ABCDEFGHIJKLMNO', who: ['abc', 'abcdefghijklmno'], mail: 'a@b' })
		).toEqual({ id: 'id', who: 'id', mail: 'email' });
		expect(codes(schema, { id: 'abcdefghijklmno', who: [], mail: ' X@Y.FR ' })).toEqual({
			who: 'required'
		});
		const box = f.form({ on: f.flag() });
		expect(output(box, {})).toEqual({ on: false });
		expect(output(box, { on: 'on' })).toEqual({ on: true });
		expect(codes(box, { on: 'oui' })).toEqual({ on: 'invalid' });
		const command = f.command({ type: v.literal('x'), t: f.text({ max: 3 }) });
		expect(codes(command, { type: 'x', t: 'a', by: 'me' })).toEqual({ by: 'unknown_field' });
		expect(codes(command, 'x')).toEqual({ '': 'unknown_field' });
		expect(codes(f.form({ t: f.text({ max: 3 }) }), 'x')).toEqual({ '': 'invalid' });
	});

	it('nested objects report the nested field', () => {
		const schema = f.command({ role: f.command({ title: f.text({ max: 3, required: true }) }) });
		expect(codes(schema, { role: { title: '' } })).toEqual({ 'role.title': 'required' });
	});
});

describe('fieldSpec', () => {
	it('is the spec the field was built from, through optional() and further checks', () => {
		expect(f.fieldSpec(f.text({ max: 5, pb: 'a.b' }))).toMatchObject({ kind: 'text', max: 5 });
		expect(
			f.fieldSpec(
				v.pipe(
					f.text({ max: 7 }),
					v.check(() => true)
				)
			)
		).toMatchObject({
			max: 7
		});
		expect(f.fieldSpec(v.optional(f.jsonInteger({ min: 1, max: 2 })))).toMatchObject({
			kind: 'integer',
			json: true
		});
		expect(f.fieldSpec(v.string())).toBeNull();
	});
});

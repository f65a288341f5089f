/**
 * The input schemas (src/lib/schemas) and the migrated PocketBase collections agree on every
 * limit of every field stored as is: maximum length, required, select values, number range, JSON
 * size. Read from a real PocketBase on the repo's migrations, as pb-schema.test.ts does. If this
 * fails, change the schema or add a migration (docs/architecture.md, Input and errors).
 */
import type { CollectionField, CollectionModel } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldSpecs, type FieldSpec } from '../../src/lib/schemas/fields';
import { SCHEMAS } from '../../src/lib/schemas/index';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';

interface Stored {
	schema: string;
	path: string;
	spec: FieldSpec;
	collection: string;
	field: string;
}

const stored: Stored[] = Object.entries(SCHEMAS).flatMap(([schema, input]) =>
	fieldSpecs(input).flatMap(({ path, spec }) => {
		if (!spec.pb) return [];
		const [collection, field] = spec.pb.split('.') as [string, string];
		return [{ schema, path, spec, collection, field }];
	})
);

/** The limits of a field as the schema declares them, in PocketBase's terms. */
function expected(spec: FieldSpec): Record<string, unknown> {
	const required = (spec as { required?: boolean }).required === true;
	// Stricter than the collection is fine only when declared (a hook requires it, or a rule does).
	const requiredInSchema = required || Boolean(spec.requiredIf);
	switch (spec.kind) {
		case 'text':
			return { type: 'text', max: spec.max, required: requiredInSchema };
		case 'secret':
			return { type: 'password', min: spec.min, max: spec.max };
		case 'email':
			return { type: 'email', required: requiredInSchema };
		case 'choice':
			return { type: 'select', values: spec.values, maxSelect: 1, required: requiredInSchema };
		case 'choices':
			return {
				type: 'select',
				values: spec.values,
				maxSelect: spec.values.length,
				required: spec.min > 0
			};
		case 'integer':
			return { type: 'number', min: spec.min, max: spec.max, onlyInt: true };
		case 'date':
			return { type: 'date' };
		case 'flag':
			return { type: 'bool' };
		case 'json':
			return { type: 'json', maxSize: spec.maxBytes };
		default:
			return { type: spec.kind };
	}
}

/**
 * Select values only the server writes, never offered to an input: the collection holds them, the
 * schema rightly refuses them.
 */
const SERVER_ONLY_VALUES: Readonly<Record<string, readonly string[]>> = {
	// A séance's live notes: created by the séance page (src/lib/server/seances/notes.ts).
	'documents.kind': ['notes_seance']
};

/** The same limits read from the migrated collection field. */
function actual(field: CollectionField, spec: FieldSpec): Record<string, unknown> {
	// The schema may require what the collection leaves optional, when it says why (a hook
	// requires it, or it is required under a condition the input's rule checks).
	const required =
		field.required === true ||
		(expected(spec).required === true &&
			(Boolean(spec.requiredBeyondCollection) || Boolean(spec.requiredIf)));
	switch (field.type) {
		case 'text':
			return { type: 'text', max: field.max, required };
		case 'password':
			return { type: 'password', min: field.min, max: field.max };
		case 'email':
			return { type: 'email', required };
		case 'select':
			return {
				type: 'select',
				values: (field.values as string[]).filter(
					(v) => !SERVER_ONLY_VALUES[spec.pb ?? '']?.includes(v)
				),
				maxSelect: field.maxSelect,
				required
			};
		case 'number':
			return { type: 'number', min: field.min, max: field.max, onlyInt: field.onlyInt };
		case 'date':
			return { type: 'date' };
		case 'bool':
			return { type: 'bool' };
		case 'json':
			return { type: 'json', maxSize: field.maxSize };
		default:
			return { type: field.type };
	}
}

describe('input schemas agree with the migrated collections', () => {
	let pb: TestPocketBase;
	let collections: Map<string, CollectionModel>;

	beforeAll(async () => {
		pb = await startTestPocketBase();
		const list = await pb.admin.collections.getFullList();
		collections = new Map(list.map((c) => [c.name, c]));
	});

	afterAll(async () => {
		await pb?.stop();
	});

	it('covers the stored fields of the forms and commands', () => {
		expect(stored.length).toBeGreaterThan(30);
	});

	it.each(stored.map((s) => [`${s.schema} ${s.path} → ${s.collection}.${s.field}`, s] as const))(
		'%s',
		(_name, s) => {
			const collection = collections.get(s.collection);
			expect(collection, `no collection ${s.collection}`).toBeDefined();
			const field = collection!.fields.find((f) => f.name === s.field);
			expect(field, `no field ${s.collection}.${s.field}`).toBeDefined();
			expect(actual(field!, s.spec)).toEqual(expected(s.spec));
		}
	);
});

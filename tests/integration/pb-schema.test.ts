/**
 * src/lib/pocketbase/types.ts must match the schema the migrations produce: regenerate it in
 * memory from a real PocketBase and compare. If this fails, run `npm run pb:typegen` and commit.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TYPES_PATH, renderTypes } from '../../scripts/pb-typegen';
import { ROLES } from '../../src/lib/domain/access';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';

describe('generated PocketBase types', () => {
	let pb: TestPocketBase;

	beforeAll(async () => {
		pb = await startTestPocketBase();
	});

	afterAll(async () => {
		await pb?.stop();
	});

	it('match the migrated schema (run `npm run pb:typegen` if not)', async () => {
		const collections = await pb.admin.collections.getFullList({ sort: 'name' });
		expect(readFileSync(TYPES_PATH, 'utf8')).toBe(await renderTypes(collections));
	});

	it('offer exactly the domain roles on memberships.role (add a migration if not)', async () => {
		const memberships = await pb.admin.collections.getOne('memberships');
		const role = memberships.fields.find((field) => field.name === 'role');
		expect(role?.values).toEqual([...ROLES]);
	});
});

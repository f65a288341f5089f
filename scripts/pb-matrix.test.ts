import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIONS, ORG_ROLES, ROLES, orgRolesAllowed, rolesAllowed } from '../src/lib/domain/access';
import { MATRIX_PATH, buildAccessMatrix, renderAccessMatrix } from './pb-matrix';

describe('pocketbase/pb_hooks/access_matrix.json', () => {
	it('is what `npm run pb:matrix` generates from the domain (run it and commit if this fails)', async () => {
		expect(readFileSync(MATRIX_PATH, 'utf8')).toBe(await renderAccessMatrix());
	});

	it('agrees with rolesAllowed() for running experiments', () => {
		const matrix = buildAccessMatrix();
		for (const action of ACTIONS) {
			const roles = ROLES.filter((role) => matrix.active[role].includes(action));
			expect(roles).toEqual(rolesAllowed(action));
		}
	});

	it('leaves only read and manage on archived experiments', () => {
		const matrix = buildAccessMatrix();
		for (const role of ROLES) {
			for (const action of matrix.archived[role]) expect(['read', 'manage']).toContain(action);
			expect(matrix.archived[role]).toContain('read');
		}
	});

	it('agrees with orgRolesAllowed() for the experiments of an organisation', () => {
		const matrix = buildAccessMatrix();
		for (const action of ACTIONS) {
			const orgRoles = ORG_ROLES.filter((orgRole) => matrix.orgActive[orgRole].includes(action));
			expect(orgRoles).toEqual(orgRolesAllowed(action));
		}
	});
});

/**
 * The run's « Point suivant » against a real PocketBase: two facilitators pressing it at the same
 * time from the same page (both saw item A as current) move the séance one item only — one step
 * goes through, the other is refused as stale inside PocketBase's transaction — so no item is
 * ever skipped, even across app instances. A stale close is refused the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeance } from '../../src/lib/server/seances/run';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import type { TypedPocketBase } from '../../src/lib/pocketbase/types';

const PASSWORD = 'motdepasse-123';
let pb: TestPocketBase;
let camille: TypedPocketBase;
let chloe: TypedPocketBase;
let seanceId: string;
const item: Record<string, string> = {};

const load = async (client: TypedPocketBase) => ({
	seance: await client.collection('seances').getOne(seanceId),
	items: await client.collection('seance_items').getFullList({
		filter: client.filter('seance = {:s}', { s: seanceId }),
		sort: 'position'
	})
});

beforeAll(async () => {
	pb = await startTestPocketBase();
	const coordinator = await pb.createUser({
		email: 'camille@run.test',
		password: PASSWORD,
		name: 'Camille'
	});
	const copil = await pb.createUser({ email: 'chloe@run.test', password: PASSWORD, name: 'Chloé' });
	const experiment = await pb.createExperiment(coordinator.id, { title: 'Budget participatif' });
	await pb.addMember(experiment.id, copil.id, 'copil_member');
	camille = await pb.userClient('camille@run.test', PASSWORD);
	chloe = await pb.userClient('chloe@run.test', PASSWORD);
	const seance = await camille.collection('seances').create({
		experiment: experiment.id,
		title: 'COPIL n° 4',
		starts_at: '2027-03-30 15:00:00.000Z',
		status: 'planned',
		attendance: {},
		created_by: coordinator.id
	});
	seanceId = seance.id;
	for (const [position, key] of ['a', 'b', 'c'].entries()) {
		const row = await camille.collection('seance_items').create({
			seance: seanceId,
			position,
			title: `Point ${key.toUpperCase()}`,
			kind: 'discussion'
		});
		item[key] = row.id;
	}
}, 60_000);

afterAll(async () => {
	await pb?.stop();
});

describe('the run guard', () => {
	it('two « Point suivant » at once move one item; the other is refused as stale', async () => {
		const start = await load(camille);
		expect(await runSeance(camille, start.seance, start.items, 'start', '', new Date())).toEqual({
			ok: true
		});
		// Both facilitators read the page while A is current, then press at the same time.
		const [seen1, seen2] = await Promise.all([load(camille), load(chloe)]);
		expect(seen1.seance.current_item).toBe(item.a);
		const results = await Promise.all([
			runSeance(camille, seen1.seance, seen1.items, 'next', item.a!, new Date()),
			runSeance(chloe, seen2.seance, seen2.items, 'next', item.a!, new Date())
		]);
		expect(results.map((r) => (r.ok ? 'ok' : r.error)).sort()).toEqual(['ok', 'stale']);
		const after = await load(camille);
		expect(after.seance.current_item).toBe(item.b);
		expect(after.items.find((i) => i.id === item.c)!.started_at).toBe('');
	});

	it('a second start and a close from a stale page are refused too', async () => {
		const { seance, items } = await load(chloe);
		// As if the page still showed the séance planned: the stored status says otherwise.
		const planned = { ...seance, status: 'planned' as const, current_item: '' };
		expect(await runSeance(chloe, planned, items, 'start', '', new Date())).toEqual({
			ok: false,
			error: 'stale'
		});
		const staleRead = { ...seance, current_item: item.a! };
		expect(await runSeance(chloe, staleRead, items, 'close', item.a!, new Date())).toEqual({
			ok: false,
			error: 'stale'
		});
		expect((await load(camille)).seance.status).toBe('running');
		expect(await runSeance(chloe, seance, items, 'close', item.b!, new Date())).toEqual({
			ok: true
		});
	});
});

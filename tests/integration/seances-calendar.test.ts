/**
 * Séances through the production server and a real PocketBase: the personal iCal feed, parsed
 * back with an independent parser (ical.js): séances in Europe/Paris (with its VTIMEZONE) on
 * both sides of the spring DST change, action due dates as all-day events, only the owner's open
 * actions and only the experiments they read; a revoked or unknown token → 404. Then the séance
 * page's agenda suggestions and a follow-up action seen in its owner's "Mes actions".
 * Needs `npm run build` first.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/pocketbase.mjs';
import { SESSION_COOKIE } from '../../src/lib/collab/protocol';
import { renewFeed } from '../../src/lib/server/seances/calendar';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!existsSync(join(ROOT, 'build', 'handler.js')))
	throw new Error('no production build: run `npm run build` first');

const PASSWORD = 'Seances-password-123';
const FORM = {
	accept: 'text/html,application/xhtml+xml',
	'content-type': 'application/x-www-form-urlencoded'
};

let pb: TestPocketBase;
let server: TrameServerProcess;
const ids = { coordinator: '', elected: '', outsider: '', experiment: '', other: '' };
let coordinatorCookie = '';
let electedCookie = '';

async function signIn(email: string): Promise<string> {
	const response = await fetch(`${server.url}/connexion`, {
		method: 'POST',
		redirect: 'manual',
		headers: { ...FORM, origin: server.url },
		body: new URLSearchParams({ email, password: PASSWORD })
	});
	await response.arrayBuffer();
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';', 1)[0]!)
		.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
	if (response.status !== 303 || !cookie) throw new Error(`sign-in answered ${response.status}`);
	return cookie;
}

async function post(path: string, cookie: string, form: Record<string, string | string[]>) {
	const body = new URLSearchParams();
	for (const [key, value] of Object.entries(form))
		for (const v of [value].flat()) body.append(key, v);
	const response = await fetch(`${server.url}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { ...FORM, origin: server.url, cookie },
		body
	});
	return {
		status: response.status,
		text: await response.text(),
		location: response.headers.get('location')
	};
}

async function page(path: string, cookie: string) {
	const response = await fetch(`${server.url}${path}`, { headers: { cookie } });
	return { status: response.status, text: await response.text() };
}

interface ParsedEvent {
	uid: string;
	summary: string;
	start: ICAL.Time;
	end: ICAL.Time | null;
}

function parseFeed(text: string): { zones: string[]; events: ParsedEvent[] } {
	const calendar = new ICAL.Component(ICAL.parse(text));
	const zones = calendar.getAllSubcomponents('vtimezone');
	for (const zone of zones) ICAL.TimezoneService.register(zone);
	return {
		zones: zones.map((z) => String(z.getFirstPropertyValue('tzid'))),
		events: calendar.getAllSubcomponents('vevent').map((component) => {
			const event = new ICAL.Event(component);
			return { uid: event.uid, summary: event.summary, start: event.startDate, end: event.endDate };
		})
	};
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	for (const name of ['coordinator', 'elected', 'outsider'] as const) {
		const user = await pb.createUser({
			email: `${name}.seances@trame.test`,
			password: PASSWORD,
			name:
				name === 'coordinator'
					? 'Camille Coordinatrice'
					: name === 'elected'
						? 'Élie Élu'
						: 'Olga Extérieure'
		});
		ids[name] = user.id;
	}
	const experiment = await pb.createExperiment(ids.coordinator, {
		title: 'Budget participatif',
		status: 'en_cours'
	});
	ids.experiment = experiment.id;
	await pb.addMember(experiment.id, ids.elected, 'elected');
	ids.other = (await pb.createExperiment(ids.outsider, { title: 'Ailleurs' })).id;
	const port = await findFreePort();
	server = await startTrameServerProcess({
		pbUrl: pb.url,
		superuser: pb.superuser,
		port,
		origin: `http://127.0.0.1:${port}`,
		env: { TRAME_BUILD_DIR: join(ROOT, 'build') }
	});
	coordinatorCookie = await signIn('coordinator.seances@trame.test');
	electedCookie = await signIn('elected.seances@trame.test');
}, 120_000);

afterAll(async () => {
	await server?.stop();
	await pb?.stop();
});

describe('personal iCal feed', () => {
	it('holds séances in Europe/Paris across a DST change and due dates as all-day events', async () => {
		const seance = (title: string, startsAt: string, experiment = ids.experiment) =>
			pb.admin.collection('seances').create({
				experiment,
				title,
				starts_at: startsAt,
				duration_minutes: 90,
				status: 'planned',
				created_by: experiment === ids.experiment ? ids.coordinator : ids.outsider
			});
		// 10:00 in Paris on both sides of 28 March 2027 (UTC+1, then UTC+2).
		const winter = await seance('COPIL de mars', '2027-03-27 09:00:00.000Z');
		const summer = await seance('COPIL d’avril', '2027-03-29 08:00:00.000Z');
		await seance('Séance d’une autre expérimentation', '2027-03-27 09:00:00.000Z', ids.other);
		const action = (what: string, owner: string, status = 'todo') =>
			pb.admin.collection('follow_ups').create({
				experiment: ids.experiment,
				what,
				owner,
				due_date: '2027-03-28 00:00:00.000Z',
				status,
				created_by: ids.coordinator
			});
		const mine = await action('Envoyer le budget', ids.elected);
		await action('Action de quelqu’un d’autre', ids.coordinator);
		await action('Action terminée', ids.elected, 'done');

		const token = await renewFeed(pb.admin, ids.elected);
		const response = await fetch(`${server.url}/calendrier/${token}.ics`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/calendar');
		const feed = parseFeed(await response.text());
		expect(feed.zones).toEqual(['Europe/Paris']);
		const byUid = new Map(feed.events.map((e) => [e.uid, e]));
		expect([...byUid.keys()].sort()).toEqual(
			[`action-${mine.id}@trame`, `seance-${summer.id}@trame`, `seance-${winter.id}@trame`].sort()
		);

		const w = byUid.get(`seance-${winter.id}@trame`)!;
		expect(w.start.zone?.tzid).toBe('Europe/Paris');
		expect([w.start.hour, w.start.minute]).toEqual([10, 0]);
		expect(w.start.toJSDate().toISOString()).toBe('2027-03-27T09:00:00.000Z');
		expect(w.end!.toJSDate().toISOString()).toBe('2027-03-27T10:30:00.000Z');
		expect(w.summary).toBe('COPIL de mars — Budget participatif');

		const s = byUid.get(`seance-${summer.id}@trame`)!;
		expect([s.start.hour, s.start.minute]).toEqual([10, 0]);
		expect(s.start.toJSDate().toISOString()).toBe('2027-03-29T08:00:00.000Z');

		const due = byUid.get(`action-${mine.id}@trame`)!;
		expect(due.start.isDate).toBe(true);
		expect(due.start.toString()).toBe('2027-03-28');
		expect(due.summary).toContain('Envoyer le budget');
	});

	it('answers 404 to a revoked, replaced or unknown token', async () => {
		const first = await renewFeed(pb.admin, ids.coordinator);
		expect((await fetch(`${server.url}/calendrier/${first}.ics`)).status).toBe(200);
		// Replacing the link from the page: the old token stops working.
		const renewed = await post('/calendrier?/renew', coordinatorCookie, {});
		expect(renewed.status).toBe(200);
		const second = /\/calendrier\/([A-Za-z0-9_-]{43})\.ics/.exec(renewed.text)?.[1];
		expect(second).toBeTruthy();
		expect((await fetch(`${server.url}/calendrier/${first}.ics`)).status).toBe(404);
		expect((await fetch(`${server.url}/calendrier/${second}.ics`)).status).toBe(200);
		// Revoking from the page.
		const revoked = await post('/calendrier?/revoke', coordinatorCookie, {});
		expect(revoked.status).toBe(200);
		expect((await fetch(`${server.url}/calendrier/${second}.ics`)).status).toBe(404);
		const left = await pb.admin.collection('calendar_feeds').getFullList({
			filter: pb.admin.filter('user = {:u}', { u: ids.coordinator })
		});
		expect(left).toEqual([]);
		expect((await fetch(`${server.url}/calendrier/${'x'.repeat(43)}.ics`)).status).toBe(404);
		expect((await fetch(`${server.url}/calendrier/pas-un-jeton.ics`)).status).toBe(404);
	});
});

describe('séance pages', () => {
	it('creates a séance in Paris time, adds suggested items, takes attendance and an action', async () => {
		const created = await post(
			`/experiences/${ids.experiment}/seances/nouvelle`,
			coordinatorCookie,
			{
				title: 'COPIL de juillet',
				startsOn: '01/07/2027',
				startsTime: '18:30',
				durationMinutes: '120',
				place: 'Mairie, salle du conseil',
				visioUrl: '',
				quorum: '2',
				facilitator: ids.coordinator,
				secretary: ''
			}
		);
		expect(created.status).toBe(303);
		const seanceId = /\/seances\/([a-z0-9]{15})$/.exec(created.location ?? '')?.[1];
		expect(seanceId).toBeTruthy();
		const record = await pb.admin.collection('seances').getOne(seanceId!);
		expect(record.starts_at).toBe('2027-07-01 16:30:00.000Z');
		const path = `/experiences/${ids.experiment}/seances/${seanceId}`;

		// The earlier séances' minutes and the overdue action are suggested.
		const view = await page(path, coordinatorCookie);
		expect(view.status).toBe(200);
		expect(view.text).toMatch(/1\sjuillet\s2027\sà\s18:30/);
		expect(view.text).toContain('Approbation du compte rendu : COPIL d’avril');
		expect(view.text).toMatch(/Actions en retard \(\d\)/);
		const picks = await post(`${path}?/addSuggested`, coordinatorCookie, {
			picks: [
				/value="([a-z0-9]{15})"/.exec(view.text.slice(view.text.indexOf('name="picks"')))![1]!
			],
			overdue: 'on'
		});
		expect(picks.status).toBe(200);
		const items = await pb.admin.collection('seance_items').getFullList({
			filter: pb.admin.filter('seance = {:s}', { s: seanceId }),
			sort: 'position'
		});
		expect(items.map((i) => i.kind)).toEqual(['approval', 'actions']);
		// Moving the second item up.
		expect(
			(await post(`${path}?/moveItem`, coordinatorCookie, { item: items[1]!.id, direction: 'up' }))
				.status
		).toBe(200);
		const reordered = await pb.admin.collection('seance_items').getFullList({
			filter: pb.admin.filter('seance = {:s}', { s: seanceId }),
			sort: 'position'
		});
		expect(reordered.map((i) => i.id)).toEqual([items[1]!.id, items[0]!.id]);

		// Attendance and quorum (2 required: present + remote count).
		await post(`${path}?/attendance`, coordinatorCookie, {
			user: ids.coordinator,
			status: 'present'
		});
		let shown = await page(path, coordinatorCookie);
		expect(shown.text).toContain('Quorum non atteint : 1 membre sur 2 requis.');
		await post(`${path}?/attendance`, coordinatorCookie, { user: ids.elected, status: 'remote' });
		shown = await page(path, coordinatorCookie);
		expect(shown.text).toContain('Quorum atteint : 2 membres sur 2 requis.');
		const refusedOutsider = await post(`${path}?/attendance`, coordinatorCookie, {
			user: ids.outsider,
			status: 'present'
		});
		expect(refusedOutsider.status).toBe(400);

		// A member who does not facilitate reads the séance but may not change it.
		expect((await page(path, electedCookie)).status).toBe(200);
		const forbidden = await post(`${path}?/attendance`, electedCookie, {
			user: ids.elected,
			status: 'absent'
		});
		expect(forbidden.status).toBe(403);
		const after = await pb.admin.collection('seances').getOne(seanceId!);
		expect(after.attendance).toEqual({ [ids.coordinator]: 'present', [ids.elected]: 'remote' });

		// An action for the elected member appears in their "Mes actions".
		const added = await post(`${path}?/addAction`, coordinatorCookie, {
			what: 'Présenter le budget au conseil',
			owner: ids.elected,
			dueDate: '2027-07-15',
			seanceItem: items[0]!.id
		});
		expect(added.status).toBe(200);
		const dashboard = await page('/', electedCookie);
		expect(dashboard.text).toContain('Mes actions');
		expect(dashboard.text).toContain('Présenter le budget au conseil');
		expect(dashboard.text).toMatch(/échéance le 15\sjuillet\s2027/);
		const coordinatorDashboard = await page('/', coordinatorCookie);
		expect(coordinatorDashboard.text).not.toContain('Présenter le budget au conseil');

		// The owner moves the status; PocketBase lets them change nothing else.
		const action = await pb.admin
			.collection('follow_ups')
			.getFirstListItem(pb.admin.filter('what = {:w}', { w: 'Présenter le budget au conseil' }));
		const moved = await post(`/experiences/${ids.experiment}/actions?/status`, electedCookie, {
			action: action.id,
			status: 'doing'
		});
		expect(moved.status).toBe(200);
		expect((await pb.admin.collection('follow_ups').getOne(action.id)).status).toBe('doing');
		const elected = await pb.userClient('elected.seances@trame.test', PASSWORD);
		await expect(
			elected.collection('follow_ups').update(action.id, { what: 'Autre chose' })
		).rejects.toMatchObject({ status: 404 });
	});
});

describe('running a séance', () => {
	it('opens, starts a consent round from an item, moves on (not from a stale page), closes', async () => {
		const seance = await pb.admin.collection('seances').create({
			experiment: ids.experiment,
			title: 'COPIL de juin',
			starts_at: '2027-06-10T16:30:00Z',
			duration_minutes: 60,
			status: 'planned',
			created_by: ids.coordinator,
			attendance: { [ids.coordinator]: 'present', [ids.elected]: 'remote' }
		});
		const path = `/experiences/${ids.experiment}/seances/${seance.id}`;
		const empty = await post(`${path}?/run`, coordinatorCookie, { command: 'start' });
		expect(empty.status).toBe(409);
		expect(empty.text).toContain("Ajoutez au moins un point à l'ordre du jour");
		const [charter, budget] = await Promise.all(
			['Charte de participation', 'Budget 2028'].map((title, position) =>
				pb.admin.collection('seance_items').create({
					seance: seance.id,
					position,
					title,
					duration_minutes: 20,
					kind: 'discussion'
				})
			)
		);

		// A member who does not facilitate may not run it.
		expect((await post(`${path}?/run`, electedCookie, { command: 'start' })).status).toBe(403);
		const started = await post(`${path}?/run`, coordinatorCookie, { command: 'start' });
		expect(started.status, server.output().slice(-2000)).toBe(200);
		let stored = await pb.admin.collection('seances').getOne(seance.id);
		expect(stored).toMatchObject({ status: 'running', current_item: charter!.id });
		expect(stored.started_at).not.toBe('');
		expect((await pb.admin.collection('seance_items').getOne(charter!.id)).started_at).not.toBe('');

		// A consent round from the current item, with the members present or remote.
		const round = await post(`${path}?/itemRound`, coordinatorCookie, {
			item: charter!.id,
			text: 'Le COPIL adopte la charte de participation.',
			proposer: ids.coordinator
		});
		expect(round.status, server.output().slice(-2000)).toBe(303);
		const roundId = /^\/rounds\/([a-z0-9]{15})$/.exec(round.location ?? '')?.[1];
		expect(roundId).toBeTruthy();
		const linked = await pb.admin.collection('seance_items').getOne(charter!.id);
		expect(linked).toMatchObject({ round: roundId, kind: 'consent' });
		const roundRecord = await pb.admin.collection('rounds').getOne(roundId!);
		expect(roundRecord.title).toBe('Charte de participation');
		expect([...(roundRecord.state as { participants: string[] }).participants].sort()).toEqual(
			[ids.coordinator, ids.elected].sort()
		);
		const again = await post(`${path}?/itemRound`, coordinatorCookie, {
			item: charter!.id,
			text: 'Encore',
			proposer: ids.coordinator
		});
		expect(again.status, server.output().slice(-3000)).toBe(409);
		expect((await page(`/rounds/${roundId}`, electedCookie)).text).toContain(
			'Retour à la séance : COPIL de juin'
		);

		// A page that still shows an earlier item moves nothing.
		const stale = await post(`${path}?/run`, coordinatorCookie, {
			command: 'next',
			from: budget!.id
		});
		expect(stale.status).toBe(409);
		expect(stale.text).toContain('La séance a déjà avancé entre-temps');
		const next = await post(`${path}?/run`, coordinatorCookie, {
			command: 'next',
			from: charter!.id
		});
		expect(next.status).toBe(200);
		expect((await pb.admin.collection('seances').getOne(seance.id)).current_item).toBe(budget!.id);
		expect((await pb.admin.collection('seance_items').getOne(charter!.id)).ended_at).not.toBe('');
		const last = await post(`${path}?/run`, coordinatorCookie, {
			command: 'next',
			from: budget!.id
		});
		expect(last.status).toBe(409);

		const closed = await post(`${path}?/run`, coordinatorCookie, {
			command: 'close',
			from: budget!.id
		});
		expect(closed.status).toBe(200);
		stored = await pb.admin.collection('seances').getOne(seance.id);
		expect(stored).toMatchObject({ status: 'closed', current_item: '' });
		expect(stored.closed_at).not.toBe('');
		expect((await post(`${path}?/run`, coordinatorCookie, { command: 'start' })).status).toBe(409);
	});
});

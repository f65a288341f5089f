/**
 * Consent governance against a real PocketBase (repo migrations and hooks): the server service
 * (src/lib/server/governance) that every endpoint calls, and the store's own guarantees when
 * someone bypasses it (a user's API token, a superuser bug).
 */
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentRound } from '../../src/lib/domain/consent-round';
import type { TypedPocketBase, UsersRecord } from '../../src/lib/pocketbase/types';
import { GovernanceError } from '../../src/lib/server/governance/errors';
import { sha256Hex } from '../../src/lib/server/governance/hash';
import {
	applyCommand,
	roundTopic,
	roundView,
	startConsentRound,
	startElection,
	type GovernanceDeps
} from '../../src/lib/server/governance/rounds';
import { LiveHub, type LiveMessage } from '../../src/lib/server/live/hub';
import { agendaSuggestions } from '../../src/lib/server/seances/suggestions';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';

const PASSWORD = 'password-123456';
const TEXT = 'Le COPIL se réunit une fois par mois, en mairie, le mardi soir.';
const AMENDED = 'Le COPIL se réunit une fois par mois, en alternance en mairie et en visio.';

async function refusal(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof GovernanceError) return error.code;
		if (error instanceof ClientResponseError)
			return `pb:${error.status}:${JSON.stringify(error.response)}`;
		throw error;
	}
	throw new Error('expected a refusal, but it succeeded');
}

describe('consent governance (service + PocketBase rules and hooks)', () => {
	let pb: TestPocketBase;
	let deps: GovernanceDeps;
	let hub: LiveHub;
	let facilitator: UsersRecord;
	let ana: UsersRecord; // participant (editor)
	let ben: UsersRecord; // participant (editor)
	let olga: UsersRecord; // observer, not invited
	let paul: UsersRecord; // partner, invited as participant
	let outsider: UsersRecord;
	let anaClient: TypedPocketBase;
	let outsiderClient: TypedPocketBase;
	let experimentId: string;

	const apply = (roundId: string, userId: string, body: unknown) =>
		applyCommand(deps, { roundId, userId, body });

	const newRound = (participants: string[], extra: { hide?: boolean } = {}) =>
		startConsentRound(deps, {
			experimentId,
			userId: facilitator.id,
			title: 'Rythme du COPIL',
			section: '7. Acteurs, rôles et gouvernance',
			text: TEXT,
			proposerId: ana.id,
			participants,
			hidePositionsUntilReveal: extra.hide ?? false
		});

	/** Drives a round to its first objection round. */
	async function toObjections(roundId: string) {
		for (let i = 0; i < 4; i++) await apply(roundId, facilitator.id, { type: 'advance' });
	}

	beforeAll(async () => {
		pb = await startTestPocketBase();
		hub = new LiveHub();
		deps = { admin: pb.admin, hub };
		[facilitator, ana, ben, olga, paul, outsider] = (await Promise.all(
			['fac', 'ana', 'ben', 'olga', 'paul', 'out'].map((name) =>
				pb.createUser({ email: `${name}@example.test`, password: PASSWORD, name })
			)
		)) as UsersRecord[] as [
			UsersRecord,
			UsersRecord,
			UsersRecord,
			UsersRecord,
			UsersRecord,
			UsersRecord
		];
		const experiment = await pb.createExperiment(facilitator.id, { title: 'Assemblée' });
		experimentId = experiment.id;
		await pb.addMember(experimentId, ana.id, 'evaluator');
		await pb.addMember(experimentId, ben.id, 'elected');
		await pb.addMember(experimentId, olga.id, 'observer');
		await pb.addMember(experimentId, paul.id, 'partner');
		anaClient = await pb.userClient(ana.email!, PASSWORD);
		outsiderClient = await pb.userClient(outsider.email!, PASSWORD);
	});

	afterAll(async () => {
		await pb?.stop();
	});

	it('puts a round escalated from its asynchronous window on the next séance’s agenda, linked to it', async () => {
		const id = await startConsentRound(deps, {
			experimentId,
			userId: facilitator.id,
			title: 'Calendrier à distance',
			text: TEXT,
			proposerId: ana.id,
			participants: [ana.id, ben.id],
			window: { days: 7, reviewDate: '2099-01-01' }
		});
		await apply(id, ben.id, { type: 'record_position', kind: 'objection', text: 'Trop tôt.' });
		// An objection stands: the facilitator takes the round on live (escalated).
		const view = await apply(id, facilitator.id, { type: 'advance' });
		expect(view.consent!.escalatedAt).toBeTruthy();
		const seance = await pb.admin.collection('seances').create({
			experiment: experimentId,
			title: 'COPIL suivant',
			starts_at: '2099-01-05 17:00:00.000Z',
			duration_minutes: 120,
			status: 'planned',
			created_by: facilitator.id
		});
		const suggestions = await agendaSuggestions(pb.admin, seance as never, {
			rounds: [],
			decisions: [],
			minutesOf: []
		});
		expect(suggestions.find((s) => s.link.round === id)).toMatchObject({
			key: `escalated:${id}`,
			reason: 'escalated',
			kind: 'consent',
			subject: 'Calendrier à distance'
		});
	});

	it('runs a full round: objection tested, integrated by an amendment, then consent', async () => {
		const messages: LiveMessage[] = [];
		const id = await newRound([ana.id, ben.id]);
		const unsubscribe = hub.subscribe(roundTopic(id), (m) => messages.push(m));
		await apply(id, facilitator.id, { type: 'advance' }); // clarification
		await apply(id, facilitator.id, {
			type: 'start_go_around',
			order: [ben.id, ana.id],
			turnSeconds: 60
		});
		await apply(id, ben.id, { type: 'pass' });
		await apply(id, facilitator.id, { type: 'next_speaker' });
		await apply(id, facilitator.id, { type: 'advance' }); // reactions
		await apply(id, facilitator.id, { type: 'advance' }); // amendment
		await apply(id, facilitator.id, { type: 'advance' }); // objections

		await apply(id, ana.id, { type: 'record_position', kind: 'concern', text: 'Le soir exclut.' });
		let view = await apply(id, ben.id, {
			type: 'record_position',
			kind: 'objection',
			text: 'Les habitants des hameaux ne peuvent pas venir.'
		});
		const objection = view.consent!.objections[0]!;
		expect(objection.authorId).toBe(ben.id);
		await apply(id, facilitator.id, {
			type: 'test_objection',
			objectionId: objection.id,
			reasoned: true,
			reason: 'Nuit au but de diversification.'
		});
		await apply(id, facilitator.id, { type: 'advance' }); // integration
		view = await apply(id, ana.id, { type: 'amend', text: AMENDED });
		expect(view.consent!.versions.at(-1)).toMatchObject({ number: 2, hash: sha256Hex(AMENDED) });
		await apply(id, facilitator.id, {
			type: 'integrate_objection',
			objectionId: objection.id,
			version: 2
		});
		await apply(id, facilitator.id, { type: 'advance' }); // objections, round 2
		await apply(id, ana.id, { type: 'record_position', kind: 'consent', text: '' });
		await apply(id, ben.id, { type: 'record_position', kind: 'concern', text: 'À suivre.' });
		view = await apply(id, facilitator.id, { type: 'adopt', reviewDate: '2099-01-31' });
		expect(view.closed).toBe(true);
		expect(view.phase).toBe('adopted');
		unsubscribe();

		const decision = await pb.admin
			.collection('decisions')
			.getFirstListItem(pb.admin.filter('round = {:id}', { id }));
		expect(decision).toMatchObject({
			kind: 'consent',
			outcome: 'adopted',
			text: AMENDED,
			hash: sha256Hex(AMENDED),
			version: 2,
			section: '7. Acteurs, rôles et gouvernance'
		});
		expect(decision.review_date.slice(0, 10)).toBe('2099-01-31');
		expect(decision.present).toEqual([
			{ id: ana.id, name: 'ana' },
			{ id: ben.id, name: 'ben' }
		]);
		expect(decision.concerns).toEqual([{ author: { id: ben.id, name: 'ben' }, text: 'À suivre.' }]);
		expect(decision.objections).toMatchObject([
			{ author: { name: 'ben' }, status: 'integrated', integratedIn: 2, reasoned: true }
		]);

		// Every change left one audit entry, numbered like the round's revisions.
		const events = await pb.admin
			.collection('round_events')
			.getFullList({ filter: pb.admin.filter('round = {:id}', { id }), sort: 'revision' });
		expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
		expect(events.at(-1)).toMatchObject({ type: 'adopt', actor: facilitator.id });
		expect(messages.length).toBe(events.length - 1);
		expect(messages.at(-1)).toMatchObject({ type: 'round.changed', data: { phase: 'adopted' } });
	});

	it('records a position only for the signed-in user: a body naming someone is refused', async () => {
		const id = await newRound([ana.id, ben.id]);
		await toObjections(id);
		expect(
			await refusal(
				apply(id, ana.id, { type: 'record_position', kind: 'consent', text: '', by: ben.id })
			)
		).toBe('forged_field');
		expect(
			await refusal(
				apply(id, ana.id, { type: 'record_position', kind: 'consent', text: '', at: '2000-01-01' })
			)
		).toBe('forged_field');
		const view = await apply(id, ana.id, { type: 'record_position', kind: 'consent', text: '' });
		expect(view.consent!.positions.map((p) => p.participantId)).toEqual([ana.id]);
		// The position's time is the server's, not the client's.
		expect(Math.abs(Date.parse(view.consent!.positions[0]!.at) - Date.now())).toBeLessThan(60_000);
		// The facilitator cannot record (or overwrite) a participant's position either.
		expect(
			await refusal(
				apply(id, facilitator.id, { type: 'record_position', kind: 'consent', text: '' })
			)
		).toBe('not_participant');
	});

	it('refuses invalid transitions with their error id', async () => {
		const id = await newRound([ana.id, ben.id]);
		expect(
			await refusal(apply(id, facilitator.id, { type: 'adopt', reviewDate: '2099-01-01' }))
		).toBe('wrong_phase');
		expect(await refusal(apply(id, ana.id, { type: 'advance' }))).toBe('not_facilitator');
		expect(await refusal(apply(id, facilitator.id, { type: 'teleport' }))).toBe('invalid_input');
		expect(await refusal(apply(id, facilitator.id, { type: 'advance', extra: 1 }))).toBe(
			'invalid_input'
		);
		await toObjections(id);
		await apply(id, ana.id, { type: 'record_position', kind: 'consent', text: '' });
		expect(
			await refusal(apply(id, facilitator.id, { type: 'adopt', reviewDate: '2099-01-01' }))
		).toBe('missing_positions');
		const state = (await pb.admin.collection('rounds').getOne(id)).state as ConsentRound;
		expect(state.phase).toBe('objections');
	});

	it('lets only invited participants vote: an observer cannot, an invited partner can', async () => {
		const id = await newRound([ana.id, paul.id]);
		await toObjections(id);
		expect(
			await refusal(apply(id, olga.id, { type: 'record_position', kind: 'consent', text: '' }))
		).toBe('not_participant');
		expect(
			await refusal(apply(id, outsider.id, { type: 'record_position', kind: 'consent', text: '' }))
		).toBe('not_found');
		const view = await apply(id, paul.id, { type: 'record_position', kind: 'consent', text: '' });
		expect(view.consent!.positions.map((p) => p.participantId)).toEqual([paul.id]);
		// The observer still reads the round.
		expect((await roundView(deps, id, olga.id)).phase).toBe('objections');
		expect(await refusal(roundView(deps, id, outsider.id))).toBe('not_found');
	});

	it('keeps positions hidden until the facilitator reveals them', async () => {
		const id = await newRound([ana.id, ben.id], { hide: true });
		await toObjections(id);
		await apply(id, ana.id, { type: 'record_position', kind: 'objection', text: 'Trop tôt.' });
		const benView = await roundView(deps, id, ben.id);
		expect(benView.consent!.positions).toEqual([]);
		expect(benView.consent!.objections).toEqual([]);
		expect((await roundView(deps, id, ana.id, { projection: true })).consent!.positions).toEqual(
			[]
		);
		expect((await roundView(deps, id, facilitator.id)).consent!.positions).toHaveLength(1);
		await apply(id, facilitator.id, { type: 'reveal' });
		expect((await roundView(deps, id, ben.id)).consent!.positions).toHaveLength(1);
	});

	it('never changes a closed round: not through the service, not even as superuser', async () => {
		const id = await newRound([ana.id]);
		await apply(id, facilitator.id, { type: 'postpone', reason: 'Manque d’informations.' });
		expect(await refusal(apply(id, facilitator.id, { type: 'advance' }))).toBe('round_closed');
		const stored = await pb.admin.collection('rounds').getOne(id);
		const direct = await refusal(
			pb.admin
				.collection('rounds')
				.update(id, { phase: 'adopted', closed: false, revision: stored.revision + 1 })
		);
		expect(direct).toMatch(/^pb:400:.*round_closed/i);
		expect(await refusal(pb.admin.collection('rounds').delete(id))).toMatch(/^pb:400:/);
		expect((await pb.admin.collection('rounds').getOne(id)).phase).toBe('postponed');
		const decision = await pb.admin
			.collection('decisions')
			.getFirstListItem(pb.admin.filter('round = {:id}', { id }));
		expect(decision).toMatchObject({ outcome: 'postponed', reason: 'Manque d’informations.' });
	});

	it('refuses a stale write (revision) even from a superuser', async () => {
		const id = await newRound([ana.id]);
		const stored = await pb.admin.collection('rounds').getOne(id);
		expect(
			await refusal(pb.admin.collection('rounds').update(id, { revision: stored.revision }))
		).toMatch(/revision_conflict/i);
	});

	it('keeps round_events and decisions append-only, even for a superuser', async () => {
		const id = await newRound([ana.id]);
		await apply(id, facilitator.id, { type: 'withdraw', reason: 'Retirée.' });
		const [event] = await pb.admin
			.collection('round_events')
			.getFullList({ filter: pb.admin.filter('round = {:id}', { id }) });
		expect(
			await refusal(pb.admin.collection('round_events').update(event!.id, { type: 'x' }))
		).toMatch(/round_event_immutable/i);
		expect(await refusal(pb.admin.collection('round_events').delete(event!.id))).toMatch(
			/round_event_immutable/i
		);
		const decision = await pb.admin
			.collection('decisions')
			.getFirstListItem(pb.admin.filter('round = {:id}', { id }));
		expect(
			await refusal(pb.admin.collection('decisions').update(decision.id, { title: 'Autre' }))
		).toMatch(/decision_immutable/i);
		expect(await refusal(pb.admin.collection('decisions').delete(decision.id))).toMatch(
			/decision_immutable/i
		);
	});

	it('lets no user write rounds, events or decisions through the PocketBase API', async () => {
		const id = await newRound([ana.id]);
		await apply(id, facilitator.id, { type: 'withdraw', reason: 'Retirée.' });
		const decision = await pb.admin
			.collection('decisions')
			.getFirstListItem(pb.admin.filter('round = {:id}', { id }));
		// Rounds and events hold secrets: not even readable by members through the API.
		expect(await refusal(anaClient.collection('rounds').getOne(id))).toMatch(/^pb:403/);
		expect(await refusal(anaClient.collection('rounds').getFullList())).toMatch(/^pb:403/);
		expect(await refusal(anaClient.collection('round_events').getFullList())).toMatch(/^pb:403/);
		expect(
			await refusal(
				anaClient.collection('rounds').create({
					experiment: experimentId,
					kind: 'consent',
					title: 'Forgé',
					state: {},
					phase: 'adopted',
					created_by: ana.id
				})
			)
		).toMatch(/^pb:403/);
		expect(
			await refusal(
				anaClient.collection('round_events').create({ round: id, actor: ana.id, type: 'x' })
			)
		).toMatch(/^pb:403/);
		expect(
			await refusal(
				anaClient.collection('decisions').create({
					experiment: experimentId,
					round: id,
					kind: 'consent',
					outcome: 'adopted',
					title: 'Forgé',
					decided_at: new Date().toISOString()
				})
			)
		).toMatch(/^pb:403/);
		expect(
			await refusal(anaClient.collection('decisions').update(decision.id, { title: 'x' }))
		).toMatch(/^pb:(403|404)/);
		expect(await refusal(anaClient.collection('decisions').delete(decision.id))).toMatch(
			/^pb:(403|404)/
		);
		// The register is readable by the experiment's readers, and only by them.
		expect((await anaClient.collection('decisions').getOne(decision.id)).title).toBe(
			'Rythme du COPIL'
		);
		expect(await outsiderClient.collection('decisions').getFullList()).toEqual([]);
	});

	it('refuses to start a round for someone who may not facilitate, or with outsiders', async () => {
		expect(
			await refusal(
				startConsentRound(deps, {
					experimentId,
					userId: ana.id,
					title: 'x',
					text: TEXT,
					proposerId: ana.id,
					participants: [ana.id]
				})
			)
		).toBe('forbidden');
		expect(await refusal(newRound([ana.id, outsider.id]))).toBe('participants_invalid');
	});

	it('keeps the nominations of an election cancelled in the secret round secret', async () => {
		const id = await startElection(deps, {
			experimentId,
			userId: facilitator.id,
			role: { title: 'Trésorier', mission: 'Tenir les comptes', skills: '', termMonths: 12 },
			participants: [ana.id, ben.id]
		});
		await apply(id, facilitator.id, { type: 'advance' }); // nomination
		await apply(id, ana.id, { type: 'nominate', nomineeId: ben.id });
		await apply(id, ben.id, { type: 'nominate', nomineeId: ana.id });
		const cancelled = await apply(id, facilitator.id, { type: 'cancel' });
		expect(cancelled.phase).toBe('cancelled');
		expect(cancelled.election!.nominations).toEqual([]);
		const forAna = (await roundView(deps, id, ana.id)).election!.nominations;
		expect(forAna.map((n) => n.voterId)).toEqual([ana.id]);
		expect((await roundView(deps, id, olga.id)).election!.nominations).toEqual([]);
		expect((await roundView(deps, id, ana.id, { projection: true })).election!.nominations).toEqual(
			[]
		);
	});

	it('runs an election without candidates to an elected person with a term', async () => {
		const id = await startElection(deps, {
			experimentId,
			userId: facilitator.id,
			role: {
				title: 'Secrétaire du COPIL',
				mission: 'Tenir le registre',
				skills: 'Rigueur',
				termMonths: 12
			},
			participants: [ana.id, ben.id]
		});
		await apply(id, facilitator.id, { type: 'advance' }); // nomination
		await apply(id, ana.id, { type: 'nominate', nomineeId: ben.id });
		// Secret: ben does not see ana's nomination, and cannot nominate for her.
		expect((await roundView(deps, id, ben.id)).election!.nominations).toEqual([]);
		expect(
			await refusal(apply(id, ben.id, { type: 'nominate', nomineeId: ben.id, by: ana.id }))
		).toBe('forged_field');
		expect(await refusal(apply(id, facilitator.id, { type: 'advance' }))).toBe(
			'missing_nominations'
		);
		await apply(id, ben.id, { type: 'nominate', nomineeId: ben.id });
		await apply(id, facilitator.id, { type: 'advance' }); // justification: revealed together
		expect((await roundView(deps, id, ana.id)).election!.nominations).toHaveLength(2);
		await apply(id, facilitator.id, { type: 'advance' }); // change
		await apply(id, facilitator.id, { type: 'advance' }); // proposal
		await apply(id, facilitator.id, {
			type: 'propose',
			nomineeId: ben.id,
			rationale: 'Deux nominations.'
		});
		await apply(id, facilitator.id, { type: 'advance' }); // objections
		expect(
			await refusal(apply(id, ben.id, { type: 'record_position', kind: 'consent', text: '' }))
		).toBe('nominee_speaks_last');
		await apply(id, ana.id, { type: 'record_position', kind: 'consent', text: '' });
		await apply(id, ben.id, { type: 'record_position', kind: 'consent', text: '' });
		const view = await apply(id, facilitator.id, { type: 'elect', termStart: '2026-01-31' });
		expect(view.election!.result).toMatchObject({ electedId: ben.id, termEnd: '2027-01-31' });
		const decision = await pb.admin
			.collection('decisions')
			.getFirstListItem(pb.admin.filter('round = {:id}', { id }));
		expect(decision).toMatchObject({ kind: 'election', outcome: 'elected', elected: ben.id });
		expect(decision.elected_name).toBe('ben');
		expect(decision.term_end.slice(0, 10)).toBe('2027-01-31');
		expect(await refusal(apply(id, facilitator.id, { type: 'cancel' }))).toBe('round_closed');
	});
});

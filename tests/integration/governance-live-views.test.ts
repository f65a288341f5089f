/**
 * The views pushed with `round.changed` against a real PocketBase (repo migrations and hooks): each
 * subscriber of a round's topic gets the view `roundView` (the `GET /rounds/<id>/view` endpoint)
 * returns them at that revision — hidden positions stay hidden — and a subscriber whose access
 * was withdrawn after subscribing gets the bare notice only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsersRecord } from '../../src/lib/pocketbase/types';
import {
	applyCommand,
	roundTopic,
	roundView,
	startConsentRound,
	type GovernanceDeps
} from '../../src/lib/server/governance/rounds';
import type { RoundView } from '../../src/lib/server/governance/view';
import { LiveHub, type LiveMessage, type LiveSubscriber } from '../../src/lib/server/live/hub';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';

const PASSWORD = 'password-123456';

/** The view without the server clock, which is read when each view is cut. */
const withoutClock = (view: RoundView) => ({ ...view, serverNow: null });

describe('views pushed with round.changed', () => {
	let pb: TestPocketBase;
	let hub: LiveHub;
	let deps: GovernanceDeps;
	let facilitator: UsersRecord;
	let ana: UsersRecord;
	let ben: UsersRecord;
	let olga: UsersRecord; // observer
	let experimentId: string;

	/** Subscribes as the SSE endpoint does; returns the messages received. */
	function follow(roundId: string, subscriber: LiveSubscriber): LiveMessage[] {
		const got: LiveMessage[] = [];
		hub.subscribe(roundTopic(roundId), (m) => got.push(m), subscriber);
		return got;
	}

	const pushedView = (message: LiveMessage | undefined) =>
		(message?.data as { view?: RoundView } | undefined)?.view;

	beforeAll(async () => {
		pb = await startTestPocketBase();
		hub = new LiveHub();
		deps = { admin: pb.admin, hub };
		[facilitator, ana, ben, olga] = (await Promise.all(
			['fac', 'ana', 'ben', 'olga'].map((name) =>
				pb.createUser({ email: `${name}@example.test`, password: PASSWORD, name })
			)
		)) as [UsersRecord, UsersRecord, UsersRecord, UsersRecord];
		experimentId = (await pb.createExperiment(facilitator.id, { title: 'Assemblée' })).id;
		await pb.addMember(experimentId, ana.id, 'evaluator');
		await pb.addMember(experimentId, ben.id, 'elected');
		await pb.addMember(experimentId, olga.id, 'observer');
	});

	afterAll(async () => {
		await pb?.stop();
	});

	it('cuts each subscriber’s view as the endpoint does: a hidden position only for its author', async () => {
		const id = await startConsentRound(deps, {
			experimentId,
			userId: facilitator.id,
			title: 'Rythme du COPIL',
			text: 'Le COPIL se réunit une fois par mois.',
			proposerId: ana.id,
			participants: [ana.id, ben.id],
			hidePositionsUntilReveal: true
		});
		for (let i = 0; i < 4; i++)
			await applyCommand(deps, { roundId: id, userId: facilitator.id, body: { type: 'advance' } });
		const subscribers: Record<string, LiveSubscriber> = {
			ana: { userId: ana.id, view: null },
			ben: { userId: ben.id, view: null },
			facilitator: { userId: facilitator.id, view: null },
			olga: { userId: olga.id, view: null },
			// Olga's room screen: the projection's cut, not hers.
			projection: { userId: olga.id, view: 'projection' }
		};
		const received = Object.fromEntries(
			Object.entries(subscribers).map(([who, s]) => [who, follow(id, s)])
		);

		const own = await applyCommand(deps, {
			roundId: id,
			userId: ana.id,
			body: { type: 'record_position', kind: 'objection', text: 'Le soir exclut.' }
		});
		expect(own.revision).toBe(5);

		const views: Record<string, RoundView> = {};
		for (const [who, subscriber] of Object.entries(subscribers)) {
			expect(received[who]).toHaveLength(1);
			const message = received[who]![0]!;
			expect(message).toMatchObject({
				type: 'round.changed',
				data: { revision: 5, phase: 'objections' }
			});
			const view = pushedView(message);
			expect(view, who).toBeDefined();
			views[who] = view!;
			// Exactly what the endpoint returns that user at that revision.
			const fetched = await roundView(deps, id, subscriber.userId!, {
				projection: subscriber.view === 'projection'
			});
			expect(fetched.revision).toBe(5);
			expect(withoutClock(view!)).toEqual(withoutClock(fetched));
		}

		// The hidden position (and its objection) is in its author's and the facilitator's views only.
		const positionsOf = (who: string) => views[who]!.consent!.positions.map((p) => p.participantId);
		expect(positionsOf('ana')).toEqual([ana.id]);
		expect(positionsOf('facilitator')).toEqual([ana.id]);
		expect(positionsOf('ben')).toEqual([]);
		expect(positionsOf('olga')).toEqual([]);
		expect(positionsOf('projection')).toEqual([]);
		expect(views.ben!.consent!.objections).toEqual([]);
		expect(views.ana!.consent!.objections).toHaveLength(1);
		expect(JSON.stringify(views.ben)).not.toContain('Le soir exclut.');
		expect(views.projection!.viewerId).toBeNull();
		expect(views.olga!.viewerId).toBe(olga.id);
		// The acting user's own answer is the same view as the one pushed to them.
		expect(withoutClock(own)).toEqual(withoutClock(views.ana!));
	});

	it('sends only the bare notice to a member removed after subscribing', async () => {
		const id = await startConsentRound(deps, {
			experimentId,
			userId: facilitator.id,
			title: 'Sans Olga',
			text: 'Texte.',
			proposerId: ana.id,
			participants: [ana.id]
		});
		const olgaGot = follow(id, { userId: olga.id, view: null });
		const olgaRoom = follow(id, { userId: olga.id, view: 'projection' });
		const anaGot = follow(id, { userId: ana.id, view: null });
		const internal = follow(id, { userId: null, view: null });
		const unknownView = follow(id, { userId: ana.id, view: 'everything' });

		await applyCommand(deps, { roundId: id, userId: facilitator.id, body: { type: 'advance' } });
		expect(pushedView(olgaGot[0])?.revision).toBe(1);

		const membership = await pb.admin
			.collection('memberships')
			.getFirstListItem(
				pb.admin.filter('experiment = {:e} && user = {:u}', { e: experimentId, u: olga.id })
			);
		await pb.admin.collection('memberships').delete(membership.id);
		try {
			await applyCommand(deps, { roundId: id, userId: facilitator.id, body: { type: 'advance' } });
			for (const got of [olgaGot, olgaRoom])
				expect(got.at(-1)).toEqual({
					type: 'round.changed',
					data: { revision: 2, phase: 'reactions' }
				});
			// Her refetch is refused, as it should be.
			await expect(roundView(deps, id, olga.id)).rejects.toMatchObject({ code: 'not_found' });
			// The others still get their view.
			expect(pushedView(anaGot.at(-1))?.revision).toBe(2);
			// An in-process listener or an unknown view is never sent data.
			for (const got of [internal, unknownView]) {
				expect(got).toHaveLength(2);
				for (const message of got) expect(pushedView(message)).toBeUndefined();
			}
		} finally {
			await pb.addMember(experimentId, olga.id, 'observer');
		}
	});
});

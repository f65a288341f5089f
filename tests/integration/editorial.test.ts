/**
 * The resource centre's editorial path against the real PocketBase: a member proposes, an
 * organisation editor requests changes, the member proposes again, the editor publishes; the
 * inbox hears of each step; a non-editor (the experiment's coordinator included) can neither
 * approve nor publish, through the app or through PocketBase's rules. (The catalogue's full text
 * of a published version is covered by resource-centre.test.ts.)
 */
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ProposalFacts } from '../../src/lib/domain/editorial';
import { loadResources } from '../../src/lib/server/resources/catalogue';
import {
	EditorialError,
	propose,
	reviewProposal,
	reviewQueue
} from '../../src/lib/server/resources/editorial';
import { reviewContext } from '../../src/lib/server/review/context';
import { ReviewError } from '../../src/lib/server/review/errors';
import { currentPublication, publishVersion } from '../../src/lib/server/review/publication';
import { createCollabFixture, type CollabFixture } from '../support/collab-client';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';

let pb: TestPocketBase;
let fixture: CollabFixture;
let documentId: string;
let organisationId: string;
let director: { id: string; email: string; password: string };

const FACTS: ProposalFacts = {
	kind: 'fiche_retour',
	summary: 'Ce que le tirage au sort a changé pour la participation.',
	enjeux: ['diversification', 'confiance'],
	territoryType: 'village',
	year: 2025,
	authors: 'Bob Martin, Équipe du Labo',
	licence: 'cc-by-sa-4.0'
};

async function storeText(text: string) {
	const doc = new Y.Doc();
	doc.getText('text').insert(0, text);
	const state = Y.encodeStateAsUpdate(doc);
	await pb.admin.collection('doc_updates').create({
		document: documentId,
		data: Buffer.from(state).toString('base64'),
		bytes: state.byteLength,
		compacted: false
	});
}

const refusal = (promise: Promise<unknown>) =>
	promise.then(
		() => 'ok',
		(error: unknown) => {
			if (error instanceof EditorialError || error instanceof ReviewError) return error.code;
			throw error;
		}
	);

async function inbox(userId: string) {
	const rows = await pb.admin.collection('notifications').getFullList({
		filter: pb.admin.filter('user = {:u}', { u: userId }),
		sort: 'created'
	});
	return rows.map((row) => row.kind);
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'edito');
	documentId = await fixture.newDocument('Retour sur le tirage au sort');
	await storeText('Première rédaction.');
	const experiment = await pb.admin.collection('experiments').getOne(fixture.experimentId);
	organisationId = experiment.organisation;
	const email = 'direction.edito@trame.test';
	const password = 'mot-de-passe-solide';
	const user = await pb.createUser({ email, password, name: 'Dominique' });
	director = { id: user.id, email, password };
	await pb.admin
		.collection('org_memberships')
		.create({ organisation: organisationId, user: user.id, role: 'admin' });
}, 60_000);

afterAll(async () => {
	await pb?.stop();
});

describe('editorial path (real PocketBase)', () => {
	it('goes propose → changes requested → propose again → published, each step notified', async () => {
		const { alice, bob, olga } = fixture;
		const versionName = 'Proposée pour publication';
		// An observer does not propose; an evaluator (a writer) does.
		expect(
			await refusal(propose(pb.admin, { documentId, userId: olga.id, facts: FACTS, versionName }))
		).toBe('forbidden');
		const first = await propose(pb.admin, {
			documentId,
			userId: bob.id,
			facts: FACTS,
			versionName
		});
		expect(first.state).toBe('to_review');
		expect(await inbox(director.id)).toEqual(['editorial_proposed']);
		expect((await reviewQueue(pb.admin, organisationId, director.id)).map((p) => p.id)).toEqual([
			first.id
		]);
		// The coordinator of the experiment is no editor of the organisation.
		expect(await reviewQueue(pb.admin, organisationId, alice.id)).toEqual([]);
		for (const move of ['approve', 'publish', 'request_changes'] as const)
			expect(
				await refusal(
					reviewProposal(pb.admin, { documentId, userId: alice.id, move, body: 'Non.' })
				)
			).toBe('forbidden');
		const aliceCtx = await reviewContext(pb.admin, documentId, alice.id);
		expect(await refusal(publishVersion(pb.admin, aliceCtx, first.versionId))).toBe('forbidden');
		// Nor through PocketBase's rules, even naming herself as the actor.
		const aliceClient = await pb.userClient(alice.email, alice.password);
		const forged = await aliceClient
			.collection('editorial_events')
			.create({ proposal: first.id, step: 'approved', actor: alice.id })
			.then(
				() => 0,
				(error: unknown) => (error instanceof ClientResponseError ? error.status : -1)
			);
		expect(forged).toBe(400);
		// The proposer reads their proposal; an outsider does not.
		const bobClient = await pb.userClient(bob.email, bob.password);
		expect((await bobClient.collection('editorial_proposals').getFullList()).length).toBe(1);
		const mallory = await pb.userClient(fixture.mallory.email, fixture.mallory.password);
		expect(await mallory.collection('editorial_proposals').getFullList()).toEqual([]);

		const sentBack = await reviewProposal(pb.admin, {
			documentId,
			userId: director.id,
			move: 'request_changes',
			body: 'Ajoutez les chiffres de participation.'
		});
		expect(sentBack.state).toBe('changes_requested');
		expect(await inbox(bob.id)).toEqual(['editorial_changes']);
		expect(
			await refusal(
				reviewProposal(pb.admin, { documentId, userId: director.id, move: 'publish', body: '' })
			)
		).toBe('wrong_state');

		await storeText('Chiffres : 312 participants tirés au sort. ');
		const second = await propose(pb.admin, {
			documentId,
			userId: bob.id,
			facts: { ...FACTS, summary: 'Avec les chiffres de participation.' },
			versionName
		});
		expect(second.state).toBe('to_review');
		expect(second.versionId).not.toBe(first.versionId);
		expect(await inbox(director.id)).toEqual(['editorial_proposed', 'editorial_proposed']);

		const published = await reviewProposal(pb.admin, {
			documentId,
			userId: director.id,
			move: 'publish',
			body: ''
		});
		expect(published.state).toBe('published');
		expect(published.events.map((e) => e.step)).toEqual([
			'proposed',
			'changes_requested',
			'proposed',
			'approved',
			'published'
		]);
		expect(await inbox(bob.id)).toEqual(['editorial_changes', 'editorial_published']);
		expect(await reviewQueue(pb.admin, organisationId, director.id)).toEqual([]);

		// The frozen second version is public, with the proposal's facts in the catalogue.
		expect((await currentPublication(pb.admin, documentId))?.versionId).toBe(second.versionId);
		const [item] = await loadResources(pb.admin);
		expect(item).toMatchObject({
			title: 'Retour sur le tirage au sort',
			summary: 'Avec les chiffres de participation.',
			enjeux: ['diversification', 'confiance'],
			territoryType: 'village',
			year: '2025',
			authors: 'Bob Martin, Équipe du Labo',
			licence: 'cc-by-sa-4.0'
		});
	});
});

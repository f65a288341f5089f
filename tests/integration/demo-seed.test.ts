/**
 * The demo seed against a real PocketBase, as `npm start` runs it (scripts/seed.ts `main`): the
 * accounts and experiment, then the protocol's story. After it the coordinator finds, in the
 * demo protocol, an adopted decision written back into its section with its register entry
 * (an objection integrated, concerns noted), a round open now, a named version, a closed séance
 * two weeks ago (attendance, notes, compte rendu, actions, the round on its agenda) and a
 * planned séance two weeks ahead. A second run creates nothing.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type SeedResult } from '../../scripts/seed';
import { seedDemoStory, type StoryResult } from '../../scripts/demo-story';
import {
	DEMO_ADOPTED_ROUND,
	DEMO_DRAFTED_SECTIONS,
	DEMO_NEXT_SEANCE,
	DEMO_OPEN_ROUND,
	DEMO_PASSWORD,
	DEMO_PAST_SEANCE,
	DEMO_VERSION_NAME
} from '../../scripts/demo-data';
import { SECTION_TEXT_OPTIONS } from '../../src/lib/decisions/section-text';
import type { ConsentRound } from '../../src/lib/domain/consent-round';
import { documentSections, sectionText } from '../../src/lib/domain/proposal-section';
import { instantToParis } from '../../src/lib/domain/seances/seance';
import { stateToProseMirror, storedDocumentState } from '../../src/lib/server/review/doc-state';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';

const DAY = 24 * 60 * 60 * 1000;
let pb: TestPocketBase;
let seed: SeedResult;
let story: StoryResult;
const now = new Date();

/** Every collection the story writes to, and the rows of each. */
const COLLECTIONS = [
	'rounds',
	'round_events',
	'decisions',
	'decision_writebacks',
	'review_threads',
	'doc_versions',
	'doc_updates',
	'documents',
	'seances',
	'seance_items',
	'follow_ups',
	'notifications'
] as const;

async function counts(): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const name of COLLECTIONS)
		out[name] = (await pb.admin.collection(name).getList(1, 1)).totalItems;
	return out;
}

async function storedSection(documentId: string, heading: string): Promise<string | null> {
	const json = stateToProseMirror(await storedDocumentState(pb.admin, documentId));
	const section = documentSections(json).find((s) => s.heading === heading);
	if (!section) return null;
	const text = sectionText(json, section, SECTION_TEXT_OPTIONS);
	return text.ok ? text.text : null;
}

const instant = (pbDate: string) => new Date(pbDate.replace(' ', 'T'));
const user = (email: string) => seed.users[email]!;
/** The Paris calendar day `days` days from the seeding instant. */
const parisDay = (days: number) => instantToParis(new Date(now.getTime() + days * DAY)).date;

beforeAll(async () => {
	pb = await startTestPocketBase();
	seed = await seedDemo(pb.url, pb.superuser);
	story = await seedDemoStory(pb.url, pb.superuser, seed, { now });
}, 300_000);

afterAll(async () => {
	await pb?.stop();
});

describe('the demo protocol after seeding', () => {
	it('holds an adopted decision, with its positions, written back into its section', async () => {
		expect(story.created).toBe(true);
		// Read as the coordinator reads the register (the `decisions` API rule applies).
		const coordinator = pb.client();
		await coordinator
			.collection('users')
			.authWithPassword(DEMO_ADOPTED_ROUND.facilitator, DEMO_PASSWORD);
		const register = await coordinator.collection('decisions').getFullList({
			filter: coordinator.filter('experiment = {:e}', { e: seed.experimentId })
		});
		expect(register.map((d) => [d.title, d.outcome])).toEqual([
			[DEMO_ADOPTED_ROUND.title, 'adopted']
		]);
		const decision = register[0]!;
		expect(decision.id).toBe(story.decisionId);
		expect(decision.round).toBe(story.adoptedRoundId);
		expect(decision.section).toBe(DEMO_ADOPTED_ROUND.heading);
		expect(decision.text).toBe(DEMO_ADOPTED_ROUND.amended);
		expect(decision.source_document).toBe(seed.protocolId);

		// The objection of the first objection round, integrated; consent in the second one.
		const karim = user('evaluation@trame.demo');
		const positions = decision.positions as Array<{
			author: { id: string };
			kind: string;
			objectionRound: number;
		}>;
		const karimsPositions = positions
			.filter((p) => p.author.id === karim)
			.map((p) => [p.objectionRound, p.kind]);
		expect(karimsPositions).toEqual([
			[1, 'objection'],
			[2, 'consent']
		]);
		expect(positions.filter((p) => p.objectionRound === 2)).toHaveLength(
			DEMO_ADOPTED_ROUND.participants.length
		);
		const objections = decision.objections as Array<{ author: { id: string }; status: string }>;
		expect(objections.map((o) => [o.author.id, o.status])).toEqual([[karim, 'integrated']]);
		const concerns = decision.concerns as Array<{ text: string }>;
		expect(concerns.map((c) => c.text).sort()).toEqual(
			DEMO_ADOPTED_ROUND.secondPositions
				.filter((p) => p.kind === 'concern')
				.map((p) => p.text)
				.sort()
		);
		const review = decision.review_date.slice(0, 10);
		expect(review > instantToParis(now).date).toBe(true);

		// Decided during the past séance.
		const past = await pb.admin.collection('seances').getOne(story.pastSeanceId);
		const decided = instant(decision.decided_at).getTime();
		expect(decided).toBeGreaterThan(instant(past.starts_at).getTime());
		expect(decided).toBeLessThan(instant(past.closed_at).getTime());

		// Written back: the protocol's section reads as the adopted text, between two versions.
		const writeback = await pb.admin
			.collection('decision_writebacks')
			.getFirstListItem(pb.admin.filter('decision = {:d}', { d: decision.id }));
		expect(writeback.outcome).toBe('applied');
		expect(writeback.hash).toBe(decision.hash);
		expect(await storedSection(seed.protocolId, DEMO_ADOPTED_ROUND.heading)).toBe(
			DEMO_ADOPTED_ROUND.amended
		);
		// The objection was a thread on the section, resolved with the round.
		const threads = await pb.admin.collection('review_threads').getFullList({
			filter: pb.admin.filter('round = {:r}', { r: story.adoptedRoundId })
		});
		expect(threads.map((t) => [t.kind, t.status])).toEqual([['objection', 'resolved']]);
	});

	it('has a consent round open in its objection round, awaiting the coordinator', async () => {
		const open = await pb.admin.collection('rounds').getFullList({
			filter: pb.admin.filter('experiment = {:e} && closed = false', { e: seed.experimentId })
		});
		expect(open.map((r) => r.id)).toEqual([story.openRoundId]);
		const state = open[0]!.state as ConsentRound;
		expect(open[0]!.title).toBe(DEMO_OPEN_ROUND.title);
		expect(state.phase).toBe('objections');
		expect(state.versions.at(-1)!.text).toBe(DEMO_OPEN_ROUND.proposed);
		expect(state.positions.map((p) => p.participantId).sort()).toEqual(
			DEMO_OPEN_ROUND.positions.map((p) => user(p.who)).sort()
		);
		expect(state.participants).toContain(user(DEMO_OPEN_ROUND.facilitator));
	});

	it('has drafted sections and the version presented to the COPIL', async () => {
		const protocol = stateToProseMirror(await storedDocumentState(pb.admin, seed.protocolId));
		for (const text of DEMO_DRAFTED_SECTIONS) {
			const heading = text.split('\n')[0]!;
			expect(await storedSection(seed.protocolId, heading)).toBe(text);
			// Written in the template's empty paragraph: no prompt left above the text.
			const at = (protocol.content ?? []).findIndex(
				(n) => n.type === 'heading' && n.content?.[0]?.text === heading
			);
			expect(protocol.content![at + 1]!.content?.length ?? 0).toBeGreaterThan(0);
		}
		const versions = await pb.admin.collection('doc_versions').getFullList({
			filter: pb.admin.filter('document = {:d} && kind = "named"', { d: seed.protocolId }),
			sort: 'created'
		});
		const names = versions.map((v) => v.name);
		expect(names[0]).toBe(DEMO_VERSION_NAME);
		expect(versions[0]!.id).toBe(story.versionId);
		expect(versions[0]!.created_by).toBe(user(DEMO_ADOPTED_ROUND.facilitator));
		// The write-back's own pair follows it.
		expect(names.slice(1).map((n) => n.replace(/^Décision du .* — /, ''))).toEqual([
			'avant',
			'adoptée'
		]);
	});

	it('has a closed séance two weeks ago, with attendance, agenda, notes, minutes and actions', async () => {
		const past = await pb.admin.collection('seances').getOne(story.pastSeanceId);
		expect(past.title).toBe(DEMO_PAST_SEANCE.title);
		expect(past.status).toBe('closed');
		const startsAt = instant(past.starts_at);
		expect(instantToParis(startsAt).date).toBe(parisDay(-14));
		expect(instantToParis(startsAt).time).toBe('18:00');
		expect(Object.keys(past.attendance as object)).toHaveLength(
			Object.keys(DEMO_PAST_SEANCE.attendance).length
		);
		const items = await pb.admin.collection('seance_items').getFullList({
			filter: pb.admin.filter('seance = {:s}', { s: past.id }),
			sort: 'position'
		});
		expect(items.map((i) => i.round)).toContain(story.adoptedRoundId);
		expect(items.every((i) => i.started_at && i.ended_at)).toBe(true);
		// Notes in the séance's notes document, the compte rendu generated from them.
		const notes = new Y.Doc();
		Y.applyUpdate(notes, await storedDocumentState(pb.admin, past.id));
		expect(items.every((i) => notes.getXmlFragment(`item-${i.id}`).length > 0)).toBe(true);
		const minutes = await pb.admin.collection('documents').getOne(past.minutes_document);
		expect(minutes.kind).toBe('compte_rendu_copil');
		const minutesText = JSON.stringify(
			stateToProseMirror(await storedDocumentState(pb.admin, minutes.id))
		);
		expect(minutesText).toContain('Base adresse nationale');
		const actions = await pb.admin.collection('follow_ups').getFullList({
			filter: pb.admin.filter('seance = {:s}', { s: past.id })
		});
		expect(actions.map((a) => a.what).sort()).toEqual(
			DEMO_PAST_SEANCE.actions.map((a) => a.what).sort()
		);
	});

	it('has a séance planned two weeks ahead, its agenda suggested from the work', async () => {
		const next = await pb.admin.collection('seances').getOne(story.nextSeanceId);
		expect(next.title).toBe(DEMO_NEXT_SEANCE.title);
		expect(next.status).toBe('planned');
		const startsAt = instant(next.starts_at);
		expect(instantToParis(startsAt).date).toBe(parisDay(14));
		expect(instantToParis(startsAt).time).toBe('18:00');
		const items = await pb.admin.collection('seance_items').getFullList({
			filter: pb.admin.filter('seance = {:s}', { s: next.id }),
			sort: 'position'
		});
		expect(items.map((i) => i.minutes_of)).toContain(story.pastSeanceId);
		expect(items.map((i) => i.round)).toContain(story.openRoundId);
		// Invited: each member has the invitation in their inbox.
		const invitations = await pb.admin.collection('notifications').getFullList({
			filter: "kind = 'seance_invitation'"
		});
		expect(invitations.length).toBe((next.invitees as string[]).length - 1);
	});

	it('creates nothing on a second run', async () => {
		const before = await counts();
		const again = await seedDemo(pb.url, pb.superuser);
		const storyAgain = await seedDemoStory(pb.url, pb.superuser, again, {
			now: new Date(now.getTime() + DAY)
		});
		expect(again.seeded).toBe(false);
		expect(storyAgain.created).toBe(false);
		expect(storyAgain).toEqual({ ...story, created: false });
		expect(await counts()).toEqual(before);
	});
});

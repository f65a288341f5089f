/**
 * The demo protocol's story (scripts/demo-data.ts): a few sections drafted, a named version, a
 * consent round adopted in a past séance (an objection integrated by an amendment, concerns
 * noted, the adopted text written back into the protocol), its notes, minutes and actions, a
 * round open now and the next séance with its agenda and invitations.
 *
 * Everything goes through the app's own server modules, as its routes call them, with the
 * relevant demo user as the actor: `startConsentRound` / `applyCommand` for the rounds (so the
 * register entry, the objection threads and the write-back are derived as in the app),
 * `createNamedVersion`, `runSeance`, `agendaSuggestions`, `ensureSeanceNotes`, `generateMinutes`,
 * `sendInvitations`; records a user creates from a form (séances, agenda items, attendance,
 * actions) are written with that user's own PocketBase client, so the API rules apply. Text
 * goes into documents only through the collaboration server's live documents (the same
 * `LiveDocuments` the app is lent in production, started here in-process while the app is not
 * running): the drafted sections with the write-back's own section writer, the notes as edits
 * of their fragments.
 *
 * Each step is get-or-create, and a round or a séance half-way through is taken on from where it
 * stands, so an interrupted run is completed by the next one. The times of the story are placed
 * relative to `now` (the past séance about two weeks before, the next one two weeks after, at
 * 18:00 in Paris); the governance and séance functions take their clock as a parameter.
 */
import * as Y from 'yjs';
import PocketBase, { type RecordModel } from 'pocketbase';
import { createPocketBaseCollabServer } from '../server/pocketbase/collab';
import { silentLogger } from '../server/log';
import { provideServerServices } from '../server/services';
import type { CollabServer } from '../server/collab/upgrade';
import { SECTION_TEXT_OPTIONS } from '../src/lib/decisions/section-text';
import { documentSections, sectionText } from '../src/lib/domain/proposal-section';
import { addMonths } from '../src/lib/domain/election';
import { instantToParis, parisToInstant } from '../src/lib/domain/seances/seance';
import type { ConsentRound } from '../src/lib/domain/consent-round';
import { EDITOR_FIELD } from '../src/lib/editor/extensions';
import { notesField } from '../src/lib/editor/notes-extensions';
import type {
	DecisionsRecord,
	SeanceItemsRecord,
	SeancesRecord,
	TypedPocketBase
} from '../src/lib/pocketbase/types';
import { stateToProseMirror, storedDocumentState } from '../src/lib/server/review/doc-state';
import { reviewContext } from '../src/lib/server/review/context';
import { createNamedVersion } from '../src/lib/server/review/versions';
import { readLiveSection, writeLiveSection } from '../src/lib/server/governance/live-section';
import { sourceDocuments } from '../src/lib/server/governance/proposal-source';
import { loadRound, type RoundRecord } from '../src/lib/server/governance/round-store';
import { applyCommand, startConsentRound } from '../src/lib/server/governance/round-writes';
import { writeBack, type WritebackDeps } from '../src/lib/server/governance/write-back';
import { agendaSuggestions } from '../src/lib/server/seances/suggestions';
import { ensureSeanceNotes } from '../src/lib/server/seances/notes';
import { generateMinutes } from '../src/lib/server/seances/minutes';
import { recordLabels } from '../src/lib/server/seances/record-labels';
import { runSeance } from '../src/lib/server/seances/run';
import { sendInvitations } from '../src/lib/server/seances/invitations';
import { experimentMembers } from '../src/lib/server/members';
import { suggestionTitle } from '../src/lib/components/seances/labels';
import {
	DEMO_ADOPTED_ROUND,
	DEMO_DRAFTED_SECTIONS,
	DEMO_NEXT_SEANCE,
	DEMO_OPEN_ROUND,
	DEMO_PASSWORD,
	DEMO_PAST_SEANCE,
	DEMO_VERSION_NAME,
	type DemoItem,
	type DemoPosition
} from './demo-data';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface StoryInput {
	experimentId: string;
	protocolId: string;
	/** User id by email (SeedResult.users). */
	users: Record<string, string>;
}

export interface StoryOptions {
	/** The day the story is placed around (default: the present instant). */
	now?: Date;
	/** The app's origin, for the links of the séance invitations. */
	origin?: string;
}

export interface StoryResult {
	/** True when this run created or changed anything. */
	created: boolean;
	adoptedRoundId: string;
	decisionId: string;
	openRoundId: string;
	versionId: string;
	pastSeanceId: string;
	nextSeanceId: string;
}

type Superuser = { email: string; password: string };

function client(url: string): TypedPocketBase {
	const pb = new PocketBase(url) as TypedPocketBase;
	pb.autoCancellation(false);
	return pb;
}

async function findFirst(
	pb: PocketBase,
	collection: string,
	filter: string,
	sort = ''
): Promise<RecordModel | null> {
	const page = await pb.collection(collection).getList(1, 1, { filter, sort, skipTotal: true });
	return page.items[0] ?? null;
}

/** The instant at `time` (Paris) on the Paris day `days` days from `now`. */
function parisDayAt(now: Date, days: number, time: string): Date {
	const day = instantToParis(new Date(now.getTime() + days * DAY)).date;
	return parisToInstant(day, time)!;
}

const pbInstant = (iso: string) => new Date(iso.replace(' ', 'T'));

export async function seedDemoStory(
	pbUrl: string,
	superuser: Superuser,
	input: StoryInput,
	options: StoryOptions = {}
): Promise<StoryResult> {
	const now = options.now ?? new Date();
	const origin = options.origin ?? 'http://localhost:3000';
	const admin = client(pbUrl);
	await admin.collection('_superusers').authWithPassword(superuser.email, superuser.password);
	const id = (email: string) => {
		const userId = input.users[email];
		if (!userId) throw new Error(`demo account ${email} is missing`);
		return userId;
	};
	const signedIn = new Map<string, TypedPocketBase>();
	const signIn = async (email: string) => {
		let pb = signedIn.get(email);
		if (!pb) {
			pb = client(pbUrl);
			await pb.collection('users').authWithPassword(email, DEMO_PASSWORD);
			signedIn.set(email, pb);
		}
		return pb;
	};
	let created = false;
	const experiment = admin.filter('experiment = {:e}', { e: input.experimentId });
	const roundByTitle = (title: string) =>
		findFirst(admin, 'rounds', `${experiment} && ${admin.filter('title = {:t}', { t: title })}`);
	const seanceByTitle = (title: string) =>
		findFirst(admin, 'seances', `${experiment} && ${admin.filter('title = {:t}', { t: title })}`);

	// The collaboration server's live documents, lent to the app's modules as server/index.ts
	// does; started only when something is left to do, closed (flushed) before returning.
	let collab: CollabServer | null = null;
	const live = async () => {
		if (!collab) {
			collab = await createPocketBaseCollabServer({
				pbUrl,
				superuser,
				allowedOrigins: [],
				logger: silentLogger,
				textIndexDebounceMs: 50,
				// The app's own start sweeps older documents; here they migrate as they load.
				migrateAtStartup: false
			});
			provideServerServices({ liveDocuments: collab.live });
		}
		return collab.live;
	};
	const deps = (at: () => Date): WritebackDeps => ({ admin, now: at });

	try {
		// 1. A few sections drafted by the coordinator, written where an editor would type them.
		const stored = stateToProseMirror(await storedDocumentState(admin, input.protocolId));
		const untouched = (heading: string) => {
			const section = documentSections(stored).find((s) => s.heading === heading);
			const text = section ? sectionText(stored, section, SECTION_TEXT_OPTIONS) : null;
			return text?.ok === true && text.text.trim() === heading;
		};
		for (const text of DEMO_DRAFTED_SECTIONS) {
			const heading = text.split('\n')[0]!;
			if (!untouched(heading)) continue;
			const change = await (
				await live()
			).change(input.protocolId, (ydoc) => {
				const json = stateToProseMirror(Y.encodeStateAsUpdate(ydoc));
				const section = documentSections(json).find((s) => s.heading === heading);
				if (!section) return false;
				const current = readLiveSection(ydoc, section, SECTION_TEXT_OPTIONS);
				// Only an untouched section (its heading alone) is drafted.
				if (!current || current.text.trim() !== heading) return false;
				if (!writeLiveSection(ydoc, current, text, SECTION_TEXT_OPTIONS).ok) return false;
				// Typed into the template's empty paragraph, whose prompt then no longer shows:
				// the section writer keeps that paragraph, so it is removed here.
				dropPromptParagraph(ydoc.getXmlFragment(EDITOR_FIELD), heading);
				return true;
			});
			created ||= change.changed;
		}

		// 2. The version presented to the COPIL, named by the coordinator.
		const coordinatorId = id(DEMO_ADOPTED_ROUND.facilitator);
		let version = await findFirst(
			admin,
			'doc_versions',
			admin.filter('document = {:d} && kind = "named" && name = {:n}', {
				d: input.protocolId,
				n: DEMO_VERSION_NAME
			})
		);
		if (!version) {
			const ctx = await reviewContext(admin, input.protocolId, coordinatorId);
			version = { id: (await createNamedVersion(admin, ctx, DEMO_VERSION_NAME)).id } as RecordModel;
			created = true;
		}

		// 3. The past séance, planned by the coordinator, and the round it will decide on.
		const pastStart = parisDayAt(now, DEMO_PAST_SEANCE.daysFromNow, DEMO_PAST_SEANCE.time);
		let adopted = await roundByTitle(DEMO_ADOPTED_ROUND.title);
		if (!adopted) {
			// Opened from the protocol's section three days before the séance, with a new wording.
			const openedAt = new Date(pastStart.getTime() - 3 * DAY);
			const roundId = await startConsentRoundOnSection(
				deps(() => openedAt),
				{
					experimentId: input.experimentId,
					protocolId: input.protocolId,
					round: DEMO_ADOPTED_ROUND,
					id
				}
			);
			adopted = { id: roundId } as RecordModel;
			created = true;
		}
		const past = await getOrCreateSeance(DEMO_PAST_SEANCE, pastStart);
		const pastItems = await agenda(past, DEMO_PAST_SEANCE, (s) => s.link.round === adopted.id);
		if (await takeAttendance(past, DEMO_PAST_SEANCE.attendance)) created = true;

		// 4. The séance is held: items in turn, the round decided at its item, then closed.
		if (await holdSeance(past.id)) created = true;
		const decision = (await admin
			.collection('decisions')
			.getFirstListItem(admin.filter('round = {:r}', { r: adopted.id }))) as DecisionsRecord;
		if (await ensureWriteBack(decision, adopted.id)) created = true;
		if (await writeNotes(past, pastItems)) created = true;
		if (await addActions(past, pastItems, decision.id)) created = true;
		const pastNow = (await admin.collection('seances').getOne(past.id)) as SeancesRecord;
		if (!pastNow.minutes_document) {
			await live();
			const result = await generateMinutes(admin, {
				experimentId: input.experimentId,
				seanceId: past.id,
				userId: coordinatorId,
				access: { role: 'coordinator', orgRole: null, archived: false },
				locale: 'fr',
				labels: recordLabels(),
				replace: false
			});
			if (!result.ok) throw new Error(`could not generate the demo minutes: ${result.error}`);
			created = true;
		}

		// 5. The round open now: started two days ago, in its objection round, some positions given.
		let open = await roundByTitle(DEMO_OPEN_ROUND.title);
		if (!open) {
			const openedAt = new Date(now.getTime() - 2 * DAY);
			const roundId = await startConsentRoundOnSection(
				deps(() => openedAt),
				{
					experimentId: input.experimentId,
					protocolId: input.protocolId,
					round: DEMO_OPEN_ROUND,
					id
				}
			);
			open = { id: roundId } as RecordModel;
			created = true;
		}
		if (await bringOpenRound(open.id, new Date(now.getTime() - 2 * DAY + 10 * MINUTE)))
			created = true;

		// 6. The next séance, its agenda suggested from the work, its invitations sent.
		const nextStart = parisDayAt(now, DEMO_NEXT_SEANCE.daysFromNow, DEMO_NEXT_SEANCE.time);
		const next = await getOrCreateSeance(DEMO_NEXT_SEANCE, nextStart, true);
		await agenda(next, DEMO_NEXT_SEANCE, () => true);

		return {
			created,
			adoptedRoundId: adopted.id,
			decisionId: decision.id,
			openRoundId: open.id,
			versionId: version.id,
			pastSeanceId: past.id,
			nextSeanceId: next.id
		};
	} finally {
		if (collab) {
			await (collab as CollabServer).close();
			provideServerServices({ liveDocuments: null });
		}
	}

	// --- steps -----------------------------------------------------------------------------

	/** What the "Nouvelle proposition" form does with a protocol section and a new wording. */
	async function startConsentRoundOnSection(
		d: WritebackDeps,
		args: {
			experimentId: string;
			protocolId: string;
			round: {
				title: string;
				heading: string;
				facilitator: string;
				proposer: string;
				participants: readonly string[];
				proposed: string;
			};
			id: (email: string) => string;
		}
	): Promise<string> {
		await live();
		const documents = await sourceDocuments(admin, args.experimentId);
		const section = documents
			.find((doc) => doc.id === args.protocolId)
			?.sections.find((s) => s.heading === args.round.heading);
		if (!section) throw new Error(`the demo protocol has no section « ${args.round.heading} »`);
		return startConsentRound(d, {
			experimentId: args.experimentId,
			userId: args.id(args.round.facilitator),
			title: args.round.title,
			source: { documentId: args.protocolId, index: section.index, heading: section.heading },
			text: args.round.proposed,
			proposerId: args.id(args.round.proposer),
			participants: args.round.participants.map(args.id)
		});
	}

	/** What "Nouvelle séance" does: created by the facilitator with their own client. */
	async function getOrCreateSeance(
		plan: typeof DEMO_PAST_SEANCE | typeof DEMO_NEXT_SEANCE,
		startsAt: Date,
		invite = false
	): Promise<SeancesRecord> {
		const found = await seanceByTitle(plan.title);
		if (found) return found as unknown as SeancesRecord;
		const pb = await signIn(plan.facilitator);
		const record = await pb.collection('seances').create({
			title: plan.title,
			starts_at: startsAt.toISOString(),
			duration_minutes: plan.durationMinutes,
			place: plan.place,
			visio_url: plan.visioUrl,
			quorum: plan.quorum,
			facilitator: id(plan.facilitator),
			secretary: id(plan.secretary),
			invitees: (await experimentMembers(admin, input.experimentId)).map((m) => m.id),
			experiment: input.experimentId,
			status: 'planned',
			attendance: {},
			created_by: id(plan.facilitator)
		});
		created = true;
		// Invitations are sent for the séance to come; the past one's went out long ago.
		if (invite)
			await sendInvitations(admin, {
				seanceId: record.id,
				before: null,
				actorId: id(plan.facilitator),
				origin
			});
		return record as unknown as SeancesRecord;
	}

	/**
	 * The agenda, built once in one batch as the facilitator would: the plan's own items around
	 * the items suggested from the work that `pick` keeps (the same rows "Ajouter à l'ordre du
	 * jour" writes).
	 */
	async function agenda(
		seance: SeancesRecord,
		plan: { facilitator: string; before?: readonly DemoItem[]; after: readonly DemoItem[] },
		pick: (s: Awaited<ReturnType<typeof agendaSuggestions>>[number]) => boolean
	): Promise<SeanceItemsRecord[]> {
		const pb = await signIn(plan.facilitator);
		const existing = await itemsOf(pb, seance.id);
		if (existing.length > 0) return existing;
		const suggested = (
			await agendaSuggestions(admin, seance, { rounds: [], decisions: [], minutesOf: [] })
		).filter(pick);
		const rows: Record<string, unknown>[] = [
			...(plan.before ?? []).map(ownItem),
			...suggested.map((s) => ({
				title: suggestionTitle(s).slice(0, 300),
				title_reason: s.reason,
				title_subject: s.subject.slice(0, 2000),
				title_count: s.count ?? 0,
				duration_minutes: s.durationMinutes,
				kind: s.kind,
				round: s.link.round ?? '',
				decision: s.link.decision ?? '',
				minutes_of: s.link.minutesOf ?? ''
			})),
			...plan.after.map(ownItem)
		];
		const batch = pb.createBatch();
		rows.forEach((row, position) =>
			batch.collection('seance_items').create({ ...row, seance: seance.id, position })
		);
		await batch.send();
		created = true;
		return itemsOf(pb, seance.id);
	}

	function ownItem(item: DemoItem): Record<string, unknown> {
		return { title: item.title, duration_minutes: item.durationMinutes, kind: item.kind };
	}

	async function takeAttendance(
		seance: SeancesRecord,
		attendance: Record<string, string>
	): Promise<boolean> {
		const current = (seance.attendance ?? {}) as Record<string, string>;
		if (Object.keys(current).length > 0) return false;
		const pb = await signIn(DEMO_PAST_SEANCE.facilitator);
		const byId = Object.fromEntries(Object.entries(attendance).map(([e, s]) => [id(e), s]));
		await pb.collection('seances').update(seance.id, { attendance: byId });
		return true;
	}

	/**
	 * Runs the séance from where it stands: opens it at its start, moves from item to item at
	 * their planned times, decides the round at its item, closes it.
	 */
	async function holdSeance(seanceId: string): Promise<boolean> {
		const pb = await signIn(DEMO_PAST_SEANCE.facilitator);
		let changed = false;
		for (let step = 0; step < 20; step++) {
			const seance = (await pb.collection('seances').getOne(seanceId)) as SeancesRecord;
			if (seance.status === 'closed') return changed;
			const items = await itemsOf(pb, seanceId);
			const start = pbInstant(seance.starts_at).getTime();
			// Each item starts when the ones before it planned to end.
			const startOf = (index: number) =>
				start +
				items.slice(0, index).reduce((sum, item) => sum + (item.duration_minutes ?? 0), 0) * MINUTE;
			const index = items.findIndex((item) => item.id === seance.current_item);
			const current = items[index];
			if (current?.round && (await decideAdoptedRound(current.round, new Date(startOf(index)))))
				changed = true;
			const command =
				seance.status === 'planned' ? 'start' : index + 1 < items.length ? 'next' : 'close';
			const at = command === 'start' ? start : startOf(index + 1);
			const result = await runSeance(
				pb,
				seance,
				items,
				command,
				seance.current_item ?? '',
				new Date(at)
			);
			if (!result.ok) throw new Error(`could not run the demo séance: ${result.error}`);
			changed = true;
		}
		throw new Error('the demo séance did not close');
	}

	/**
	 * The round of the past séance, taken from where it stands to its adoption: presentation,
	 * a written question answered, reactions, the objection round (an objection), integration
	 * (the proposer's amendment), the second objection round (consent with concerns), adoption.
	 */
	async function decideAdoptedRound(roundId: string, itemStart: Date): Promise<boolean> {
		const plan = DEMO_ADOPTED_ROUND;
		let clock = itemStart.getTime();
		const tick = () => new Date((clock += MINUTE));
		const d = deps(() => new Date(clock));
		const facilitator = id(plan.facilitator);
		const proposer = id(plan.proposer);
		const run = async (who: string, body: Record<string, unknown>) => {
			tick();
			await applyCommand(d, { roundId, userId: who, body });
		};
		let changed = false;
		for (let step = 0; step < 40; step++) {
			const record = await loadRound(admin, roundId);
			if (record.closed) return changed;
			await live();
			const state = record.state as ConsentRound;
			changed = true;
			switch (state.phase) {
				case 'clarification': {
					const question = (state.inputs ?? [])[0];
					if (!question)
						await run(id(plan.question.who), { type: 'record_input', text: plan.question.text });
					else if (!question.answer)
						await run(proposer, {
							type: 'answer_input',
							inputId: question.id,
							text: plan.question.answer
						});
					else await run(facilitator, { type: 'advance' });
					break;
				}
				case 'objections': {
					const positions = state.objectionRound === 1 ? plan.firstPositions : plan.secondPositions;
					const missing = positions.find(
						(p) => !state.positions.some((given) => given.participantId === id(p.who))
					);
					if (missing) await run(id(missing.who), positionBody(missing));
					else if (state.objections.some((o) => o.status === 'open'))
						await run(facilitator, { type: 'advance' });
					else
						await run(facilitator, {
							type: 'adopt',
							reviewDate: addMonths(instantToParis(new Date(clock)).date, plan.reviewMonths)
						});
					break;
				}
				case 'integration': {
					const amended = state.versions.some((v) => v.text === plan.amended);
					const latest = state.versions[state.versions.length - 1]!.number;
					const standing = state.objections.find((o) => o.status === 'open');
					if (!amended) await run(proposer, { type: 'amend', text: plan.amended });
					else if (standing)
						await run(facilitator, {
							type: 'integrate_objection',
							objectionId: standing.id,
							version: latest
						});
					else await run(facilitator, { type: 'advance' });
					break;
				}
				default:
					// presentation, reactions, amendment: the facilitator moves on.
					await run(facilitator, { type: 'advance' });
			}
		}
		throw new Error('the demo round did not conclude');
	}

	/** The open round: to its objection round, then the positions already given. */
	async function bringOpenRound(roundId: string, from: Date): Promise<boolean> {
		let clock = from.getTime();
		const d = deps(() => new Date(clock));
		let changed = false;
		for (let step = 0; step < 20; step++) {
			const record = await loadRound(admin, roundId);
			if (record.closed) return changed;
			const state = record.state as ConsentRound;
			const run = async (who: string, body: Record<string, unknown>) => {
				clock += 2 * 60 * MINUTE;
				await live();
				await applyCommand(d, { roundId, userId: who, body });
				changed = true;
			};
			if (state.phase !== 'objections') {
				await run(id(DEMO_OPEN_ROUND.facilitator), { type: 'advance' });
				continue;
			}
			const missing = DEMO_OPEN_ROUND.positions.find(
				(p) => !state.positions.some((given) => given.participantId === id(p.who))
			);
			if (!missing) return changed;
			await run(id(missing.who), positionBody(missing));
		}
		throw new Error('the demo open round did not reach its objection round');
	}

	/** The adopted text is written back right after adoption; this takes a failed one on again. */
	async function ensureWriteBack(decision: DecisionsRecord, roundId: string): Promise<boolean> {
		const done = await findFirst(
			admin,
			'decision_writebacks',
			admin.filter('decision = {:d}', { d: decision.id })
		);
		if (done) return false;
		await live();
		const round: RoundRecord = await loadRound(admin, roundId);
		await writeBack(
			deps(() => now),
			{ decision, round, userId: null }
		);
		return true;
	}

	/** The secretary's notes, item by item, in the séance's live notes document. */
	async function writeNotes(seance: SeancesRecord, items: SeanceItemsRecord[]): Promise<boolean> {
		const notesId = await ensureSeanceNotes(admin, seance);
		const planned: readonly DemoItem[] = [...DEMO_PAST_SEANCE.before, ...DEMO_PAST_SEANCE.after];
		const notesOf = (item: SeanceItemsRecord) =>
			item.round ? DEMO_PAST_SEANCE.roundNotes : planned.find((p) => p.title === item.title)?.notes;
		const stored = new Y.Doc();
		Y.applyUpdate(stored, await storedDocumentState(admin, notesId));
		const blank = items.filter(
			(item) => notesOf(item) && stored.getXmlFragment(notesField(item.id)).length === 0
		);
		stored.destroy();
		if (blank.length === 0) return false;
		const change = await (
			await live()
		).change(notesId, (ydoc) => {
			let wrote = false;
			items.forEach((item) => {
				const text = notesOf(item);
				const fragment = ydoc.getXmlFragment(notesField(item.id));
				if (!text || fragment.length > 0) return;
				fragment.insert(0, blocksOf(text));
				wrote = true;
			});
			return wrote;
		});
		return change.changed;
	}

	/** The actions decided in the séance, as its page creates them. */
	async function addActions(
		seance: SeancesRecord,
		items: SeanceItemsRecord[],
		decisionId: string
	): Promise<boolean> {
		const pb = await signIn(DEMO_PAST_SEANCE.facilitator);
		const actionsItem = items.find((i) => i.kind === 'actions');
		let changed = false;
		for (const action of DEMO_PAST_SEANCE.actions) {
			const found = await findFirst(
				admin,
				'follow_ups',
				`${experiment} && ${admin.filter('what = {:w}', { w: action.what })}`
			);
			if (found) continue;
			await pb.collection('follow_ups').create({
				experiment: input.experimentId,
				what: action.what,
				owner: id(action.owner),
				due_date: instantToParis(new Date(now.getTime() + action.dueInDays * DAY)).date,
				status: action.status,
				seance: seance.id,
				seance_item: actionsItem?.id ?? '',
				decision: action.fromDecision ? decisionId : '',
				created_by: id(DEMO_PAST_SEANCE.facilitator)
			});
			changed = true;
		}
		return changed;
	}
}

async function itemsOf(pb: PocketBase, seanceId: string): Promise<SeanceItemsRecord[]> {
	return (await pb.collection('seance_items').getFullList({
		filter: pb.filter('seance = {:s}', { s: seanceId }),
		sort: 'position'
	})) as unknown as SeanceItemsRecord[];
}

function positionBody(position: DemoPosition): Record<string, unknown> {
	return { type: 'record_position', kind: position.kind, text: position.text };
}

/** Deletes the empty paragraph right after the heading that reads `heading`, if there is one. */
function dropPromptParagraph(fragment: Y.XmlFragment, heading: string): void {
	const blocks = fragment.toArray();
	const at = blocks.findIndex(
		(block) =>
			block instanceof Y.XmlElement &&
			block.nodeName === 'heading' &&
			block
				.toArray()
				.map((t) => (t instanceof Y.XmlText ? t.toString() : ''))
				.join('') === heading
	);
	const next = blocks[at + 1];
	if (at >= 0 && next instanceof Y.XmlElement && next.nodeName === 'paragraph' && next.length === 0)
		fragment.delete(at + 1, 1);
}

/** Notes as the notes editor writes them: a paragraph per line, "- " lines as a bullet list. */
function blocksOf(text: string): Y.XmlElement[] {
	const paragraph = (value: string) => {
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText(value)]);
		return p;
	};
	// Runs of lines: a paragraph each, or consecutive "- " lines gathered into one list.
	const runs: string[][] = [];
	for (const line of text.split('\n')) {
		const previous = runs.at(-1);
		if (line.startsWith('- ') && previous?.[0]?.startsWith('- ')) previous.push(line);
		else runs.push([line]);
	}
	return runs.map((run) => {
		if (!run[0]!.startsWith('- ')) return paragraph(run[0]!);
		const list = new Y.XmlElement('bulletList');
		list.insert(
			0,
			run.map((line) => {
				const item = new Y.XmlElement('listItem');
				item.insert(0, [paragraph(line.slice(2))]);
				return item;
			})
		);
		return list;
	});
}

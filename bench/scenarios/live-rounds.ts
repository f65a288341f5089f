/**
 * S8 (Trame only): a consent round's phase or speaker changes and reaches every participant's
 * screen. N participants follow the round as the round page does (RoundClient): their view loaded
 * with the page, one event stream `GET /api/live?topic=round:<id>` each, with their own session
 * cookie, and on each `round.changed` event the same decision as the browser's
 * (roundChangeStep): show the view it carries, else refetch their own (`GET /rounds/<id>/view`,
 * coalesced), as on every (re)connection. The facilitator sends the changes through the endpoint
 * the console's buttons call (`POST /rounds/<id>/events`): open the phase, start its go-around,
 * move the turn on, next phase.
 *
 * Measured per change and participant, from the facilitator's request being sent:
 * - notice: the `round.changed` event of that revision is read from the participant's stream;
 * - screen: the participant's view shows that revision (what their screen displays): the pushed
 *   view once parsed, or the refetched one.
 * Users, experiment and memberships are seeded through PocketBase's API; everyone signs in
 * through the sign-in form; the round is opened through the proposal form's action.
 */
import { randomBytes } from 'node:crypto';
import { ROUND_CHANGED, roundChangeStep, roundTopic } from '../../src/lib/live/round-events';
import type { RoundView } from '../../src/lib/server/governance/view';
import type { AppServer } from '../lib/app';
import { FORM_POST_HEADERS, signIn } from '../lib/app';
import { BENCH_PASSWORD } from '../lib/fixture';
import { CpuMeter, pidsWithArgument } from '../lib/proc';
import { openEventStream, type SseConnection } from '../lib/sse';
import { round, sleep, summarize, type Summary } from '../lib/stats';

export interface LiveRoundsResult {
	participants: number;
	changes: number;
	/** Change sent → `round.changed` read by each participant (changes × participants samples). */
	notice: Summary;
	/** Change sent → each participant's view shows it (pushed, or refetched). */
	screen: Summary;
	/** The facilitator's request round trip (applied and stored). */
	action: Summary;
	/** (change, participant) pairs with no notice within the wait. */
	missed: number;
	/** Views refetched during the changes (0 when every event carried its recipient's view). */
	refetches: number;
	/** Share of one core during the changes: the Trame process, and PocketBase. */
	serverCpu: number;
	pocketbaseCpu: number;
}

/** Wait for every participant after each change (beyond it, the pair counts as missed). */
const CHANGE_TIMEOUT_MS = 10_000;
/** Pause between changes: a facilitator clicks every few seconds, not back to back. */
const GAP_MS = 150;

interface Follower {
	/** What the participant's screen shows (RoundClient.view). */
	shown: RoundView;
	/** revision → when its notice was read / when a view at least that new was shown. */
	noticeAt: Map<number, number>;
	screenAt: Map<number, number>;
	/** A refetch is under way; how many were sent. */
	fetching: boolean;
	refetches: number;
}

/** RoundClient.#accept: never backwards; a view of revision r marks every revision ≤ r shown. */
function show(follower: Follower, view: RoundView, at: number) {
	if (view.revision < follower.shown.revision) return;
	follower.shown = view;
	for (const revision of follower.noticeAt.keys())
		if (revision <= view.revision && !follower.screenAt.has(revision))
			follower.screenAt.set(revision, at);
}

/** The facilitator's clicks: advance to a go-around phase, start its go-around, each turn. */
function* changePlan(participantIds: readonly string[]): Generator<Record<string, unknown>> {
	for (let phase = 0; phase < 2; phase++) {
		yield { type: 'advance' }; // présentation → clarification, then → réactions
		yield { type: 'start_go_around', order: [...participantIds], turnSeconds: 120 };
		for (let turn = 0; turn < participantIds.length; turn++) yield { type: 'next_speaker' };
	}
}

export const maxLiveChanges = (participants: number) => 2 * (participants + 2);

export async function runLiveRounds(
	app: AppServer,
	participants: number,
	changes: number
): Promise<LiveRoundsResult> {
	if (changes > maxLiveChanges(participants))
		throw new Error(`S8: at most ${maxLiveChanges(participants)} changes for ${participants}`);
	const { pb, url } = app;
	const tag = randomBytes(4).toString('hex');
	const facilitatorEmail = `facilitator.${tag}@bench.test`;
	const facilitator = await pb.createUser({
		email: facilitatorEmail,
		password: BENCH_PASSWORD,
		name: 'Facilitatrice'
	});
	// Created with the facilitator as owner: the hooks make them coordinator (may facilitate).
	const experiment = await pb.createExperiment(facilitator.id, { title: `Tour en direct ${tag}` });
	const people: { id: string; email: string }[] = [];
	for (let i = 0; i < participants; i++) {
		const email = `participant${i}.${tag}@bench.test`;
		const user = await pb.createUser({ email, password: BENCH_PASSWORD, name: `Participant ${i}` });
		await pb.addMember(experiment.id, user.id, 'evaluator');
		people.push({ id: user.id, email });
	}
	const facilitatorCookie = await signIn(url, facilitatorEmail, BENCH_PASSWORD);
	const cookies: string[] = [];
	for (const person of people) cookies.push(await signIn(url, person.email, BENCH_PASSWORD));

	const roundId = await openRound(url, experiment.id, facilitatorCookie, people);
	const followers: Follower[] = [];
	const streams: SseConnection[] = [];
	try {
		let ready = 0;
		for (const cookie of cookies) {
			// The page's load: the view the client starts from.
			const follower: Follower = {
				shown: await fetchView(url, roundId, cookie),
				noticeAt: new Map(),
				screenAt: new Map(),
				fetching: false,
				refetches: 0
			};
			const refresh = screenRefresher(url, roundId, cookie, follower);
			const stream = await openEventStream(
				`${url}/api/live?topic=${encodeURIComponent(roundTopic(roundId))}`,
				cookie,
				(event) => {
					if (event.type === 'ready') {
						ready++;
						refresh(); // RoundClient refetches on every (re)connection
					}
					if (event.type !== ROUND_CHANGED) return;
					const data = JSON.parse(event.data) as Record<string, unknown>;
					const revision = Number(data.revision);
					if (!follower.noticeAt.has(revision)) follower.noticeAt.set(revision, event.at);
					const step = roundChangeStep(follower.shown, data);
					if (step.show) show(follower, step.show, performance.now());
					// After the other streams' pending reads: on one load-generator thread, starting
					// 30 requests first would delay the later participants' notices (browsers run
					// each participant's page apart).
					if (step.refetch) setImmediate(refresh);
				}
			);
			streams.push(stream);
			followers.push(follower);
		}
		await waitFor(() => ready === participants, CHANGE_TIMEOUT_MS, 'S8: streams not ready');
		// Let the refetches on connection finish before measuring.
		const settled = () => followers.every((f) => !f.fetching);
		await waitFor(settled, CHANGE_TIMEOUT_MS, 'S8: initial views not loaded');
		for (const f of followers) f.refetches = 0;

		const notice: number[] = [];
		const screen: number[] = [];
		const action: number[] = [];
		let missed = 0;
		const plan = changePlan(people.map((p) => p.id));
		const trameCpu = new CpuMeter(app.server.pid);
		const pbPid = pidsWithArgument(pb.dataDir).find((pid) => pid !== process.pid);
		const pbCpu = pbPid ? new CpuMeter(pbPid) : null;
		for (let k = 0; k < changes; k++) {
			const command = plan.next().value as Record<string, unknown>;
			const sent = performance.now();
			const response = await fetch(`${url}/rounds/${roundId}/events`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie: facilitatorCookie, origin: url },
				body: JSON.stringify(command)
			});
			const body = (await response.json()) as { revision?: number; error?: string };
			action.push(performance.now() - sent);
			if (!response.ok || typeof body.revision !== 'number')
				throw new Error(`S8: ${String(command.type)} answered ${response.status} ${body.error}`);
			const revision = body.revision;
			const done = () => followers.every((f) => f.screenAt.has(revision));
			await waitFor(done, CHANGE_TIMEOUT_MS, null);
			for (const f of followers) {
				const n = f.noticeAt.get(revision);
				const s = f.screenAt.get(revision);
				if (n === undefined) missed++;
				else notice.push(n - sent);
				if (s !== undefined) screen.push(s - sent);
			}
			await sleep(GAP_MS);
		}
		return {
			participants,
			changes,
			notice: summarize(notice),
			screen: summarize(screen),
			action: summarize(action),
			missed,
			refetches: followers.reduce((sum, f) => sum + f.refetches, 0),
			serverCpu: round(trameCpu.share(), 3),
			pocketbaseCpu: pbCpu ? round(pbCpu.share(), 3) : Number.NaN
		};
	} finally {
		for (const stream of streams) stream.close();
		await Promise.all(streams.map((stream) => stream.ended));
	}
}

/** The proposal form's action (`?/consent`), as the browser posts it; returns the round's id. */
async function openRound(
	url: string,
	experimentId: string,
	cookie: string,
	people: readonly { id: string }[]
): Promise<string> {
	const form = new URLSearchParams({
		title: 'Charte du banc d’essai',
		section: '',
		source: '',
		text: 'Proposition soumise au consentement pendant la mesure.',
		proposer: people[0]!.id
	});
	for (const person of people) form.append('participants', person.id);
	const response = await fetch(`${url}/experiences/${experimentId}/decisions/nouvelle?/consent`, {
		method: 'POST',
		redirect: 'manual',
		headers: { ...FORM_POST_HEADERS, origin: url, cookie },
		body: form
	});
	await response.arrayBuffer();
	const match = /^\/rounds\/([a-z0-9]{15})$/.exec(response.headers.get('location') ?? '');
	if (response.status !== 303 || !match)
		throw new Error(`S8: opening the round answered ${response.status}`);
	return match[1]!;
}

async function fetchView(url: string, roundId: string, cookie: string): Promise<RoundView> {
	const response = await fetch(`${url}/rounds/${roundId}/view`, { headers: { cookie } });
	if (!response.ok) throw new Error(`S8: the view answered ${response.status}`);
	return (await response.json()) as RoundView;
}

/** RoundClient.refresh(): one view request at a time, one more if notices came in meanwhile. */
function screenRefresher(url: string, roundId: string, cookie: string, follower: Follower) {
	let again = false;
	const run = async () => {
		follower.fetching = true;
		try {
			do {
				again = false;
				follower.refetches++;
				const response = await fetch(`${url}/rounds/${roundId}/view`, { headers: { cookie } });
				const view = (await response.json()) as RoundView;
				if (response.ok) show(follower, view, performance.now());
			} while (again);
		} finally {
			follower.fetching = false;
		}
	};
	return () => {
		if (follower.fetching) again = true;
		else void run().catch(() => undefined);
	};
}

async function waitFor(check: () => boolean, timeoutMs: number, failure: string | null) {
	const start = performance.now();
	while (!check()) {
		if (performance.now() - start > timeoutMs) {
			if (failure) throw new Error(failure);
			return;
		}
		await sleep(2);
	}
}

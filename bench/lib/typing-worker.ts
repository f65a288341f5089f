/**
 * A share of the simulated browsers of a typing run, in their own worker thread (own V8 heap, own
 * event loop): see bench/lib/spread-typing.ts. Each client types on its own schedule and every
 * remote update a client applies is recorded with its times; the main thread joins the records.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { connectCollabClient } from '../../tests/support/collab-client';
import { typistFor, type TypistSpec } from './typists';
import { everyPeriodStaggered } from './staggered';

export interface TypingWorkerData {
	wsUrl: string;
	room: string;
	/** The run's client indices this worker simulates, and their session tokens. */
	indices: number[];
	tokens: string[];
	spec: TypistSpec;
	charsPerSecond: number;
	saveRequests: boolean;
}

/** One remote update applied by one client (epoch ms; busy: this worker's cumulative Yjs ms). */
export interface AppliedUpdate {
	/** Which of this worker's clients (its doc's clientID). */
	receiver: number;
	applying: number;
	applied: number;
	busyAtApplying: number;
	/** Per sender clientID, the clock the update brings it to. */
	to: [number, number][];
}

export interface WorkerRecords {
	/** Per sending clientID: the clock after each keystroke and its time (epoch ms). */
	sends: { client: number; clocks: number[]; times: number[] }[];
	updates: AppliedUpdate[];
	/** (epoch ms, cumulative busy ms) after each transaction group of any client here. */
	busyTimes: number[];
	busyValues: number[];
	durable: number[];
	updateBytes: number;
	keystrokes: number;
	reopens: number;
	finalDocBytes: number;
}

export type ToWorker =
	| { type: 'start' }
	| { type: 'stop' }
	| { type: 'drain'; targets: [number, number][]; timeoutMs: number };
export type FromWorker =
	| { type: 'ready' }
	| { type: 'stopped'; clocks: [number, number][] }
	| { type: 'records'; records: WorkerRecords };

const data = workerData as TypingWorkerData;
const port = parentPort!;
const epoch = () => performance.timeOrigin + performance.now();

const clients = data.indices.map((index, k) => {
	const client = connectCollabClient({
		wsUrl: data.wsUrl,
		documentId: data.room,
		token: data.tokens[k]!,
		bearer: true
	});
	let opens = 0;
	client.provider.on('status', ({ status }: { status: string }) => {
		if (status === 'connected') opens++;
	});
	return { index, client, opens: () => opens };
});
await Promise.all(clients.map((c) => c.client.synced()));
const typist = typistFor(data.spec);
const texts = clients.map((c) => typist.paragraph(c.client.doc, c.index));

let recording = false;
let collecting = false;
let busy = 0;
let updateBytes = 0;
let keystrokes = 0;
const busyTimes: number[] = [];
const busyValues: number[] = [];
const updates: AppliedUpdate[] = [];
const sends = clients.map((c) => ({
	client: c.client.doc.clientID,
	clocks: [] as number[],
	times: [] as number[]
}));
const durable: number[] = [];
const saves: Promise<unknown>[] = [];

for (const { client } of clients) {
	const doc = client.doc;
	let applying = 0;
	let allStart = 0;
	let busyBefore = 0;
	doc.on('beforeTransaction', (transaction: Y.Transaction) => {
		if (!transaction.local) applying = epoch();
	});
	doc.on('beforeAllTransactions', () => {
		allStart = performance.now();
		busyBefore = busy;
	});
	doc.on('afterAllTransactions', () => {
		busy += performance.now() - allStart;
		if (collecting) {
			busyTimes.push(epoch());
			busyValues.push(busy);
		}
	});
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin === null || origin === undefined) {
			if (recording) updateBytes += update.byteLength;
			return;
		}
		if (!collecting) return;
		const applied = epoch();
		const { to } = Y.parseUpdateMeta(update);
		updates.push({
			receiver: doc.clientID,
			applying,
			applied,
			busyAtApplying: busyBefore,
			to: [...to.entries()]
		});
	});
}

let timers: (() => void)[] = [];
const period = 1000 / data.charsPerSecond;

port.on('message', async (message: ToWorker) => {
	if (message.type === 'start') {
		recording = true;
		collecting = true;
		timers = clients.map(({ client, index }, k) => {
			let n = 0;
			const tick = () => {
				typist.type(texts[k]!, n++, index);
				keystrokes++;
				const send = sends[k]!;
				send.clocks.push(Y.getState(client.doc.store, client.doc.clientID));
				send.times.push(epoch());
				if (data.saveRequests) {
					const start = performance.now();
					saves.push(
						client.save(20_000).then(
							() => durable.push(performance.now() - start),
							() => durable.push(Number.POSITIVE_INFINITY)
						)
					);
				}
			};
			// Staggered starts: editors do not type in lockstep.
			return everyPeriodStaggered(tick, period);
		});
	} else if (message.type === 'stop') {
		for (const stop of timers) stop();
		recording = false;
		port.postMessage({
			type: 'stopped',
			clocks: clients.map(({ client }) => [
				client.doc.clientID,
				Y.getState(client.doc.store, client.doc.clientID)
			])
		} satisfies FromWorker);
	} else if (message.type === 'drain') {
		// Every keystroke of every worker's clients reached each client here, or the timeout.
		const deadline = performance.now() + message.timeoutMs;
		const arrived = () =>
			clients.every(({ client }) =>
				message.targets.every(
					([sender, clock]) =>
						sender === client.doc.clientID || Y.getState(client.doc.store, sender) >= clock
				)
			);
		while (!arrived() && performance.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		collecting = false;
		await Promise.all(saves);
		const records: WorkerRecords = {
			sends,
			updates,
			busyTimes,
			busyValues,
			durable,
			updateBytes,
			keystrokes,
			reopens: clients.reduce((sum, c) => sum + Math.max(0, c.opens() - 1), 0),
			finalDocBytes: Y.encodeStateAsUpdate(clients[0]!.client.doc).byteLength
		};
		for (const { client } of clients) client.destroy();
		port.postMessage({ type: 'records', records } satisfies FromWorker);
	}
});
port.postMessage({ type: 'ready' } satisfies FromWorker);

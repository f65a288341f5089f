/**
 * S7: N users moving their cursor at 5 Hz (awareness updates carrying the send time): cursor
 * latency to every other client, and the server's CPU share of one core.
 */
import { connectLoadClient, type LoadClient, type Target } from '../lib/clients';
import { CpuMeter } from '../lib/proc';
import { sleep, summarize, round, type Summary } from '../lib/stats';

export interface PresenceResult {
	users: number;
	latency: Summary;
	serverCpu: number;
}

export async function runPresence(
	target: Target,
	room: string,
	users: number,
	seconds: number,
	hz = 5
): Promise<PresenceResult> {
	const clients: LoadClient[] = [];
	for (let i = 0; i < users; i++) clients.push(connectLoadClient(target, room, i));
	await Promise.all(clients.map((c) => c.synced()));
	const samples: number[] = [];
	let recording = false;
	for (const client of clients) {
		client.awareness.on(
			'change',
			({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
				if (!recording || origin === 'local') return;
				const now = performance.now();
				const states = client.awareness.getStates();
				for (const id of [...added, ...updated]) {
					if (id === client.awareness.clientID) continue;
					const sent = (states.get(id)?.cursor as { t?: number } | undefined)?.t;
					if (typeof sent === 'number') samples.push(now - sent);
				}
			}
		);
	}
	await sleep(500);
	const cpu = new CpuMeter(target.server.pid);
	recording = true;
	const period = 1000 / hz;
	const timers = clients.map((client, i) => {
		let n = 0;
		let interval: ReturnType<typeof setInterval> | undefined;
		const move = () =>
			client.awareness.setLocalStateField('cursor', {
				anchor: (i * 37 + n) % 500,
				head: (i * 37 + n++) % 500,
				t: performance.now()
			});
		const first = setTimeout(() => {
			move();
			interval = setInterval(move, period);
		}, Math.random() * period);
		return () => {
			clearTimeout(first);
			if (interval) clearInterval(interval);
		};
	});
	await sleep(seconds * 1000);
	for (const stop of timers) stop();
	const serverCpu = cpu.share();
	await sleep(500); // the last moves' deliveries
	recording = false;
	for (const c of clients) c.destroy();
	return { users, latency: summarize(samples), serverCpu: round(serverCpu, 3) };
}

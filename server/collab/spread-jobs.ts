/**
 * Background jobs of many documents that come due together run one per turn of the event loop.
 * Their debounce timers expire in one pass of Node's timers when hundreds of documents stop
 * changing at once (the end of a workshop, a bench ramp): the search text, change log and
 * automatic versions of each then ran back to back, 140–320 ms without reading a socket (S9's
 * profiles). Queued here, sockets are served between two jobs; a job still starts within the
 * same millisecond when it is alone.
 */

const queue: (() => void)[] = [];
let draining = false;

/** Runs `job` on a later turn of the event loop, after the jobs queued before it. */
export function runSpread(job: () => void): void {
	queue.push(job);
	if (draining) return;
	draining = true;
	setImmediate(drain);
}

function drain(): void {
	const job = queue.shift();
	if (queue.length > 0) setImmediate(drain);
	else draining = false;
	job?.();
}

/**
 * Preload for profiling a server under bench load (`--cpu-prof` is refused in NODE_OPTIONS):
 *   NODE_OPTIONS="--import ./bench/lib/cpu-profile.mjs" BENCH_PROFILE_SECONDS=30 BENCH_PROFILE_FILE=/tmp/x.cpuprofile
 * (`%p` in the file name: the process id, for several instances.)
 * Starts the V8 profiler at once and writes the profile on SIGTERM (or after BENCH_PROFILE_SECONDS).
 */
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

const session = new Session();
session.connect();
const post = (method, params) =>
	new Promise((resolve, reject) =>
		session.post(method, params, (error, result) => (error ? reject(error) : resolve(result)))
	);
await post('Profiler.enable');
await post('Profiler.setSamplingInterval', { interval: 200 });
// The profile's clock is monotonic: its start as epoch ms, to line it up with traces.
const startEpochMs = performance.timeOrigin + performance.now();
await post('Profiler.start');
let written = false;
const write = async () => {
	if (written) return;
	written = true;
	const { profile } = await post('Profiler.stop');
	writeFileSync(
		(process.env.BENCH_PROFILE_FILE ?? 'bench-%p.cpuprofile').replace('%p', String(process.pid)),
		JSON.stringify({ ...profile, startEpochMs })
	);
};
// On SIGTERM (before the server's own handler exits), or after BENCH_PROFILE_SECONDS.
process.prependListener('SIGTERM', () => void write());
setTimeout(write, Number(process.env.BENCH_PROFILE_SECONDS ?? 600) * 1000).unref();

/**
 * `npm run bench -- [--quick] [--only S1,S2,S2D,S3,S3B,S4,S5,S6,S7,S8,S9,S10,IMPORT,BUNDLE] [--servers trame,plain,hocuspocus,hocuspocus-redis]`
 * (also `--editors 10,50`, `--presence 50`, `--sug-pairs 3`, `--sug-no-control`, `--sug-baseline`, `--sug-per-worker 10`, `--sug-observers 10`)
 * (S3B = S3 in Chromium; S2D = durable ack FULL vs NORMAL; S9 = cluster, needs redis-server and
 * haproxy; S10 = a 5 MB image pasted → seen by a peer; IMPORT = a 50-page DOCX imported; S3B, S8,
 * S10 and IMPORT need `npm run build`.)
 */
import { CONFIGS } from './lib/config';
import { SERVER_KINDS, type ServerKind } from './lib/servers';
import { runBench } from './run';

const args = process.argv.slice(2);
const option = (name: string) => {
	const index = args.indexOf(name);
	return index >= 0 ? args[index + 1] : undefined;
};
const mode = args.includes('--quick') ? 'quick' : args.includes('--tiny') ? 'tiny' : 'full';
const only = option('--only');
const servers = option('--servers');
const unknown = servers?.split(',').filter((kind) => !SERVER_KINDS.includes(kind as ServerKind));
if (unknown?.length) {
	console.error(`--servers: unknown ${unknown.join(', ')} (known: ${SERVER_KINDS.join(', ')})`);
	process.exit(2);
}
const label = option('--label');
/** `--build-output <dir>`: SvelteKit output weighed by BUNDLE (default .svelte-kit/output). */
const buildOutput = option('--build-output');
/** `--trame-env KEY=VALUE,KEY2=VALUE2`: tunables for before/after comparisons. */
const trameEnv = option('--trame-env');

/** `--editors 50,100`: override the typing sizes (profiling, before/after figures). */
const editors = option('--editors');
/** `--presence 20,50,100`: override S7's sizes (the full run has 20, 50, 100; quick only 50). */
const presence = option('--presence');
/** `--sug-pairs 5`: SUG's alternated normal/suggestion pairs per size (default 3). */
const sugPairs = option('--sug-pairs');
/** `--sug-per-worker 10`: SUG's simulated browsers per worker thread (0: one thread, as before). */
const sugPerWorker = option('--sug-per-worker');
/** `--sug-observers 10`: SUG's measured browsers, the others only type (0: all, as before). */
const sugObservers = option('--sug-observers');
const config = {
	...CONFIGS[mode],
	...(editors ? { typingEditors: editors.split(',').map(Number) } : {}),
	...(presence ? { presenceUsers: presence.split(',').map(Number) } : {}),
	...(sugPairs ? { suggestPairs: Number(sugPairs) } : {}),
	...(args.includes('--sug-no-control') ? { suggestControl: false } : {}),
	...(args.includes('--sug-baseline') ? { suggestBaseline: true } : {}),
	...(sugPerWorker !== undefined ? { suggestPerWorker: Number(sugPerWorker) } : {}),
	...(sugObservers !== undefined ? { suggestObservers: Number(sugObservers) } : {})
};

const results = await runBench({
	config,
	only: only ? new Set(only.split(',')) : undefined,
	servers: servers ? (servers.split(',') as ServerKind[]) : undefined,
	label,
	buildOutput,
	trameEnv: trameEnv
		? Object.fromEntries(
				// At the first '=': a value may hold one (NODE_OPTIONS=--flag=value).
				trameEnv
					.split(',')
					.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])
			)
		: undefined
});
const failed =
	Object.values(results.servers).some((r) => r?.error) || (results.app?.errors?.length ?? 0) > 0;
console.log(`\nbench-results/latest-${mode}${label ? `-${label}` : ''}.md written`);
process.exit(failed ? 1 : 0);

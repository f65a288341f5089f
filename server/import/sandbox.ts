/**
 * How a converter process is started: without network (a fresh network namespace with
 * `unshare --net`, or `--map-root-user --net` for a non-root user, when the kernel allows it),
 * with an address-space limit (`prlimit --as`), in its own process group so that a time limit
 * kills it and everything it started. Checked once per process.
 */
import { spawnSync } from 'node:child_process';
import { readConfig } from '../config.mjs';

export interface SandboxCommand {
	command: string;
	args: string[];
}

let isolation: string[] | null = null;

/** The `unshare` prefix that works here ([] when none does). */
export function networkIsolation(): string[] {
	if (isolation) return isolation;
	for (const prefix of [
		['unshare', '--net'],
		['unshare', '--map-root-user', '--net']
	]) {
		const probe = spawnSync(prefix[0]!, [...prefix.slice(1), 'true'], { timeout: 5_000 });
		if (probe.status === 0) return (isolation = prefix);
	}
	return (isolation = []);
}

let prlimit: boolean | null = null;

function prlimitAvailable(): boolean {
	prlimit ??= spawnSync('prlimit', ['--version'], { timeout: 5_000 }).status === 0;
	return prlimit;
}

/** Set in a converter's environment: what it starts inherits its limits (never raised). */
const INSIDE = 'TRAME_SANDBOXED';

export function sandboxed(
	command: string,
	args: readonly string[],
	limits: { addressSpaceBytes: number }
): SandboxCommand {
	// Already inside a sandbox: limits can only be lowered, and the namespace is inherited.
	if (process.env[INSIDE] === '1') return { command, args: [...args] };
	const chain = [...networkIsolation()];
	if (prlimitAvailable()) chain.push('prlimit', `--as=${limits.addressSpaceBytes}`, '--');
	chain.push(command, ...args);
	return { command: chain[0]!, args: chain.slice(1) };
}

/** Environment of a converter: nothing of the server's (no secrets, no proxy settings). */
export function converterEnv(home: string): NodeJS.ProcessEnv {
	return {
		PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
		HOME: home,
		TMPDIR: home,
		LANG: 'C.UTF-8',
		[INSIDE]: '1',
		SOFFICE_PATH: readConfig().sofficePath
	};
}

/** Kills a detached child's whole process group. */
export function killGroup(pid: number | undefined): void {
	if (!pid) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// Already gone.
	}
}

/**
 * Starts the real Trame server (`node --import tsx server/index.ts`) as a child process for
 * integration tests, so it can be stopped gracefully (SIGTERM) or killed (-9) like in production.
 * It binds port 0 unless told otherwise and reports its URL in its `server.listening` log line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface TrameServerProcessOptions {
	pbUrl: string;
	superuser: { email: string; password: string };
	/** Reuse a port (restart on the same URL); default 0 = any free port. */
	port?: number;
	origin?: string;
	/** Extra env, e.g. COLLAB_ACCESS_RECHECK_MS. */
	env?: Record<string, string>;
	startTimeoutMs?: number;
}

export interface LogLine {
	event: string;
	level: string;
	[field: string]: unknown;
}

export interface TrameServerProcess {
	/** http://127.0.0.1:<port> */
	url: string;
	/** ws://127.0.0.1:<port> */
	wsUrl: string;
	port: number;
	child: ChildProcess;
	/** Parsed JSON log lines so far. */
	events(): LogLine[];
	/** Raw output so far (for failure messages). */
	output(): string;
	/** SIGTERM and wait (SIGKILL after 15 s, so teardown never hangs); resolves with the exit code. */
	stop(): Promise<number | null>;
	/** SIGKILL and wait: no flush, no goodbye. */
	kill(): Promise<void>;
}

export async function startTrameServerProcess(
	options: TrameServerProcessOptions
): Promise<TrameServerProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', join('server', 'index.ts')], {
		cwd: PROJECT_ROOT,
		env: {
			...process.env,
			PORT: String(options.port ?? 0),
			HOST: '127.0.0.1',
			PB_URL: options.pbUrl,
			PB_SUPERUSER_EMAIL: options.superuser.email,
			PB_SUPERUSER_PASSWORD: options.superuser.password,
			// Tests exercise the collab server only; never load an app build.
			TRAME_BUILD_DIR: join(PROJECT_ROOT, '.no-build-in-tests'),
			...(options.origin ? { ORIGIN: options.origin } : {}),
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const events: LogLine[] = [];
	let pending = '';
	child.stdout.setEncoding('utf8');
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk: string) => (output += chunk));
	const exited = new Promise<number | null>((resolveExit) =>
		child.once('exit', (code) => resolveExit(code))
	);

	const listening = new Promise<LogLine>((resolveListening, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`server did not start in time:\n${output}`)),
			options.startTimeoutMs ?? 30_000
		);
		child.stdout.on('data', (chunk: string) => {
			output += chunk;
			pending += chunk;
			const lines = pending.split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines) {
				if (!line.startsWith('{')) continue;
				try {
					const event = JSON.parse(line) as LogLine;
					events.push(event);
					if (event.event === 'server.listening') {
						clearTimeout(timer);
						resolveListening(event);
					}
				} catch {
					// not a log line
				}
			}
		});
		void exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code} before listening:\n${output}`));
		});
	});
	const ready = await listening;
	const port = Number(ready.port);
	return {
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}`,
		port,
		child,
		events: () => events,
		output: () => output,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
			child.kill('SIGTERM');
			const escalate = setTimeout(() => child.kill('SIGKILL'), 15_000);
			try {
				return await exited;
			} finally {
				clearTimeout(escalate);
			}
		},
		async kill() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGKILL');
			await exited;
		}
	};
}

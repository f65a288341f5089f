/**
 * Runs one conversion in a separate process (worker.ts): the upload is copied into the process's
 * own temporary directory, the process gets a time limit (killed with its whole group past it),
 * an address-space and a V8 heap limit, no network and none of the server's environment. The
 * server only waits on a child: a hostile file can cost that child, never the server's event
 * loop or memory. The directory is removed whatever happens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImportError, isImportErrorId } from './errors';
import { IMPORT_LIMITS } from './limits';
import { converterEnv, killGroup, sandboxed } from './sandbox';
import type { ImportedDocument } from '../../src/lib/domain/import/types';

const HERE = dirname(fileURLToPath(import.meta.url));
const PROJECT_ROOT = resolve(HERE, '..', '..');

export interface ConversionResult {
	document: ImportedDocument;
	/** Peak resident memory of the converter process, in KiB. */
	maxRssKb: number;
}

export interface ImportConverter {
	convert(data: Uint8Array, fileName: string): Promise<ConversionResult>;
	/** Starts a converter ahead of need (someone opened an import page). */
	prepare(): void;
}

/** Conversions running at once (the others wait their turn): two cores, big converters. */
const MAX_PARALLEL = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function turn<T>(task: () => Promise<T>): Promise<T> {
	if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	try {
		return await task();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

/** A cheap check before spawning anything (the converter checks again). */
function quickRefusal(data: Uint8Array): ImportError | null {
	if (data.byteLength === 0) return new ImportError('empty');
	if (data.byteLength > IMPORT_LIMITS.maxFileBytes) return new ImportError('too_large');
	return null;
}

/**
 * A converter process started ahead of need, modules loaded, waiting for ONE job on stdin: the
 * start-up (about a second) is paid before a file arrives, not after. Each process converts one
 * file and exits, so no state carries from one file to the next. An unused spare exits after
 * 10 minutes, or when the server goes (its stdin closes).
 */
interface Converter {
	child: ChildProcess;
	/** Its own directory: the job's files, HOME and TMPDIR of what it starts. */
	dir: string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	stderr(): string;
	/** Given a job: from then on the job owns (reads, then removes) the directory. */
	taken: boolean;
}

const SPARE_IDLE_MS = 10 * 60_000;
let spare: { converter: Converter; idle: ReturnType<typeof setTimeout> } | null = null;

async function startConverter(): Promise<Converter> {
	const dir = await mkdtemp(join(tmpdir(), 'trame-import-'));
	const { command, args } = sandboxed(
		process.execPath,
		[
			`--max-old-space-size=${IMPORT_LIMITS.heapMb}`,
			// WebAssembly (tsx's lexer) reserves ~10 GB of address space for its guard regions;
			// bounds checks instead let it run under the address-space limit.
			'--disable-wasm-trap-handler',
			'--import',
			'tsx',
			'--import',
			join(HERE, 'no-network.ts'),
			join(HERE, 'worker.ts'),
			'--wait'
		],
		{ addressSpaceBytes: IMPORT_LIMITS.addressSpaceBytes }
	);
	const child = spawn(command, args, {
		cwd: PROJECT_ROOT,
		detached: true,
		stdio: ['pipe', 'ignore', 'pipe'],
		// TMPDIR stays the system's: tsx keeps its compile cache there (start-up time).
		env: { ...converterEnv(dir), TMPDIR: tmpdir(), NODE_ENV: 'production' }
	});
	let stderr = '';
	child.stderr?.setEncoding('utf8');
	child.stderr?.on('data', (chunk: string) => {
		if (stderr.length < 4000) stderr += chunk;
	});
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
		child.once('error', () => done({ code: null, signal: 'SIGKILL' }));
		child.once('exit', (code, signal) => done({ code, signal }));
	});
	// Never keeps the server alive.
	child.unref();
	(child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
	(child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
	const converter: Converter = { child, dir, exited, stderr: () => stderr, taken: false };
	// A spare that exits unused cleans up after itself. A converter given a job must not: its
	// result is read after it exits, and removing the directory here raced that read (the job
	// then found no result and answered "failed" for a file that had a clear verdict).
	void exited.then(() => {
		if (!converter.taken) return rm(dir, { recursive: true, force: true });
	});
	return converter;
}

function keepSpare(): void {
	if (spare) return;
	void startConverter().then(
		(converter) => {
			const idle = setTimeout(() => {
				if (spare?.converter === converter) spare = null;
				killGroup(converter.child.pid);
			}, SPARE_IDLE_MS);
			idle.unref();
			spare = { converter, idle };
			void converter.exited.then(() => {
				if (spare?.converter === converter) {
					clearTimeout(idle);
					spare = null;
				}
			});
		},
		() => undefined
	);
}

async function takeConverter(): Promise<Converter> {
	const ready = spare;
	spare = null;
	if (ready) clearTimeout(ready.idle);
	const converter = ready?.converter ?? (await startConverter());
	converter.taken = true;
	return converter;
}

export function createImportConverter(overrides: { timeoutMs?: number } = {}): ImportConverter {
	return {
		async convert(data, fileName) {
			const refused = quickRefusal(data);
			if (refused) throw refused;
			return turn(() => run(data, fileName));
		},
		prepare: keepSpare
	};

	async function run(data: Uint8Array, fileName: string): Promise<ConversionResult> {
		const converter = await takeConverter();
		const { child, dir } = converter;
		try {
			await writeFile(join(dir, 'input'), data);
			await writeFile(join(dir, 'job.json'), JSON.stringify({ fileName }));
			const isZip = data[0] === 0x50 && data[1] === 0x4b;
			// ODT needs LibreOffice (and its start-up) inside the same limits.
			const timeoutMs =
				overrides.timeoutMs ?? (isZip ? IMPORT_LIMITS.odtTimeoutMs : IMPORT_LIMITS.timeoutMs);
			let timedOut = false;
			const timer = setTimeout(() => {
				timedOut = true;
				killGroup(child.pid);
			}, timeoutMs);
			child.stdin?.end(`${dir}\n`);
			const { code, signal } = await converter.exited;
			clearTimeout(timer);
			killGroup(child.pid);
			if (timedOut) throw new ImportError('timeout');
			const crashed = code !== 0 && (signal !== null || /heap|memory/i.test(converter.stderr()));
			let result: {
				ok: boolean;
				document?: ImportedDocument;
				maxRssKb?: number;
				error?: string;
				detail?: string;
			};
			try {
				result = JSON.parse(await readFile(join(dir, 'result.json'), 'utf8'));
			} catch {
				// No result: the process died (out of memory most of the time).
				throw new ImportError(crashed ? 'memory' : 'failed', 'no result');
			}
			if (!result.ok || !result.document) {
				throw new ImportError(
					isImportErrorId(result.error) ? result.error : 'failed',
					result.detail ?? ''
				);
			}
			return { document: result.document, maxRssKb: result.maxRssKb ?? 0 };
		} finally {
			await rm(dir, { recursive: true, force: true });
			// The next file finds a converter ready (started after this one, not beside it).
			keepSpare();
		}
	}
}

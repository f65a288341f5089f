/**
 * Runs one conversion in a separate process (worker.ts): the upload is copied into a fresh
 * temporary directory, the process gets a time limit (killed with its whole group past it), an
 * address-space and a V8 heap limit, no network and none of the server's environment. The server
 * only waits on a child: a hostile file can cost that child, never the server's event loop or
 * memory. The directory is removed whatever happens.
 */
import { spawn } from 'node:child_process';
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

export function createImportConverter(overrides: { timeoutMs?: number } = {}): ImportConverter {
	return {
		async convert(data, fileName) {
			const refused = quickRefusal(data);
			if (refused) throw refused;
			return turn(() => run(data, fileName));
		}
	};

	async function run(data: Uint8Array, fileName: string): Promise<ConversionResult> {
		const dir = await mkdtemp(join(tmpdir(), 'trame-import-'));
		try {
			await writeFile(join(dir, 'input'), data);
			await writeFile(join(dir, 'job.json'), JSON.stringify({ fileName }));
			const isZip = data[0] === 0x50 && data[1] === 0x4b;
			// ODT needs LibreOffice (and its start-up) inside the same limits.
			const timeoutMs =
				overrides.timeoutMs ?? (isZip ? IMPORT_LIMITS.odtTimeoutMs : IMPORT_LIMITS.timeoutMs);
			const { command, args } = sandboxed(
				process.execPath,
				[
					`--max-old-space-size=${IMPORT_LIMITS.heapMb}`,
					// WebAssembly (tsx's lexer) reserves ~10 GB of address space for its guard
					// regions; bounds checks instead let it run under the address-space limit.
					'--disable-wasm-trap-handler',
					'--import',
					'tsx',
					'--import',
					join(HERE, 'no-network.ts'),
					join(HERE, 'worker.ts'),
					dir
				],
				{ addressSpaceBytes: IMPORT_LIMITS.addressSpaceBytes }
			);
			const outcome = await new Promise<'exited' | 'timeout' | 'crashed'>((done) => {
				const child = spawn(command, args, {
					cwd: PROJECT_ROOT,
					detached: true,
					stdio: ['ignore', 'ignore', 'pipe'],
					// TMPDIR stays the system's: tsx keeps its compile cache there (start-up time).
					env: { ...converterEnv(dir), TMPDIR: tmpdir(), NODE_ENV: 'production' }
				});
				let stderr = '';
				child.stderr?.setEncoding('utf8');
				child.stderr?.on('data', (chunk: string) => {
					if (stderr.length < 4000) stderr += chunk;
				});
				const timer = setTimeout(() => {
					killGroup(child.pid);
					done('timeout');
				}, timeoutMs);
				child.once('error', () => {
					clearTimeout(timer);
					done('crashed');
				});
				child.once('exit', (code, signal) => {
					clearTimeout(timer);
					killGroup(child.pid);
					done(
						code === 0 ? 'exited' : signal || /heap|memory/i.test(stderr) ? 'crashed' : 'exited'
					);
				});
			});
			if (outcome === 'timeout') throw new ImportError('timeout');
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
				throw new ImportError(outcome === 'crashed' ? 'memory' : 'failed', 'no result');
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
		}
	}
}

/**
 * LibreOffice (Debian's `libreoffice-writer-nogui`) headless as a converter between ODT and DOCX,
 * both ways: ODT import goes ODT → DOCX → the DOCX reader (one reader for comments, tracked
 * changes and tables), ODT export goes from our DOCX to ODT. Each run gets a fresh profile in its
 * own temporary directory (no shared state, no lock between concurrent runs), works on a copy,
 * and is killed past its time limit. Inside the import sandbox it also has no network.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { converterEnv, killGroup, sandboxed } from './sandbox';
import { readConfig } from '../config.mjs';

export function officePath(): string {
	return readConfig().sofficePath;
}

let available: boolean | null = null;

/** True when LibreOffice can be started (checked once). */
export function officeAvailable(): boolean {
	available ??= spawnSync(officePath(), ['--version'], { timeout: 20_000 }).status === 0;
	return available;
}

export class OfficeError extends Error {
	constructor(
		readonly reason: 'missing' | 'timeout' | 'failed',
		detail = ''
	) {
		super(`LibreOffice ${reason}${detail ? `: ${detail}` : ''}`);
	}
}

export interface OfficeRun {
	timeoutMs: number;
	/** Address-space limit (bytes), applied with prlimit when it exists. */
	addressSpaceBytes: number;
}

/**
 * Converts every input to `target` ('docx' or 'odt') in ONE LibreOffice start (start-up is
 * the slow part). Returns the converted bytes in input order.
 */
export async function convertWithOffice(
	inputs: { name: string; data: Uint8Array }[],
	target: 'docx' | 'odt',
	run: OfficeRun
): Promise<Uint8Array[]> {
	if (!officeAvailable()) throw new OfficeError('missing');
	const dir = await mkdtemp(join(tmpdir(), 'trame-office-'));
	try {
		const names = inputs.map(
			(input, i) => `in-${i}.${input.name.replace(/[^a-z]/gi, '') || 'bin'}`
		);
		await Promise.all(inputs.map((input, i) => writeFile(join(dir, names[i]!), input.data)));
		const filter = target === 'odt' ? 'odt:writer8' : 'docx:MS Word 2007 XML';
		const args = [
			`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
			'--headless',
			'--invisible',
			'--nologo',
			'--norestore',
			'--nolockcheck',
			'--nodefault',
			'--convert-to',
			filter,
			'--outdir',
			join(dir, 'out'),
			...names.map((name) => join(dir, name))
		];
		const { command, args: commandArgs } = sandboxed(officePath(), args, run);
		await new Promise<void>((resolve, reject) => {
			const child = spawn(command, commandArgs, {
				cwd: dir,
				stdio: 'ignore',
				detached: true,
				env: converterEnv(dir)
			});
			const timer = setTimeout(() => {
				killGroup(child.pid);
				reject(new OfficeError('timeout'));
			}, run.timeoutMs);
			child.once('error', (error) => {
				clearTimeout(timer);
				reject(new OfficeError('failed', error.message));
			});
			child.once('exit', (code) => {
				clearTimeout(timer);
				// soffice.bin may leave helpers behind in its group.
				killGroup(child.pid);
				if (code === 0) resolve();
				else reject(new OfficeError('failed', `exit ${code}`));
			});
		});
		const produced = new Set(await readdir(join(dir, 'out')).catch(() => [] as string[]));
		return await Promise.all(
			names.map(async (name) => {
				const out = name.replace(/\.[^.]+$/, `.${target}`);
				if (!produced.has(out)) throw new OfficeError('failed', `${name} not converted`);
				return new Uint8Array(await readFile(join(dir, 'out', out)));
			})
		);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/**
 * The converter process: `node --import tsx --import ./no-network.ts worker.ts <dir>` (or
 * `--wait`: modules loaded first, then the directory read as one line on stdin) reads
 * `<dir>/input` (a copy of the upload) and `<dir>/job.json` ({ fileName }), writes
 * `<dir>/result.json`: { ok: true, document, maxRssKb } or { ok: false, error, detail }, and
 * exits. Started by runner.ts with a time and an address-space limit, without network.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { convertFile } from './convert';
import { ImportError } from './errors';

async function main(dir: string): Promise<void> {
	const job = JSON.parse(await readFile(join(dir, 'job.json'), 'utf8')) as { fileName: string };
	const data = new Uint8Array(await readFile(join(dir, 'input')));
	let result: unknown;
	try {
		const document = await convertFile(data, job.fileName);
		result = { ok: true, document, maxRssKb: process.resourceUsage().maxRSS };
	} catch (error) {
		if (error instanceof ImportError) result = { ok: false, error: error.id, detail: error.detail };
		else if (error instanceof RangeError && /memory|allocation/i.test(error.message))
			result = { ok: false, error: 'memory', detail: error.message };
		else
			result = {
				ok: false,
				error: 'failed',
				detail: error instanceof Error ? error.message : String(error)
			};
	}
	await writeFile(join(dir, 'result.json'), JSON.stringify(result));
}

/** The job's directory: the argument, or one line on stdin (a converter started ahead). */
function jobDirectory(): Promise<string> {
	const arg = process.argv[2];
	if (arg && arg !== '--wait') return Promise.resolve(arg);
	return new Promise((resolve) => {
		let input = '';
		process.stdin.setEncoding('utf8');
		process.stdin.on('data', (chunk: string) => {
			input += chunk;
			if (input.includes('\n')) resolve(input.split('\n', 1)[0]!.trim());
		});
		// The server went away before giving a job: nothing to do.
		process.stdin.on('end', () => {
			if (!input.includes('\n')) process.exit(0);
		});
	});
}

jobDirectory()
	.then(main)
	.then(
		() => process.exit(0),
		(error: unknown) => {
			process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
			process.exit(1);
		}
	);

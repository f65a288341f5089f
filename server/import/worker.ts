/**
 * The converter process: `node --import tsx --import ./no-network.ts worker.ts <dir>` reads
 * `<dir>/input` (a copy of the upload) and `<dir>/job.json` ({ fileName }), writes
 * `<dir>/result.json`: { ok: true, document, maxRssKb } or { ok: false, error, detail }.
 * Started by runner.ts with a time and an address-space limit, without network.
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

const dir = process.argv[2];
if (!dir) {
	process.stderr.write('usage: worker.ts <dir>\n');
	process.exit(2);
}
main(dir).then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
		process.exit(1);
	}
);

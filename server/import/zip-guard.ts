/**
 * Unpacks an archive in memory within bounds: every entry is inflated by a streaming decoder,
 * fed in small slices, that stops as soon as the archive would unpack past the limits (the sizes
 * an archive declares can lie), so a zip bomb costs tens of megabytes, not gigabytes.
 */
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import { ImportError } from './errors';

export interface ZipLimits {
	maxUnzippedBytes: number;
	maxEntryBytes: number;
	maxEntries: number;
}

const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** True when the archive ends with its central directory (a cut file has none). */
function hasCentralDirectory(data: Uint8Array): boolean {
	const tail = Buffer.from(data.buffer, data.byteOffset, data.byteLength).subarray(
		Math.max(0, data.byteLength - 65_557)
	);
	return tail.lastIndexOf(EOCD) !== -1;
}

export function readZip(data: Uint8Array, limits: ZipLimits): Map<string, Uint8Array> {
	if (!hasCentralDirectory(data)) throw new ImportError('truncated', 'no central directory');
	const files = new Map<string, Uint8Array>();
	let total = 0;
	let count = 0;
	let failure: ImportError | null = null;
	const fail = (error: ImportError) => (failure ??= error);
	const unzip = new Unzip((file) => {
		if (failure) return file.terminate();
		if (++count > limits.maxEntries) {
			fail(new ImportError('zip_bomb', `more than ${limits.maxEntries} entries`));
			return file.terminate();
		}
		const chunks: Uint8Array[] = [];
		let size = 0;
		file.ondata = (error, chunk, final) => {
			if (failure) return;
			if (error) {
				fail(new ImportError('corrupt', `${file.name}: ${error.message}`));
				return;
			}
			size += chunk.byteLength;
			total += chunk.byteLength;
			if (size > limits.maxEntryBytes || total > limits.maxUnzippedBytes) {
				fail(new ImportError('zip_bomb', `${file.name} unpacks past the limit`));
				file.terminate();
				return;
			}
			chunks.push(chunk);
			if (final) files.set(file.name, Buffer.concat(chunks));
		};
		try {
			file.start();
		} catch (error) {
			// An unknown compression method (or an encrypted entry).
			fail(new ImportError('corrupt', `${file.name}: ${String(error)}`));
		}
	});
	unzip.register(UnzipInflate);
	unzip.register(UnzipPassThrough);
	try {
		// Small slices: deflate expands at most ~1:1032, so one slice never inflates past ~17 MB
		// before the counters above can stop it.
		const slice = 16 * 1024;
		for (let offset = 0; offset < data.byteLength && !failure; offset += slice) {
			const end = Math.min(offset + slice, data.byteLength);
			unzip.push(data.subarray(offset, end), end === data.byteLength);
		}
	} catch (error) {
		if (failure) throw failure;
		throw new ImportError('corrupt', error instanceof Error ? error.message : String(error));
	}
	if (failure) throw failure;
	if (files.size === 0) throw new ImportError('corrupt', 'empty archive');
	return files;
}

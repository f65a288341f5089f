/** Bounds of one import: what a file may weigh and cost before it is refused. */
import { IMPORT_FILE_MAX_BYTES } from '../../src/lib/domain/import/limits';

export const IMPORT_LIMITS = {
	/** Largest uploaded file (a 50-page protocol with photos is about 5 MB). */
	maxFileBytes: IMPORT_FILE_MAX_BYTES,
	/** Largest Markdown or HTML text. */
	maxTextBytes: 5 * 1024 * 1024,
	/** Everything an archive may unpack to, and one entry of it. */
	maxUnzippedBytes: 150 * 1024 * 1024,
	maxEntryBytes: 100 * 1024 * 1024,
	maxEntries: 5_000,
	/** Wall-clock limit of one conversion (LibreOffice's start-up included for ODT). */
	timeoutMs: 30_000,
	odtTimeoutMs: 60_000,
	/** Address-space limit of the converter process (Node reserves ~1 GB of it up front). */
	addressSpaceBytes: 2 * 1024 * 1024 * 1024,
	/** LibreOffice maps more at start-up than Node. */
	officeAddressSpaceBytes: 4 * 1024 * 1024 * 1024,
	/** V8 heap of the converter process. */
	heapMb: 512
} as const;

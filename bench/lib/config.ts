/** Sizes of a run: `--quick` for development (< 2 min), full for the README table. */
export interface BenchConfig {
	mode: 'quick' | 'full' | 'tiny';
	typingEditors: number[];
	typingSeconds: number;
	/** SUG: alternated normal/suggestion pairs per size; the verdict pools their deliveries. */
	suggestPairs: number;
	/** SUG: a second normal run in each pair, the method's noise floor (`--sug-no-control`: off). */
	suggestControl: boolean;
	/**
	 * SUG: also the pairs of the generator's method before 2026-12-06 (all N browsers measured in
	 * one thread), alternated with the verdict's, where it differs (`--sug-baseline`).
	 */
	suggestBaseline: boolean;
	/**
	 * SUG: simulated browsers per worker thread (own heap and event loop; 0: all in one thread,
	 * the method before 2026-12-06). See bench/lib/spread-typing.ts.
	 */
	suggestPerWorker: number;
	/** SUG: measured browsers (the others only type; see bench/scenarios/typing.ts). 0: all. */
	suggestObservers: number;
	presenceUsers: number[];
	presenceSeconds: number;
	roomSteps: number[];
	/** S5: each step is measured over `count` windows of `seconds`; its verdict is their median p99. */
	roomWindows: { seconds: number; count: number };
	coldOpenBytes: number[];
	coldOpenRepeats: number;
	users: number;
	/** S4: documents × encoded size, one client each. */
	memoryRuns: { documents: number; bytes: number }[];
	/** S4: idle clients added to one document to price a connection. */
	memoryExtraClients: number;
	/** S4: wait before each memory reading (deferred stores, debounced writes, socket buffers). */
	memorySettleMs: number;
	/** S6: clients holding one document of `reconnectBytes` through a server restart. */
	reconnectClients: number;
	reconnectBytes: number;
	/** S6: watch after everyone synced again, for a reconnect loop to show in the open counts. */
	reconnectWatchMs: number;
	/** S3 in Chromium: stored document sizes, and cold opens of each (new context, new document). */
	browserOpenBytes: number[];
	browserOpenRepeats: number;
	/** S10: size of the image pasted, and how many times. */
	imagePasteBytes: number;
	imagePasteRepeats: number;
	/** S8: participants following one consent round, and the facilitator's changes. */
	liveParticipants: number;
	liveChanges: number;
	/** IMPORT: imports of the 50-page DOCX with 10 photos. */
	importRepeats: number;
}

export const CONFIGS: Record<BenchConfig['mode'], BenchConfig> = {
	full: {
		mode: 'full',
		// 200: past it the load generator's own core (applying every keystroke on 199 peers) is the
		// bound, which the "load generator CPU" row shows.
		typingEditors: [10, 50, 100, 200],
		typingSeconds: 15,
		suggestPairs: 5,
		suggestControl: true,
		suggestBaseline: false,
		suggestPerWorker: 0,
		suggestObservers: 10,
		presenceUsers: [20, 50, 100],
		presenceSeconds: 8,
		// Past 500 (the target) up to 1200: "≥ 2× the plain reference's rooms" needs plain's limit.
		roomSteps: [50, 100, 200, 300, 400, 500, 600, 800, 1000, 1200],
		roomWindows: { seconds: 5, count: 3 },
		coldOpenBytes: [1_000_000, 5_000_000],
		coldOpenRepeats: 5,
		users: 20,
		// 1000 × 1 MB is left out: ~12 GB on the server plus the clients' copies on this machine.
		memoryRuns: [
			{ documents: 100, bytes: 10_000 },
			{ documents: 100, bytes: 160_000 },
			{ documents: 100, bytes: 1_000_000 },
			{ documents: 1000, bytes: 10_000 },
			{ documents: 1000, bytes: 160_000 }
		],
		memoryExtraClients: 200,
		reconnectClients: 100,
		reconnectBytes: 1_000_000,
		memorySettleMs: 3_000,
		reconnectWatchMs: 3_000,
		browserOpenBytes: [1_000_000, 5_000_000],
		browserOpenRepeats: 5,
		imagePasteBytes: 5_000_000,
		imagePasteRepeats: 5,
		liveParticipants: 30,
		liveChanges: 60,
		importRepeats: 5
	},
	quick: {
		mode: 'quick',
		typingEditors: [10, 50],
		typingSeconds: 5,
		suggestPairs: 3,
		suggestControl: true,
		suggestBaseline: false,
		suggestPerWorker: 0,
		suggestObservers: 10,
		presenceUsers: [50],
		presenceSeconds: 4,
		roomSteps: [25, 100],
		roomWindows: { seconds: 2, count: 3 },
		coldOpenBytes: [1_000_000],
		coldOpenRepeats: 3,
		users: 6,
		memoryRuns: [
			{ documents: 100, bytes: 10_000 },
			{ documents: 100, bytes: 160_000 }
		],
		memoryExtraClients: 100,
		reconnectClients: 100,
		reconnectBytes: 1_000_000,
		memorySettleMs: 3_000,
		reconnectWatchMs: 3_000,
		browserOpenBytes: [1_000_000],
		browserOpenRepeats: 2,
		imagePasteBytes: 5_000_000,
		imagePasteRepeats: 2,
		liveParticipants: 30,
		liveChanges: 20,
		importRepeats: 3
	},
	/** For the harness test: seconds, not minutes. */
	tiny: {
		mode: 'tiny',
		typingEditors: [3],
		typingSeconds: 1,
		suggestPairs: 3,
		suggestControl: true,
		suggestBaseline: false,
		suggestPerWorker: 0,
		suggestObservers: 10,
		presenceUsers: [3],
		presenceSeconds: 1,
		roomSteps: [2],
		roomWindows: { seconds: 0.5, count: 3 },
		coldOpenBytes: [50_000],
		coldOpenRepeats: 1,
		users: 2,
		memoryRuns: [{ documents: 3, bytes: 5_000 }],
		memoryExtraClients: 3,
		reconnectClients: 3,
		reconnectBytes: 20_000,
		memorySettleMs: 300,
		reconnectWatchMs: 500,
		browserOpenBytes: [50_000],
		browserOpenRepeats: 1,
		imagePasteBytes: 200_000,
		imagePasteRepeats: 1,
		liveParticipants: 3,
		liveChanges: 4,
		importRepeats: 1
	}
};

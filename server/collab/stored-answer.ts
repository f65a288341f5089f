/**
 * Opening a stored document: a client's sync step 1 is answered from the stored rows as soon as
 * they are read, while the server builds (and migrates) its own Y.Doc in parallel — instead of
 * after it. A client that holds nothing (a new browser tab) gets the stored bytes as they are; a
 * client holding a copy (a reconnect) gets `Y.diffUpdate` of them against its state vector,
 * computed on the binary update without building a document. Answers are encoded once per state
 * vector: a hundred clients reconnecting with the same copy cost one diff. When the live document
 * is ready, the session sends what it holds beyond the stored state (a migration, others' edits
 * meanwhile), so the client ends exactly in sync. Only after admission: a refused socket still
 * never gets a document byte.
 *
 * A large document (one that is built in slices) is built only once it is needed: when a client
 * sends anything but presence beyond the request its answer covered (an edit, a save request, a
 * request the bytes cannot answer), when the server itself asks for the document, or after
 * MAX_BUILD_DEFERRAL_MS (presence is then delivered: nobody else is in a document still loading). A browser opening a page sends its first request
 * while it still fetches the page's scripts from this same process: building 1 MB then (100–300 ms
 * of CPU, more before the JIT) delays those scripts, hence the editor (S3B).
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MessageType } from '../../src/lib/collab/protocol';
import { SLICE_FROM_BYTES } from './sliced-apply';
import { SyncStep, encodeSyncStep2Update } from './wire';

/** Distinct state vectors whose answer is kept (reconnecting copies are mostly alike). */
const MAX_CACHED_ANSWERS = 8;

/**
 * The live document is built once the answers are out (a long apply would hold the rest of a
 * large answer in the socket's queue), but never waits longer than this for a slow client.
 */
const MAX_SEND_WAIT_MS = 100;

/** Longest a large document's build waits for a client to need it (see the header). */
export const MAX_BUILD_DEFERRAL_MS = 1500;

export class StoredSnapshot {
	#update: Uint8Array | null = null;
	#unreadable = false;
	readonly #answers = new Map<string, Uint8Array>();
	readonly #sending = new Set<Promise<void>>();
	#need!: () => void;
	readonly #needed = new Promise<void>((resolve) => (this.#need = resolve));

	private constructor(private readonly rows: readonly Uint8Array[]) {
		// A small document is built in a few milliseconds: at once.
		if (rows.reduce((sum, row) => sum + row.byteLength, 0) < SLICE_FROM_BYTES) this.#need();
	}

	/** The stored state of a document stored as `rows`; null when nothing is stored. */
	static of(rows: readonly { data: Uint8Array }[]): StoredSnapshot | null {
		return rows.length === 0 ? null : new StoredSnapshot(rows.map((row) => row.data));
	}

	/**
	 * Every row as one update: the single row as stored (not parsed: that would cost what the
	 * answer saves; a client's Yjs reads an update whole before it integrates any of it), or the
	 * rows merged. Null when the rows cannot be merged (the live document answers instead).
	 */
	get update(): Uint8Array | null {
		if (this.#update === null && !this.#unreadable) {
			try {
				this.#update = this.rows.length === 1 ? this.rows[0]! : Y.mergeUpdates([...this.rows]);
			} catch {
				this.#unreadable = true;
			}
		}
		return this.#update;
	}

	/**
	 * Sync step 2 answering a client's state vector from the stored state, or null when it cannot
	 * be computed from the bytes (the live document answers the client instead).
	 */
	answer(stateVector: Uint8Array): Uint8Array | null {
		const key = Buffer.from(stateVector).toString('latin1');
		const cached = this.#answers.get(key);
		if (cached !== undefined) return cached;
		const update = this.update;
		if (update === null) return null;
		let answer: Uint8Array;
		try {
			const fresh = Y.decodeStateVector(stateVector).size === 0;
			answer = encodeSyncStep2Update(fresh ? update : Y.diffUpdate(update, stateVector));
		} catch {
			return null;
		}
		if (this.#answers.size >= MAX_CACHED_ANSWERS) this.#answers.clear();
		this.#answers.set(key, answer);
		return answer;
	}

	/** Counts an answer being sent until `written` settles (see `whenSent`). */
	sending(written: Promise<void>): void {
		this.#sending.add(written);
		void written.finally(() => this.#sending.delete(written));
	}

	/** A client (or the server) needs the live document: build it once the answers are out. */
	need(): void {
		this.#need();
	}

	/**
	 * Resolves when the live document may be built: the answers sent so far are written out (or
	 * MAX_SEND_WAIT_MS passed), and it is needed (or MAX_BUILD_DEFERRAL_MS passed).
	 */
	async whenBuildable(): Promise<void> {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const capped = new Promise<void>(
			(resolve) => (timer = setTimeout(resolve, MAX_BUILD_DEFERRAL_MS))
		);
		try {
			await Promise.race([this.#needed, capped]);
		} finally {
			clearTimeout(timer);
		}
		await this.whenSent();
	}

	/** Resolves once every answer sent so far is written out, or after MAX_SEND_WAIT_MS. */
	whenSent(): Promise<void> {
		if (this.#sending.size === 0) return Promise.resolve();
		let timer: ReturnType<typeof setTimeout> | undefined;
		const capped = new Promise<void>((resolve) => (timer = setTimeout(resolve, MAX_SEND_WAIT_MS)));
		return Promise.race([Promise.allSettled([...this.#sending]).then(() => {}), capped]).finally(
			() => clearTimeout(timer)
		);
	}
}

/** The state vector of a sync step 1 message, or null for any other (or malformed) message. */
export function syncStep1StateVector(message: Uint8Array): Uint8Array | null {
	try {
		const decoder = decoding.createDecoder(message);
		if (decoding.readVarUint(decoder) !== MessageType.Sync) return null;
		if (decoding.readVarUint(decoder) !== SyncStep.Step1) return null;
		return decoding.readVarUint8Array(decoder);
	} catch {
		return null; // malformed: the session refuses it when it reads it
	}
}

/**
 * What this browser keeps of the documents a person opened: a copy of each in IndexedDB (so that
 * edits survive a lost connection or a closed tab) and small localStorage entries about them. On a
 * shared computer (a town hall's office, a meeting room's laptop) the next person must not find
 * them: signing out erases them all. Edits not yet acknowledged by the server would be lost with
 * them, so each copy holding such edits is noted (`noteUnsent`), and signing out asks first.
 *
 * No import of the editor or of Yjs: the site's layout (every page) reads this at sign-out.
 */
import { LOCAL_COPY_MARKER_PREFIX } from './early-open-script.js';

/** Name prefix of the IndexedDB database holding this browser's copy of a document. */
export const LOCAL_COPY_DATABASE_PREFIX = 'trame-document-';

/** Key prefix (then the document's id) of the entry noting a copy with unsent edits. */
export const UNSENT_PREFIX = 'trame-unsent:';

/** Longest a sign-out waits for the browser to delete the copies (a blocked deletion). */
const FORGET_TIMEOUT_MS = 3000;

export interface UnsentCopy {
	documentId: string;
	/** The document's title when the page knew it, else ''. */
	title: string;
}

/** Notes (or, once everything is acknowledged, forgets) that a copy holds unsent edits. */
export function noteUnsent(
	documentId: string,
	title: string,
	unsent: boolean,
	storage: Storage | null = browserStorage()
): void {
	try {
		if (unsent) storage?.setItem(`${UNSENT_PREFIX}${documentId}`, title);
		else storage?.removeItem(`${UNSENT_PREFIX}${documentId}`);
	} catch {
		// Storage refused (private mode, quota): the copy itself still keeps the edits.
	}
}

/** The copies noted as holding unsent edits, by title. */
export function unsentCopies(storage: Storage | null = browserStorage()): UnsentCopy[] {
	const copies: UnsentCopy[] = [];
	for (const key of storageKeys(storage)) {
		if (!key.startsWith(UNSENT_PREFIX)) continue;
		const documentId = key.slice(UNSENT_PREFIX.length);
		if (documentId) copies.push({ documentId, title: storage?.getItem(key) ?? '' });
	}
	return copies.sort(
		(a, b) => a.title.localeCompare(b.title) || a.documentId.localeCompare(b.documentId)
	);
}

/** A document open in this page, whose copy must be closed before it can be deleted. */
export interface OpenCopy {
	/** Whether its edits are all acknowledged (or it is offline: nothing more will come). */
	settled(): boolean;
	close(): void;
}

const openCopies = new Set<OpenCopy>();

/** Registers a document open in this page; returns its unregistration. */
export function registerOpenCopy(copy: OpenCopy): () => void {
	openCopies.add(copy);
	return () => openCopies.delete(copy);
}

/**
 * Waits, at most `timeoutMs`, for the documents open in this page to have their last edits
 * acknowledged: signing out right after typing should not ask about a keystroke in flight.
 */
export async function settleOpenCopies(timeoutMs = 1500, stepMs = 50): Promise<void> {
	const until = Date.now() + timeoutMs;
	while ([...openCopies].some((copy) => !copy.settled()) && Date.now() < until)
		await new Promise((resolve) => setTimeout(resolve, stepMs));
}

/**
 * Erases every local copy and its entries: closes the documents open in this page, deletes
 * their databases (all of them, whoever opened them in this browser) and the localStorage
 * entries. Never waits more than a few seconds: the sign-out goes on.
 */
export async function forgetLocalCopies(
	idb: IDBFactory | null = typeof indexedDB === 'undefined' ? null : indexedDB,
	storage: Storage | null = browserStorage(),
	timeoutMs = FORGET_TIMEOUT_MS
): Promise<void> {
	for (const copy of [...openCopies]) {
		openCopies.delete(copy);
		try {
			copy.close();
		} catch {
			// Already closed.
		}
	}
	for (const key of storageKeys(storage)) {
		if (key.startsWith(UNSENT_PREFIX) || key.startsWith(LOCAL_COPY_MARKER_PREFIX))
			storage?.removeItem(key);
	}
	if (!idb || typeof idb.databases !== 'function') return;
	const deleting = (async () => {
		const databases = await idb.databases();
		await Promise.all(
			databases
				.map((database) => database.name ?? '')
				.filter((name) => name.startsWith(LOCAL_COPY_DATABASE_PREFIX))
				.map(
					(name) =>
						new Promise<void>((resolve) => {
							const request = idb.deleteDatabase(name);
							request.onsuccess = request.onerror = () => resolve();
						})
				)
		);
	})().catch(() => {});
	await Promise.race([deleting, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
}

function browserStorage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

function storageKeys(storage: Storage | null): string[] {
	if (!storage) return [];
	const keys: string[] = [];
	for (let i = 0; i < storage.length; i++) {
		const key = storage.key(i);
		if (key !== null) keys.push(key);
	}
	return keys;
}

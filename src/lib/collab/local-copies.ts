/**
 * What this browser keeps of the documents a person opened: a copy of each in IndexedDB (so that
 * edits survive a lost connection or a closed tab) and small localStorage entries about them. On a
 * shared computer (a town hall's office, a meeting room's laptop) the next person must not find
 * them: signing out erases them. Edits not yet acknowledged by the server would be lost with
 * them, so each copy holding such edits is noted (`noteUnsent`), and signing out asks first.
 *
 * Everything is kept per person (the copy's name and the note carry the user's id): a session
 * that expires keeps its copies, and the next person signing in on this browser must neither load
 * them (their edits would go out as that person's), nor see, count or be asked about them; their
 * author gets them back on signing in again. Signing out erases the person's own copies and every
 * copy with nothing unsent, and keeps another person's copies noted as holding unsent edits.
 *
 * No import of the editor or of Yjs: the site's layout (every page) reads this at sign-out.
 */
import { LOCAL_COPY_MARKER_PREFIX } from './early-open-script.js';

/** Name prefix of the IndexedDB database holding this browser's copy of a document. */
export const LOCAL_COPY_DATABASE_PREFIX = 'trame-document-';

/**
 * Key prefix (then `<user id>:<document id>`) of the entry noting a copy with unsent edits. An
 * entry without a user id (written before copies were kept per person) is nobody's: never shown,
 * erased at the next sign-out, as is its copy.
 */
export const UNSENT_PREFIX = 'trame-unsent:';

/** Name of the IndexedDB database holding `userId`'s copy of a document in this browser. */
export function localCopyName(documentId: string, userId: string): string {
	return `${LOCAL_COPY_DATABASE_PREFIX}${userId}-${documentId}`;
}

function unsentKey(documentId: string, userId: string): string {
	return `${UNSENT_PREFIX}${userId}:${documentId}`;
}

/** The user and document of an unsent note's key, or null (another key, or a note of nobody). */
function parseUnsentKey(key: string): { userId: string; documentId: string } | null {
	if (!key.startsWith(UNSENT_PREFIX)) return null;
	const rest = key.slice(UNSENT_PREFIX.length);
	const colon = rest.indexOf(':');
	if (colon <= 0 || colon === rest.length - 1) return null;
	return { userId: rest.slice(0, colon), documentId: rest.slice(colon + 1) };
}

/** Longest a sign-out waits for the browser to delete the copies (a blocked deletion). */
const FORGET_TIMEOUT_MS = 3000;

export interface UnsentCopy {
	documentId: string;
	/** The document's title when the page knew it, else ''. */
	title: string;
}

/** Notes (or, once everything is acknowledged, forgets) that `userId`'s copy holds unsent edits. */
export function noteUnsent(
	userId: string,
	documentId: string,
	title: string,
	unsent: boolean,
	storage: Storage | null = browserStorage()
): void {
	if (!userId) return;
	try {
		if (unsent) storage?.setItem(unsentKey(documentId, userId), title);
		else storage?.removeItem(unsentKey(documentId, userId));
	} catch {
		// Storage refused (private mode, quota): the copy itself still keeps the edits.
	}
}

/** `userId`'s copies noted as holding unsent edits, by title (never another person's). */
export function unsentCopies(
	userId: string,
	storage: Storage | null = browserStorage()
): UnsentCopy[] {
	const copies: UnsentCopy[] = [];
	if (!userId) return copies;
	for (const key of storageKeys(storage)) {
		const note = parseUnsentKey(key);
		if (note?.userId === userId)
			copies.push({ documentId: note.documentId, title: storage?.getItem(key) ?? '' });
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
 * Erases the local copies `userId` (signing out) may erase, and their entries: closes the
 * documents open in this page, deletes the databases (theirs, and any other with nothing unsent:
 * nothing is lost) and the localStorage entries. Another person's copies noted as holding unsent
 * edits stay for them, with their notes. Never waits more than a few seconds: the sign-out goes on.
 */
export async function forgetLocalCopies(
	userId: string,
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
	// Another person's unsent edits: their copies are not this person's to erase.
	const kept = new Set<string>();
	for (const key of storageKeys(storage)) {
		const note = parseUnsentKey(key);
		if (note && note.userId !== userId) kept.add(localCopyName(note.documentId, note.userId));
	}
	for (const key of storageKeys(storage)) {
		const note = parseUnsentKey(key);
		const erased = key.startsWith(UNSENT_PREFIX)
			? !note || note.userId === userId
			: key.startsWith(LOCAL_COPY_MARKER_PREFIX) &&
				!kept.has(key.slice(LOCAL_COPY_MARKER_PREFIX.length));
		if (erased) storage?.removeItem(key);
	}
	if (!idb || typeof idb.databases !== 'function') return;
	const deleting = (async () => {
		const databases = await idb.databases();
		await Promise.all(
			databases
				.map((database) => database.name ?? '')
				.filter((name) => name.startsWith(LOCAL_COPY_DATABASE_PREFIX) && !kept.has(name))
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

import { describe, expect, it } from 'vitest';
import {
	forgetLocalCopies,
	localCopyName,
	noteUnsent,
	registerOpenCopy,
	settleOpenCopies,
	unsentCopies
} from './local-copies';

/** localStorage's interface over a Map (what the browser gives, without a browser). */
class MemoryStorage implements Storage {
	readonly #items = new Map<string, string>();
	get length(): number {
		return this.#items.size;
	}
	key(index: number): string | null {
		return [...this.#items.keys()][index] ?? null;
	}
	getItem(key: string): string | null {
		return this.#items.get(key) ?? null;
	}
	setItem(key: string, value: string): void {
		this.#items.set(key, String(value));
	}
	removeItem(key: string): void {
		this.#items.delete(key);
	}
	clear(): void {
		this.#items.clear();
	}
	keys(): string[] {
		return [...this.#items.keys()].sort();
	}
}

/** IndexedDB's database list and deletion over a set of names (what the sign-out uses). */
function memoryIndexedDb(names: string[]): IDBFactory & { names(): string[] } {
	const databases = new Set(names);
	return {
		databases: async () => [...databases].map((name) => ({ name, version: 1 })),
		deleteDatabase(name: string) {
			const request = { onsuccess: null, onerror: null } as unknown as IDBOpenDBRequest;
			setTimeout(() => {
				databases.delete(name);
				request.onsuccess?.(new Event('success'));
			});
			return request;
		},
		names: () => [...databases].sort()
	} as unknown as IDBFactory & { names(): string[] };
}

const ANNE = 'anne00000000001';
const BRUNO = 'bruno0000000001';

describe('unsent edits noted per document and per person', () => {
	it.each([
		{
			name: 'noted with its title',
			notes: [[ANNE, 'doc1', 'Protocole', true]] as const,
			expected: { [ANNE]: [{ documentId: 'doc1', title: 'Protocole' }], [BRUNO]: [] }
		},
		{
			name: 'forgotten once acknowledged',
			notes: [
				[ANNE, 'doc1', 'Protocole', true],
				[ANNE, 'doc1', '', false]
			] as const,
			expected: { [ANNE]: [], [BRUNO]: [] }
		},
		{
			name: 'several, by title',
			notes: [
				[ANNE, 'doc2', 'Synthèse', true],
				[ANNE, 'doc1', 'Annexe', true],
				[ANNE, 'doc3', '', true]
			] as const,
			expected: {
				[ANNE]: [
					{ documentId: 'doc3', title: '' },
					{ documentId: 'doc1', title: 'Annexe' },
					{ documentId: 'doc2', title: 'Synthèse' }
				],
				[BRUNO]: []
			}
		},
		{
			// A session expired with unsent edits; the next person on this browser is not told.
			name: "another person's notes are never shown, even on the same document",
			notes: [
				[ANNE, 'doc1', 'Notes privées d’Anne', true],
				[BRUNO, 'doc2', 'Compte rendu', true],
				[BRUNO, 'doc1', 'Protocole', true]
			] as const,
			expected: {
				[ANNE]: [{ documentId: 'doc1', title: 'Notes privées d’Anne' }],
				[BRUNO]: [
					{ documentId: 'doc2', title: 'Compte rendu' },
					{ documentId: 'doc1', title: 'Protocole' }
				]
			}
		},
		{
			name: "acknowledging one's own edits leaves another person's note",
			notes: [
				[ANNE, 'doc1', 'Protocole', true],
				[BRUNO, 'doc1', 'Protocole', true],
				[BRUNO, 'doc1', '', false]
			] as const,
			expected: { [ANNE]: [{ documentId: 'doc1', title: 'Protocole' }], [BRUNO]: [] }
		}
	])('$name', ({ notes, expected }) => {
		const storage = new MemoryStorage();
		// Nobody's: a note without a person (written before notes were per person), or without a
		// document.
		storage.setItem('trame-unsent:', 'no id: ignored');
		storage.setItem('trame-unsent:doc9', 'Note de personne');
		storage.setItem(`trame-unsent:${ANNE}:`, 'no document: ignored');
		storage.setItem('other-app', 'kept');
		for (const [user, id, title, unsent] of notes) noteUnsent(user, id, title, unsent, storage);
		for (const [user, copies] of Object.entries(expected))
			expect(unsentCopies(user, storage), user).toEqual(copies);
		expect(unsentCopies('', storage)).toEqual([]);
	});

	it('reads nothing, and notes nothing, without storage or without a person', () => {
		noteUnsent(ANNE, 'doc1', 'Protocole', true, null);
		expect(unsentCopies(ANNE, null)).toEqual([]);
		const storage = new MemoryStorage();
		noteUnsent('', 'doc1', 'Protocole', true, storage);
		expect(storage.keys()).toEqual([]);
	});

	it("names each person's copy of a document apart", () => {
		expect(localCopyName('doc1', ANNE)).toBe(`trame-document-${ANNE}-doc1`);
		expect(localCopyName('doc1', ANNE)).not.toBe(localCopyName('doc1', BRUNO));
	});
});

describe('forgetting the local copies (sign-out)', () => {
	it("removes this app's entries only, and closes the documents open in the page", async () => {
		const storage = new MemoryStorage();
		storage.setItem(`trame-local-copy:${localCopyName('doc1', ANNE)}`, '1');
		noteUnsent(ANNE, 'doc1', 'Protocole', true, storage);
		storage.setItem('trame-theme', 'sombre');
		let closed = 0;
		registerOpenCopy({ settled: () => true, close: () => closed++ });
		await forgetLocalCopies(ANNE, null, storage);
		expect(storage.keys()).toEqual(['trame-theme']);
		expect(closed).toBe(1);
		// Closed once: a second sign-out does not close it again.
		await forgetLocalCopies(ANNE, null, storage);
		expect(closed).toBe(1);
	});

	it.each([
		{
			name: 'one person: all their copies go, sent or not',
			copies: [
				[ANNE, 'doc1', true],
				[ANNE, 'doc2', false]
			] as const,
			signingOut: ANNE,
			keptCopies: [] as [string, string][]
		},
		{
			// Anne's session expired with unsent edits; Bruno signs in and out on this browser.
			name: "another person's unsent edits stay for them",
			copies: [
				[ANNE, 'doc1', true],
				[ANNE, 'doc2', false],
				[BRUNO, 'doc1', true],
				[BRUNO, 'doc3', false]
			] as const,
			signingOut: BRUNO,
			keptCopies: [[ANNE, 'doc1']] as [string, string][]
		},
		{
			name: 'Anne, back, signs out: her copies go, Bruno’s unsent ones stay',
			copies: [
				[ANNE, 'doc1', true],
				[BRUNO, 'doc1', true]
			] as const,
			signingOut: ANNE,
			keptCopies: [[BRUNO, 'doc1']] as [string, string][]
		}
	])('$name', async ({ copies, signingOut, keptCopies }) => {
		const storage = new MemoryStorage();
		// Copies from before they were per person: nobody's, erased with the rest.
		const legacy = ['trame-document-doc9', 'trame-document-doc1'];
		storage.setItem('trame-unsent:doc9', 'Note de personne');
		storage.setItem('trame-local-copy:trame-document-doc9', '1');
		const idb = memoryIndexedDb([
			...legacy,
			'autre-base',
			...copies.map(([user, id]) => localCopyName(id, user))
		]);
		for (const [user, id, unsent] of copies) {
			storage.setItem(`trame-local-copy:${localCopyName(id, user)}`, '1');
			if (unsent) noteUnsent(user, id, `Titre ${id}`, true, storage);
		}
		await forgetLocalCopies(signingOut, idb, storage);
		const keptNames = keptCopies.map(([user, id]) => localCopyName(id, user));
		expect(idb.names()).toEqual(['autre-base', ...keptNames].sort());
		expect(storage.keys()).toEqual(
			[
				...keptNames.map((name) => `trame-local-copy:${name}`),
				...keptCopies.map(([user, id]) => `trame-unsent:${user}:${id}`)
			].sort()
		);
		// The one who signs out is asked about nothing more; the others still get theirs back.
		expect(unsentCopies(signingOut, storage)).toEqual([]);
		for (const [user, id] of keptCopies)
			expect(unsentCopies(user, storage)).toEqual([{ documentId: id, title: `Titre ${id}` }]);
	});
});

describe('waiting for the open documents to be saved', () => {
	it('returns once every open document is settled', async () => {
		let checks = 0;
		const unregister = registerOpenCopy({ settled: () => ++checks >= 3, close: () => {} });
		await settleOpenCopies(10_000, 1);
		unregister();
		expect(checks).toBeGreaterThanOrEqual(3);
	});

	it('gives up after its limit on a document that never settles', async () => {
		let checks = 0;
		const unregister = registerOpenCopy({ settled: () => (checks++, false), close: () => {} });
		await settleOpenCopies(20, 1);
		unregister();
		expect(checks).toBeGreaterThan(1);
	});
});

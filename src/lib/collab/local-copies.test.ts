import { describe, expect, it } from 'vitest';
import {
	forgetLocalCopies,
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

describe('unsent edits noted per document', () => {
	it.each([
		{
			name: 'noted with its title',
			notes: [['doc1', 'Protocole', true]] as const,
			expected: [{ documentId: 'doc1', title: 'Protocole' }]
		},
		{
			name: 'forgotten once acknowledged',
			notes: [
				['doc1', 'Protocole', true],
				['doc1', '', false]
			] as const,
			expected: []
		},
		{
			name: 'several, by title',
			notes: [
				['doc2', 'Synthèse', true],
				['doc1', 'Annexe', true],
				['doc3', '', true]
			] as const,
			expected: [
				{ documentId: 'doc3', title: '' },
				{ documentId: 'doc1', title: 'Annexe' },
				{ documentId: 'doc2', title: 'Synthèse' }
			]
		}
	])('$name', ({ notes, expected }) => {
		const storage = new MemoryStorage();
		storage.setItem('trame-unsent:', 'no id: ignored');
		storage.setItem('other-app', 'kept');
		for (const [id, title, unsent] of notes) noteUnsent(id, title, unsent, storage);
		expect(unsentCopies(storage)).toEqual(expected);
	});

	it('reads nothing, and notes nothing, without storage', () => {
		noteUnsent('doc1', 'Protocole', true, null);
		expect(unsentCopies(null)).toEqual([]);
	});
});

describe('forgetting the local copies (sign-out)', () => {
	it("removes this app's entries only, and closes the documents open in the page", async () => {
		const storage = new MemoryStorage();
		storage.setItem('trame-local-copy:trame-document-doc1', '1');
		storage.setItem('trame-unsent:doc1', 'Protocole');
		storage.setItem('trame-theme', 'sombre');
		let closed = 0;
		registerOpenCopy({ settled: () => true, close: () => closed++ });
		await forgetLocalCopies(null, storage);
		expect(storage.keys()).toEqual(['trame-theme']);
		expect(closed).toBe(1);
		// Closed once: a second sign-out does not close it again.
		await forgetLocalCopies(null, storage);
		expect(closed).toBe(1);
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

/** In-memory `DocStore` for unit tests and local experiments. Not durable, obviously. */
import type { DocStore, StoredUpdate } from './doc-store';

export class MemoryStore implements DocStore {
	private readonly rows = new Map<string, StoredUpdate[]>();
	private nextId = 1;

	async load(documentName: string): Promise<StoredUpdate[]> {
		return (this.rows.get(documentName) ?? []).map((row) => ({ ...row }));
	}

	async append(documentName: string, update: Uint8Array): Promise<string> {
		return this.insert(documentName, update, false);
	}

	async compact(
		documentName: string,
		snapshot: Uint8Array,
		replacedIds: readonly string[]
	): Promise<string> {
		const replaced = new Set(replacedIds);
		const kept = (this.rows.get(documentName) ?? []).filter((row) => !replaced.has(row.id));
		this.rows.set(documentName, kept);
		return this.insert(documentName, snapshot, true);
	}

	/** Rows of a document as stored (test inspection). */
	rowsOf(documentName: string): readonly StoredUpdate[] {
		return this.rows.get(documentName) ?? [];
	}

	private insert(documentName: string, data: Uint8Array, compacted: boolean): string {
		const id = `row${String(this.nextId++).padStart(12, '0')}`;
		const list = this.rows.get(documentName) ?? [];
		// Copy: the caller may reuse its buffer.
		list.push({ id, data: Uint8Array.from(data), compacted });
		this.rows.set(documentName, list);
		return id;
	}
}

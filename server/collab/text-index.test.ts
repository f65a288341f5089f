import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { startHarness, type Harness } from '../testing/harness';
import { connectRaw } from '../testing/raw-client';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { createMemoryLogger } from '../log';
import { extractPlainText, TextIndex, type TextIndexWriter } from './text-index';
import { EDITOR_FIELD } from '../../src/lib/editor/extensions';
import { createDocumentState } from '../../src/lib/editor/template-state';
import { copilMinutesTemplate } from '../../src/lib/domain/templates/compte-rendu-copil';

const DOC = 'doc000000000001';
const ALICE = { id: 'alice0000000001', name: 'Alice' };

/** Appends a paragraph the way the editor's Yjs binding stores it. */
function appendParagraph(doc: Y.Doc, text: string): void {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	const fragment = doc.getXmlFragment(EDITOR_FIELD);
	fragment.insert(fragment.length, [paragraph]);
}

class RecordingWriter implements TextIndexWriter {
	writes: { document: string; text: string }[] = [];
	failNext = 0;
	async write(document: string, text: string): Promise<void> {
		if (this.failNext > 0) {
			this.failNext--;
			throw new Error('PocketBase down');
		}
		this.writes.push({ document, text });
	}
}

describe('extractPlainText', () => {
	it('gives one line per block of a template state, through the editor schema', () => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, createDocumentState(copilMinutesTemplate('fr', 'COPIL n°3')));
		const text = extractPlainText(doc);
		expect(text.split('\n')[0]).toBe('COPIL n°3');
		expect(text).toContain('Ordre du jour');
		expect(text).toContain('Structure'); // a table header cell
	});

	it('leaves pending suggested insertions out and keeps text proposed for deletion', () => {
		const doc = new Y.Doc();
		appendParagraph(doc, 'Budget de 1000 euros.');
		const text = (doc.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
		const by = { id: 's1', author: ALICE.id, authorName: ALICE.name, time: 1 };
		text.insert(text.length, ' Proposé.', { 'suggestionInsert--abcd1234': by });
		text.format(10, 4, { 'suggestionDelete--abcd5678': by });
		expect(extractPlainText(doc)).toBe('Budget de 1000 euros.');
	});

	it('gives an empty string for an empty document', () => {
		expect(extractPlainText(new Y.Doc())).toBe('');
	});
});

describe('TextIndex in the collab server (memory store)', () => {
	let h: Harness;
	const writer = new RecordingWriter();
	const logger = createMemoryLogger();
	let current: ReturnType<typeof connectRaw> | null = null;
	afterEach(async () => {
		current?.ws.terminate();
		await h.stop();
		writer.writes = [];
	});

	async function setup(debounceMs: number, overrides: Parameters<typeof startHarness>[0] = {}) {
		h = await startHarness({
			watcher: new TextIndex({ writer, logger, debounceMs }),
			batchWindowMs: 0,
			...overrides
		});
		h.auth.addUser('alice', ALICE);
		h.auth.grant(ALICE.id, DOC, 'edit');
		const client = connectRaw(h.url(DOC, EDITOR_SCHEMA_VERSION), { token: 'alice' });
		await client.opened;
		client.sendStep1();
		current = client;
		return client;
	}

	it('writes once, after changes have stopped for the debounce period', async () => {
		const alice = await setup(80);
		alice.edit((doc) => appendParagraph(doc, 'Mobilité'));
		alice.edit((doc) => appendParagraph(doc, 'rurale'));
		await new Promise((r) => setTimeout(r, 40));
		expect(writer.writes).toHaveLength(0);
		await vi.waitFor(() => expect(writer.writes).toHaveLength(1));
		expect(writer.writes[0]).toEqual({ document: DOC, text: 'Mobilité\nrurale' });
		// Nothing new: nothing written.
		await new Promise((r) => setTimeout(r, 150));
		expect(writer.writes).toHaveLength(1);
		// The stored Yjs rows are untouched by the index: the text is derived, never written back.
		expect(h.store.memory.rowsOf(DOC).length).toBeGreaterThan(0);
	});

	it('writes at unload without waiting for the debounce', async () => {
		const alice = await setup(60_000, { idleUnloadMs: 20 });
		alice.edit((doc) => appendParagraph(doc, 'covoiturage'));
		await vi.waitFor(() => expect(h.store.appends).toBeGreaterThan(0));
		await alice.close();
		await vi.waitFor(() => expect(h.collab.stats().documents).toBe(0));
		expect(writer.writes).toEqual([{ document: DOC, text: 'covoiturage' }]);
	});

	it('writes at shutdown', async () => {
		const alice = await setup(60_000);
		alice.edit((doc) => appendParagraph(doc, 'assemblée'));
		await vi.waitFor(() => expect(h.store.appends).toBeGreaterThan(0));
		await h.collab.close();
		expect(writer.writes).toEqual([{ document: DOC, text: 'assemblée' }]);
	});

	it('retries after a failed write', async () => {
		writer.failNext = 1;
		const alice = await setup(30);
		alice.edit((doc) => appendParagraph(doc, 'tirage au sort'));
		await vi.waitFor(() =>
			expect(writer.writes).toEqual([{ document: DOC, text: 'tirage au sort' }])
		);
		expect(logger.entries.some((e) => e.event === 'collab.text_index_write_failed')).toBe(true);
	});
});

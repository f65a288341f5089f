import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PROJECT_ROOT } from '../config.mjs';
import { rowBody } from './doc-rows';
import { decodeRow } from './update-codec';

function sources(path: string): string[] {
	const full = join(PROJECT_ROOT, path);
	if (!statSync(full).isDirectory()) return /\.(ts|mjs|svelte)$/.test(path) ? [path] : [];
	return readdirSync(full).flatMap((entry) => sources(join(path, entry)));
}

describe('doc_updates rows', () => {
	it('a row body round-trips through the codec', () => {
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'bonjour '.repeat(50));
		const update = Y.encodeStateAsUpdate(doc);
		const body = rowBody('abcdefghijklmno', update, true);
		expect(body).toMatchObject({ document: 'abcdefghijklmno', compacted: true });
		const back = new Y.Doc();
		Y.applyUpdate(back, decodeRow(body));
		expect(back.getText('t').toString()).toBe(doc.getText('t').toString());
	});

	it('are read and written only by server/storage (one owner)', () => {
		const touches = /collection\(\s*['"]doc_updates['"]|\b(encodeRow|decodeRow|mergeRows)\(/;
		const files = ['src', 'server', 'scripts']
			.flatMap(sources)
			.filter((file) => !file.startsWith(join('server', 'storage')) && !file.endsWith('.test.ts'));
		expect(files.length).toBeGreaterThan(50);
		const outside = files.filter((file) =>
			touches.test(readFileSync(join(PROJECT_ROOT, file), 'utf8'))
		);
		expect(outside).toEqual([]);
	});
});

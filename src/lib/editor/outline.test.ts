import { describe, expect, it } from 'vitest';
import { editorSchema } from './extensions';
import { currentEntry, outlineOf } from './outline';
import { protocolTemplate } from '../domain/templates/protocol';

const schema = editorSchema();

describe('outline', () => {
	const doc = schema.nodeFromJSON(protocolTemplate('fr', 'Mon protocole'));
	const entries = outlineOf(doc);

	it('lists the title and the 12 sections with their positions', () => {
		expect(entries).toHaveLength(13);
		expect(entries[0]).toMatchObject({ level: 1, text: 'Mon protocole', pos: 0 });
		expect(entries[8]).toMatchObject({ level: 2, text: '8. Calendrier' });
		for (const entry of entries) expect(doc.nodeAt(entry.pos)?.type.name).toBe('heading');
	});

	it('skips empty headings', () => {
		const empty = schema.nodeFromJSON({
			type: 'doc',
			content: [{ type: 'heading', attrs: { level: 2 } }, { type: 'paragraph' }]
		});
		expect(outlineOf(empty)).toEqual([]);
	});

	it.each<[string, number, number]>([
		['before any heading', -1, -1],
		['on the title', 0, 0],
		['inside section 8', 0, 8],
		['on the last heading', 0, 12]
	])('finds the current heading %s', (_name, offset, expected) => {
		const base = expected >= 0 ? entries[expected]!.pos + 1 : 0;
		expect(currentEntry(entries, base + offset)).toBe(expected);
	});
});

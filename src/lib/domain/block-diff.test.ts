import { describe, expect, it } from 'vitest';
import { diffBlocks, type FlatBlock } from './block-diff';

const p = (text: string): FlatBlock => ({ kind: 'paragraph', level: 0, cells: [text] });
const h = (text: string): FlatBlock => ({ kind: 'heading', level: 2, cells: [text] });
const row = (...cells: string[]): FlatBlock => ({ kind: 'row', level: 0, cells });

describe('diffBlocks', () => {
	it('keeps identical documents identical', () => {
		const doc = [h('Budget'), p('Texte')];
		expect(diffBlocks(doc, doc).map((b) => b.status)).toEqual(['same', 'same']);
	});

	it('marks added and removed blocks, and words inside a changed block', () => {
		const result = diffBlocks(
			[h('Budget'), p('Vingt mille euros'), p('À supprimer')],
			[h('Budget'), p('Trente mille euros'), row('Animation', '1 500')]
		);
		expect(result.map((b) => [b.status, b.kind])).toEqual([
			['same', 'heading'],
			['changed', 'paragraph'],
			['removed', 'paragraph'],
			['added', 'row']
		]);
		expect(result[1]!.cells[0]).toEqual([
			{ op: 'removed', text: 'Vingt' },
			{ op: 'added', text: 'Trente' },
			{ op: 'equal', text: ' mille euros' }
		]);
	});

	it('compares table rows cell by cell', () => {
		const [changed] = diffBlocks([row('Animation', '1 500')], [row('Animation', '2 000')]);
		expect(changed!.status).toBe('changed');
		expect(changed!.cells[0]).toEqual([{ op: 'equal', text: 'Animation' }]);
		const cell = changed!.cells[1]!;
		expect(cell.filter((x) => x.op === 'removed').map((x) => x.text)).toEqual(['1', '500']);
		expect(cell.filter((x) => x.op === 'added').map((x) => x.text)).toEqual(['2', '000']);
	});

	it('a new section in the middle is added, the rest stays the same', () => {
		const before = [h('A'), p('a'), h('C'), p('c')];
		const after = [h('A'), p('a'), h('B'), p('b'), h('C'), p('c')];
		expect(diffBlocks(before, after).map((b) => b.status)).toEqual([
			'same',
			'same',
			'added',
			'added',
			'same',
			'same'
		]);
	});
});

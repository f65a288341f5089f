/** A document's export blocks flattened for the formatted comparison of versions. */
import type { FlatBlock } from '../../domain/block-diff';
import { plainInlines, type ExportBlock } from '../export/model';

export function flattenBlocks(blocks: readonly ExportBlock[], depth = 0): FlatBlock[] {
	const out: FlatBlock[] = [];
	for (const block of blocks) {
		switch (block.type) {
			case 'heading':
				out.push({ kind: 'heading', level: block.level, cells: [plainInlines(block.inlines)] });
				break;
			case 'paragraph': {
				const text = plainInlines(block.inlines);
				if (text.trim()) out.push({ kind: 'paragraph', level: depth, cells: [text] });
				break;
			}
			case 'list':
				block.items.forEach((item, i) => {
					const [first, ...rest] = item;
					const flag = block.checked
						? block.checked[i]
							? 'checked'
							: 'unchecked'
						: block.ordered
							? 'ordered'
							: undefined;
					const text = first?.type === 'paragraph' ? plainInlines(first.inlines) : '';
					out.push({ kind: 'item', level: depth, flag, cells: [text] });
					out.push(...flattenBlocks(first?.type === 'paragraph' ? rest : item, depth + 1));
				});
				break;
			case 'quote':
				out.push(...flattenBlocks(block.blocks, depth));
				break;
			case 'rule':
				out.push({ kind: 'rule', level: 0, cells: [''] });
				break;
			case 'table':
				if (block.title) out.push({ kind: 'caption', level: 0, cells: [block.title] });
				if (block.header) out.push({ kind: 'row', level: 0, flag: 'header', cells: block.header });
				for (const row of block.rows) out.push({ kind: 'row', level: 0, cells: row });
				break;
			case 'image':
				out.push({ kind: 'media', level: 0, flag: 'image', cells: [block.alt || block.key] });
				break;
			case 'file':
				out.push({ kind: 'media', level: 0, flag: 'file', cells: [block.name] });
				break;
		}
	}
	return out;
}

/** DOCX export of the block model with the `docx` library (loaded only when a DOCX is asked for). */
import {
	AlignmentType,
	BorderStyle,
	Document,
	ExternalHyperlink,
	HeadingLevel,
	ImageRun,
	LevelFormat,
	Packer,
	PageBreak,
	Paragraph,
	Table,
	TableCell,
	TableRow,
	TextRun,
	InsertedTextRun,
	DeletedTextRun,
	WidthType,
	type ParagraphChild
} from 'docx';
import { quote } from '../../i18n/format';
import type { ExportAssets, ExportBlock, ExportDocument, ExportLabels, Inline } from './model';

/** Images fit the A4 text width (about 16 cm at 96 px per inch). */
const MAX_IMAGE_WIDTH_PX = 600;

const HEADINGS = {
	1: HeadingLevel.HEADING_1,
	2: HeadingLevel.HEADING_2,
	3: HeadingLevel.HEADING_3
} as const;

/** Word revision ids (w:id of w:ins / w:del), unique within one document. */
let revision = 0;

function runs(inlines: Inline[]): ParagraphChild[] {
	return inlines.map((part) => {
		if (part.text === '\n') return new TextRun({ break: 1 });
		if (part.change) {
			// Pending suggestions as Word tracked changes, with their author and date.
			const options = {
				text: part.text,
				bold: part.bold,
				italics: part.italic,
				id: ++revision,
				author: part.change.author || 'Trame',
				date: new Date(part.change.time || Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z')
			};
			return part.change.kind === 'insert'
				? new InsertedTextRun(options)
				: new DeletedTextRun(options);
		}
		const run = new TextRun({
			text: part.text,
			bold: part.bold,
			italics: part.italic,
			strike: part.strike,
			...(part.underline ? { underline: {} } : {})
		});
		if (part.href) {
			return new ExternalHyperlink({
				link: part.href,
				children: [new TextRun({ text: part.text, style: 'Hyperlink' })]
			});
		}
		return run;
	});
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '8A949F' };

function table(header: string[] | null, rows: string[][], footer: string[] | null = null): Table {
	const width = Math.max(header?.length ?? 0, ...rows.map((r) => r.length), 1);
	const row = (cells: string[], bold: boolean, repeat = bold) =>
		new TableRow({
			...(repeat ? { tableHeader: true } : {}),
			children: Array.from(
				{ length: width },
				(_, i) =>
					new TableCell({
						borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
						children: [new Paragraph({ children: [new TextRun({ text: cells[i] ?? '', bold })] })]
					})
			)
		});
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		rows: [
			...(header ? [row(header, true)] : []),
			...rows.map((r) => row(r, false)),
			...(footer ? [row(footer, true, false)] : [])
		]
	});
}

function image(b: Extract<ExportBlock, { type: 'image' }>, assets?: ExportAssets): Paragraph {
	const asset = assets?.images[b.key];
	if (!asset?.data || !asset.format || !b.width || !b.height)
		return new Paragraph({ children: [new TextRun({ text: b.alt, italics: true })] });
	const width = Math.min(b.width, MAX_IMAGE_WIDTH_PX);
	return new Paragraph({
		children: [
			new ImageRun({
				type: asset.format,
				data: asset.data,
				transformation: { width, height: Math.round((b.height * width) / b.width) },
				altText: { name: b.alt || b.key, description: b.alt, title: b.alt }
			})
		]
	});
}

function blocks(list: ExportBlock[], assets?: ExportAssets, depth = 0): (Paragraph | Table)[] {
	const out: (Paragraph | Table)[] = [];
	for (const b of list) {
		switch (b.type) {
			case 'heading':
				// The outline level makes it a heading for every reader (LibreOffice's ODT `text:h`,
				// navigation panes), not only a paragraph styled like one.
				out.push(
					new Paragraph({
						heading: HEADINGS[b.level],
						outlineLevel: b.level - 1,
						children: runs(b.inlines)
					})
				);
				break;
			case 'paragraph':
				out.push(new Paragraph({ children: runs(b.inlines) }));
				break;
			case 'list':
				b.items.forEach((item, itemIndex) => {
					item.forEach((child, i) => {
						if (child.type === 'paragraph' && i === 0) {
							const box = b.checked ? [new TextRun(b.checked[itemIndex] ? '☑ ' : '☐ ')] : [];
							out.push(
								new Paragraph({
									children: [...box, ...runs(child.inlines)],
									...(b.ordered
										? { numbering: { reference: 'trame-ordered', level: Math.min(depth, 8) } }
										: { bullet: { level: Math.min(depth, 8) } })
								})
							);
						} else {
							out.push(...blocks([child], assets, depth + 1));
						}
					});
				});
				break;
			case 'quote':
				out.push(...blocks(b.blocks, assets, depth));
				break;
			case 'image':
				out.push(image(b, assets));
				break;
			case 'file': {
				const href = assets?.files[b.key]?.href;
				out.push(
					new Paragraph({
						children: href
							? [
									new ExternalHyperlink({
										link: href,
										children: [new TextRun({ text: b.name, style: 'Hyperlink' })]
									})
								]
							: [new TextRun(b.name)]
					})
				);
				break;
			}
			case 'rule':
				out.push(new Paragraph({ border: { bottom: BORDER }, children: [] }));
				break;
			case 'table':
				if (b.title) {
					out.push(new Paragraph({ children: [new TextRun({ text: b.title, bold: true })] }));
				}
				// A table needs at least one row (an empty part may have only its header, or nothing).
				if (b.header || b.rows.length) out.push(table(b.header, b.rows, b.footer ?? null));
				out.push(new Paragraph({ children: [] }));
				break;
		}
	}
	return out;
}

export async function toDocx(doc: ExportDocument, labels: ExportLabels): Promise<Uint8Array> {
	const meta = (label: string, value: string) =>
		new Paragraph({
			alignment: AlignmentType.CENTER,
			children: [new TextRun({ text: `${label} : `, bold: true }), new TextRun(value)]
		});
	const titlePage = [
		new Paragraph({
			heading: HeadingLevel.TITLE,
			alignment: AlignmentType.CENTER,
			children: [new TextRun(doc.title)]
		}),
		meta(labels.experiment, doc.experiment),
		meta(labels.territory, doc.territory),
		meta(labels.version, doc.versionLabel),
		meta(labels.date, doc.date),
		new Paragraph({ children: [new PageBreak()] })
	];
	const appendix: (Paragraph | Table)[] = [];
	if (doc.comments?.length) {
		appendix.push(
			new Paragraph({ children: [new PageBreak()] }),
			new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(labels.comments)] })
		);
		for (const c of doc.comments) {
			appendix.push(
				new Paragraph({
					children: [new TextRun({ text: quote(c.quote, labels.locale), italics: true })]
				})
			);
			if (c.kind === 'suggestion') {
				appendix.push(
					new Paragraph({
						children: [
							new TextRun({ text: `${labels.suggestion} : `, bold: true }),
							new TextRun(c.replacement)
						]
					})
				);
			}
			for (const message of c.messages) {
				appendix.push(
					new Paragraph({
						bullet: { level: 0 },
						children: [
							new TextRun({ text: `${message.author} (${message.date}) : `, bold: true }),
							new TextRun(message.body)
						]
					})
				);
			}
		}
	}
	const document = new Document({
		title: doc.title,
		creator: 'Trame',
		numbering: {
			config: [
				{
					reference: 'trame-ordered',
					levels: Array.from({ length: 9 }, (_, level) => ({
						level,
						format: LevelFormat.DECIMAL,
						text: `%${level + 1}.`,
						alignment: AlignmentType.START,
						style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } }
					}))
				}
			]
		},
		sections: [{ children: [...titlePage, ...blocks(doc.blocks, doc.assets), ...appendix] }]
	});
	return new Uint8Array(await Packer.toBuffer(document));
}

/**
 * The import corpus, built in the tests (never checked-in binaries): a protocol as a word
 * processor writes it (DOCX by the `docx` library, standing in for Word: styles, numbering,
 * comments with a reply, tracked changes, footnotes, images with and without alternative text,
 * merged cells), the same protocol as Markdown and as HTML, and files derived from them by
 * LibreOffice (ODT written by LibreOffice, DOCX re-written by LibreOffice) and Pandoc.
 */
import { deflateSync } from 'node:zlib';
import {
	CommentRangeEnd,
	CommentRangeStart,
	CommentReference,
	DeletedTextRun,
	Document,
	ExternalHyperlink,
	FootnoteReferenceRun,
	HeadingLevel,
	ImageRun,
	InsertedTextRun,
	Packer,
	Paragraph,
	Table,
	TableCell,
	TableRow,
	TextRun,
	UnderlineType
} from 'docx';

/** A valid PNG of `width`×`height` noisy pixels (incompressible, like a photo). */
export function noisePng(width: number, height: number, seed = 1): Uint8Array {
	let state = seed >>> 0 || 1;
	const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) >>> 24) & 0xff;
	const raw = Buffer.alloc((width * 3 + 1) * height);
	for (let y = 0; y < height; y++) {
		const row = y * (width * 3 + 1);
		raw[row] = 0;
		for (let x = 1; x <= width * 3; x++) raw[row + x] = random();
	}
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (bytes: Buffer) => {
		let c = 0xffffffff;
		for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type: string, data: Buffer) => {
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
		const sum = Buffer.alloc(4);
		sum.writeUInt32BE(crc(body));
		return Buffer.concat([length, body, sum]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // RGB
	return new Uint8Array(
		Buffer.concat([
			Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			chunk('IHDR', header),
			chunk('IDAT', deflateSync(raw, { level: 1 })),
			chunk('IEND', Buffer.alloc(0))
		])
	);
}

/** What every corpus protocol contains (checked structurally by the tests). */
export const CORPUS = {
	title: 'Protocole — Assemblée citoyenne de Saint-Affrique',
	headings: [
		'1. Contexte et territoire',
		'2) Les enjeux visés',
		'Question de recherche & hypotheses',
		'CALENDRIER',
		'9. Moyens et budget',
		'Evaluation',
		'Annexe : glossaire'
	],
	budget: [
		['Indemnisation des citoyens tirés au sort', '12 000', 'Région Occitanie'],
		['Location de salle', '1 500,50', 'Commune de Saint-Affrique'],
		['Animation', '4 000', 'Fondation']
	],
	milestones: [
		['Tirage au sort', '12/03/2027', 'Mairie'],
		['Première session', '2027-04-10', 'Labo']
	],
	indicators: [['Taux de participation', '12 %', '25 %', 'Registre des présences']],
	comment: {
		author: 'Claire Martin',
		text: 'Préciser le nombre de communes.',
		reply: { author: 'Hugo Bernard', text: 'Ajouté : 41 communes.' },
		passage: 'intercommunalité rurale'
	},
	insertion: 'de 41 communes',
	deletion: 'très ',
	contextText:
		'Saint-Affrique est une intercommunalité rurale de 41 communes où la participation reste faible.',
	footnote: 'Source : Insee, recensement 2021.',
	imageAlt: 'Carte du territoire',
	bullets: ['Diversification : aller vers les jeunes', 'Confiance : renouer avec les élus'],
	nested: 'Lycées agricoles',
	ordered: ['Première étape', 'Deuxième étape'],
	glossary: 'COPIL : comité de pilotage.'
} as const;

const cell = (text: string, header = false, extra: Record<string, unknown> = {}) =>
	new TableCell({
		...extra,
		children: [new Paragraph({ children: [new TextRun({ text, bold: header })] })]
	});

function table(header: readonly string[], rows: readonly (readonly string[])[]): Table {
	return new Table({
		rows: [
			new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
			...rows.map((row) => new TableRow({ children: row.map((value) => cell(value)) }))
		]
	});
}

/** The protocol as Word would write it (through the `docx` library). */
export async function wordProtocol(): Promise<Uint8Array> {
	const c = CORPUS;
	const [before, after] = c.contextText.split(c.comment.passage) as [string, string];
	const [afterStart, afterRest] = [
		after.slice(0, after.indexOf('où')),
		after.slice(after.indexOf('où'))
	];
	const doc = new Document({
		creator: 'Claire Martin',
		title: c.title,
		comments: {
			children: [
				{
					id: 0,
					author: c.comment.author,
					initials: 'CM',
					date: new Date('2026-11-03T10:00:00Z'),
					children: [new Paragraph({ children: [new TextRun(c.comment.text)] })]
				}
			]
		},
		footnotes: { 1: { children: [new Paragraph(c.footnote)] } },
		numbering: {
			config: [
				{
					reference: 'steps',
					levels: [{ level: 0, format: 'decimal', text: '%1.', alignment: 'start' }]
				}
			]
		},
		sections: [
			{
				children: [
					new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(c.title)] }),
					new Paragraph({
						heading: HeadingLevel.HEADING_1,
						children: [new TextRun(c.headings[0])]
					}),
					new Paragraph({
						children: [
							new TextRun(before.replace(/ $/, ' ')),
							new CommentRangeStart(0),
							new TextRun(c.comment.passage),
							new CommentRangeEnd(0),
							new TextRun({ children: [new CommentReference(0)] }),
							new TextRun(afterStart.replace(c.insertion, '')),
							new InsertedTextRun({
								text: c.insertion,
								id: 1,
								author: 'Hugo Bernard',
								date: '2026-11-04T09:00:00Z'
							}),
							new TextRun(' '),
							new TextRun(afterRest.replace('reste faible.', 'reste ')),
							new DeletedTextRun({
								text: c.deletion,
								id: 2,
								author: 'Hugo Bernard',
								date: '2026-11-04T09:01:00Z'
							}),
							new TextRun('faible.'),
							new FootnoteReferenceRun(1)
						]
					}),
					new Paragraph({
						children: [
							new TextRun({ text: 'Un texte ', bold: true }),
							new TextRun({ text: 'en italique', italics: true }),
							new TextRun(', '),
							new TextRun({ text: 'souligné', underline: { type: UnderlineType.SINGLE } }),
							new TextRun(', '),
							new TextRun({ text: 'barré', strike: true }),
							new TextRun(' et un '),
							new ExternalHyperlink({
								link: 'https://www.insee.fr/',
								children: [new TextRun({ text: 'lien', style: 'Hyperlink' })]
							}),
							new TextRun('.')
						]
					}),
					new Paragraph({
						children: [
							new ImageRun({
								type: 'png',
								data: noisePng(40, 30, 7),
								transformation: { width: 40, height: 30 },
								altText: { name: 'carte', description: c.imageAlt, title: c.imageAlt }
							})
						]
					}),
					new Paragraph({
						children: [
							new ImageRun({
								type: 'png',
								data: noisePng(20, 20, 9),
								transformation: { width: 20, height: 20 }
							})
						]
					}),
					new Paragraph({
						heading: HeadingLevel.HEADING_1,
						children: [new TextRun(c.headings[1])]
					}),
					new Paragraph({ text: c.bullets[0], bullet: { level: 0 } }),
					new Paragraph({ text: c.nested, bullet: { level: 1 } }),
					new Paragraph({ text: c.bullets[1], bullet: { level: 0 } }),
					new Paragraph({
						heading: HeadingLevel.HEADING_1,
						children: [new TextRun(c.headings[2])]
					}),
					new Paragraph({ text: c.ordered[0], numbering: { reference: 'steps', level: 0 } }),
					new Paragraph({ text: c.ordered[1], numbering: { reference: 'steps', level: 0 } }),
					new Paragraph({
						heading: HeadingLevel.HEADING_1,
						children: [new TextRun(c.headings[3])]
					}),
					table(['Phase', 'Date', 'Responsable'], c.milestones),
					new Paragraph({
						heading: HeadingLevel.HEADING_1,
						children: [new TextRun(c.headings[4])]
					}),
					table(['Poste de dépense', 'Montant (€)', 'Financeur'], c.budget),
					new Paragraph({
						heading: HeadingLevel.HEADING_1,
						children: [new TextRun(c.headings[5])]
					}),
					table(['Indicateur', 'Valeur de départ', 'Cible', 'Source'], c.indicators),
					new Paragraph({
						heading: HeadingLevel.HEADING_1,
						children: [new TextRun(c.headings[6])]
					}),
					new Paragraph(c.glossary),
					new Table({
						rows: [
							new TableRow({
								children: [cell('Sigle', true), cell('Sens', true), cell('Note', true)]
							}),
							new TableRow({
								children: [
									cell('CRID', false, { rowSpan: 2 }),
									cell('Centre de ressources', false, { columnSpan: 2 })
								]
							}),
							new TableRow({ children: [cell('public'), cell('ouvert')] })
						]
					})
				]
			}
		]
	});
	return new Uint8Array(await Packer.toBuffer(doc));
}

/** The protocol in Markdown (what Outline, HedgeDoc or a README would give). */
export function markdownProtocol(): string {
	const c = CORPUS;
	const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
	return [
		`# ${c.title}`,
		`## ${c.headings[0]}`,
		c.contextText,
		'**Un texte** *en italique*, ~~barré~~ et un [lien](https://www.insee.fr/).',
		`![${c.imageAlt}](https://example.org/carte.png)`,
		`## ${c.headings[1]}`,
		`- ${c.bullets[0]}\n  - ${c.nested}\n- ${c.bullets[1]}`,
		`## ${c.headings[2]}`,
		`1. ${c.ordered[0]}\n2. ${c.ordered[1]}`,
		`## ${c.headings[3]}`,
		[
			row(['Phase', 'Date', 'Responsable']),
			row(['---', '---', '---']),
			...c.milestones.map(row)
		].join('\n'),
		`## ${c.headings[4]}`,
		[
			row(['Poste de dépense', 'Montant (€)', 'Financeur']),
			row(['---', '---', '---']),
			...c.budget.map(row)
		].join('\n'),
		`## ${c.headings[5]}`,
		[
			row(['Indicateur', 'Valeur de départ', 'Cible', 'Source']),
			row(['---', '---', '---', '---']),
			...c.indicators.map(row)
		].join('\n'),
		`## ${c.headings[6]}`,
		c.glossary,
		''
	].join('\n\n');
}

/** The protocol as an HTML page (a web page or a Google Docs "Web page" download). */
export function htmlProtocol(): string {
	const c = CORPUS;
	const table = (header: readonly string[], rows: readonly (readonly string[])[]) =>
		`<table><tr>${header.map((h) => `<th>${h}</th>`).join('')}</tr>${rows
			.map((r) => `<tr>${r.map((v) => `<td>${v}</td>`).join('')}</tr>`)
			.join('')}</table>`;
	return `<!doctype html><html><head><title>x</title><style>p{}</style></head><body>
<h1>${c.title}</h1>
<h2>${c.headings[0]}</h2><p>${c.contextText}</p>
<p><b>Un texte</b> <i>en italique</i>, <u>souligné</u>, <s>barré</s> et un <a href="https://www.insee.fr/">lien</a>.</p>
<p><img src="https://example.org/carte.png" alt="${c.imageAlt}"></p>
<h2>${c.headings[1]}</h2><ul><li>${c.bullets[0]}<ul><li>${c.nested}</li></ul></li><li>${c.bullets[1]}</li></ul>
<h2>${c.headings[2]}</h2><ol><li>${c.ordered[0]}</li><li>${c.ordered[1]}</li></ol>
<h2>${c.headings[3]}</h2>${table(['Phase', 'Date', 'Responsable'], c.milestones)}
<h2>${c.headings[4]}</h2>${table(['Poste de dépense', 'Montant (€)', 'Financeur'], c.budget)}
<h2>${c.headings[5]}</h2>${table(['Indicateur', 'Valeur de départ', 'Cible', 'Source'], c.indicators)}
<h2>${c.headings[6]}</h2><p>${c.glossary}</p><script>alert(1)</script>
</body></html>`;
}

const WORDS =
	'la participation des habitants du territoire repose sur un dispositif ouvert où chacun peut proposer débattre et décider avec les élus dans des assemblées tirées au sort qui se réunissent chaque mois pour examiner les projets soumis par les associations et les services de la commune'.split(
		' '
	);

function prose(seed: number, words: number): string {
	const out: string[] = [];
	for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length]!);
	const text = out.join(' ');
	return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/**
 * A long protocol for the bench: the 12 sections, each with subsections of prose (about 50
 * pages in a word processor), a budget and a calendar table, and `images` photos of ~500 KB
 * (noise: incompressible), about 5 MB in all.
 */
export async function longWordProtocol(images = 10, pages = 50): Promise<Uint8Array> {
	const children: (Paragraph | Table)[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('Protocole complet')] })
	];
	const titles = [
		'Contexte et territoire',
		'Enjeux visés',
		'Question de recherche et hypothèses',
		'Objectifs et résultats attendus',
		'Dispositif',
		'Publics et mobilisation',
		'Gouvernance',
		'Calendrier',
		'Moyens et budget',
		'Évaluation',
		'Risques',
		'Documentation et essaimage'
	];
	// ~450 words a page.
	const paragraphsPerSection = Math.ceil((pages * 450) / 90 / titles.length);
	let seed = 0;
	titles.forEach((title, s) => {
		children.push(
			new Paragraph({
				heading: HeadingLevel.HEADING_1,
				children: [new TextRun(`${s + 1}. ${title}`)]
			})
		);
		for (let p = 0; p < paragraphsPerSection; p++) {
			if (p % 6 === 0)
				children.push(
					new Paragraph({
						heading: HeadingLevel.HEADING_2,
						children: [new TextRun(`${s + 1}.${p / 6 + 1} ${title}`)]
					})
				);
			children.push(new Paragraph({ children: [new TextRun(prose(seed++, 90))] }));
		}
		if (s < images)
			children.push(
				new Paragraph({
					children: [
						new ImageRun({
							type: 'png',
							data: noisePng(410, 410, s + 1),
							transformation: { width: 300, height: 300 },
							altText: { name: `photo${s}`, description: `Photo ${s + 1}`, title: `Photo ${s + 1}` }
						})
					]
				})
			);
		if (title === 'Moyens et budget')
			children.push(
				table(
					['Poste', 'Montant (€)', 'Financeur'],
					Array.from({ length: 20 }, (_, i) => [`Poste ${i + 1}`, `${(i + 1) * 250}`, 'Région'])
				)
			);
		if (title === 'Calendrier')
			children.push(
				table(
					['Phase', 'Date', 'Responsable'],
					Array.from({ length: 12 }, (_, i) => [
						`Étape ${i + 1}`,
						`${String(i + 1).padStart(2, '0')}/03/2027`,
						'Labo'
					])
				)
			);
	});
	const doc = new Document({ sections: [{ children }] });
	return new Uint8Array(await Packer.toBuffer(doc));
}

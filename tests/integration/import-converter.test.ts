/**
 * The import converter on real files, in its real sandbox (a child process with time and memory
 * limits, no network): a corpus of varied origins checked structurally, then every kind of bad
 * file, each refused with its named error while a local HTTP server counts any request that
 * would leave the converter (there must be none) and the test's event loop stays responsive.
 *
 * Corpus: a DOCX written by the `docx` library (a word processor's output: styles, numbering,
 * a comment, tracked changes, a footnote, images with and without alt text, merged cells), the
 * ODT LibreOffice writes from it, the DOCX LibreOffice writes back from that ODT, a DOCX written
 * by Pandoc from Markdown, the Markdown and an HTML page. Needs LibreOffice and Pandoc (Debian
 * packages installed by .ci/run).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportConverter } from '../../server/import/runner';
import { convertWithOffice, officeAvailable } from '../../server/import/office';
import { ImportError } from '../../server/import/errors';
import { IMPORT_LIMITS } from '../../server/import/limits';
import { mergeIntoTemplate, plainText } from '../../src/lib/domain/import/template-merge';
import { protocolTemplate, type ProseMirrorJSON } from '../../src/lib/domain/templates/protocol';
import { importedDocumentState } from '../../src/lib/editor/import-state';
import { CORPUS, htmlProtocol, markdownProtocol, wordProtocol } from '../support/import-corpus';
import * as bad from '../support/import-files';

const converter = createImportConverter();
const OFFICE = { timeoutMs: 90_000, addressSpaceBytes: IMPORT_LIMITS.officeAddressSpaceBytes };

let hits: string[] = [];
let trap: Server;
let trapUrl = '';
const corpus = new Map<string, Uint8Array>();

function pandocDocx(markdown: string): Uint8Array {
	const dir = mkdtempSync(join(tmpdir(), 'trame-pandoc-'));
	try {
		const out = join(dir, 'out.docx');
		const run = spawnSync('pandoc', ['-f', 'markdown', '-t', 'docx', '-o', out], {
			input: markdown
		});
		if (run.status !== 0) throw new Error(`pandoc failed: ${run.stderr}`);
		return new Uint8Array(readFileSync(out));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

beforeAll(async () => {
	if (!officeAvailable())
		throw new Error('LibreOffice (soffice) is missing: apt-get install libreoffice-writer-nogui');
	if (spawnSync('pandoc', ['--version']).status !== 0)
		throw new Error('Pandoc is missing: apt-get install pandoc');
	trap = createServer((req, res) => {
		hits.push(req.url ?? '');
		res.end('x');
	});
	await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
	trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;

	const word = await wordProtocol();
	// One LibreOffice start per direction (start-up is the slow part).
	const [odt] = await convertWithOffice([{ name: 'docx', data: word }], 'odt', OFFICE);
	const [rewritten] = await convertWithOffice([{ name: 'odt', data: odt! }], 'docx', OFFICE);
	corpus.set('word.docx', word);
	corpus.set('libreoffice.odt', odt!);
	corpus.set('libreoffice.docx', rewritten!);
	corpus.set('pandoc.docx', pandocDocx(markdownProtocol()));
	corpus.set('outline.md', new TextEncoder().encode(markdownProtocol()));
	corpus.set('page.html', new TextEncoder().encode(htmlProtocol()));
}, 180_000);

afterAll(async () => {
	await new Promise<void>((resolve) => trap?.close(() => resolve()));
});

/** Converts, as the server would, and puts the result onto the protocol template. */
async function imported(name: string, data = corpus.get(name)!) {
	const { document } = await converter.convert(data, name);
	const merged = mergeIntoTemplate(
		protocolTemplate('fr', document.title),
		document.doc,
		'protocole'
	);
	const built = importedDocumentState(
		merged.doc,
		document.comments.map((c) => c.id)
	);
	return { document, merged, built };
}

function blocksOf(doc: ProseMirrorJSON, type: string): ProseMirrorJSON[] {
	const out: ProseMirrorJSON[] = [];
	const walk = (node: ProseMirrorJSON) => {
		if (node.type === type) out.push(node);
		node.content?.forEach(walk);
	};
	walk(doc);
	return out;
}

const rowsOf = (doc: ProseMirrorJSON, part: string) =>
	(blocksOf(doc, part)[0]?.content ?? []).map((row) => (row.content ?? []).map(plainText));

/** What each origin keeps: word-processor files carry comments, tracked changes, footnotes. */
const ORIGINS: Record<string, { comments: boolean; images: number; footnotes: number }> = {
	'word.docx': { comments: true, images: 2, footnotes: 1 },
	'libreoffice.odt': { comments: true, images: 2, footnotes: 1 },
	'libreoffice.docx': { comments: true, images: 2, footnotes: 1 },
	'pandoc.docx': { comments: false, images: 0, footnotes: 0 },
	'outline.md': { comments: false, images: 1, footnotes: 0 },
	'page.html': { comments: false, images: 1, footnotes: 0 }
};

describe('corpus of varied origins', () => {
	it.each(Object.keys(ORIGINS))(
		'%s keeps its structure',
		async (name) => {
			const expected = ORIGINS[name]!;
			const { document, merged, built } = await imported(name);
			const doc = built.doc;
			expect(document.title).toBe(CORPUS.title);
			// Six headings land in their sections; the glossary stays a section of its own.
			expect(merged.sections.map((s) => s.section)).toEqual([
				'1. Contexte et territoire',
				'2. Enjeux visés',
				'3. Question de recherche et hypothèses',
				'8. Calendrier',
				'9. Moyens et budget',
				'10. Évaluation'
			]);
			expect(merged.keptHeadings).toEqual(['Annexe : glossaire']);
			// Tables whose columns are a part's became its rows.
			expect(rowsOf(doc, 'budgetPart')).toEqual(CORPUS.budget);
			expect(rowsOf(doc, 'calendarPart')).toEqual(CORPUS.milestones);
			expect(rowsOf(doc, 'indicatorsPart')).toEqual(CORPUS.indicators);
			// Lists, nested and numbered.
			const bullets = blocksOf(doc, 'bulletList')[0]!;
			expect(bullets.content!.map((item) => plainText(item.content![0]!))).toEqual(CORPUS.bullets);
			expect(plainText(blocksOf(bullets, 'bulletList')[1]!)).toBe(CORPUS.nested);
			expect(blocksOf(doc, 'orderedList')[0]!.content!.map(plainText)).toEqual(CORPUS.ordered);
			// Marks and links (Markdown has no underline).
			const marks = new Set(
				blocksOf(doc, 'text').flatMap((t) => (t.marks ?? []).map((mark) => mark.type))
			);
			for (const mark of ['bold', 'italic', 'strike', 'link']) expect(marks).toContain(mark);
			if (!name.endsWith('.md') && name !== 'pandoc.docx') expect(marks).toContain('underline');
			// The glossary table is still a table (merged cells split in word-processor files).
			const glossary = blocksOf(doc, 'table');
			if (expected.comments) expect(glossary).toHaveLength(1);
			const text = JSON.stringify(doc);
			expect(text).toContain(CORPUS.glossary);
			expect(text).toContain(CORPUS.contextText);
			// Images are reported (with their alternative text), never fetched.
			expect(document.images).toHaveLength(expected.images);
			if (expected.images) expect(document.images.map((i) => i.alt)).toContain(CORPUS.imageAlt);
			expect(document.footnotes).toBe(expected.footnotes);
			if (expected.footnotes) expect(text).toContain(`[1] ${CORPUS.footnote}`);
			if (expected.comments) {
				expect(document.comments).toEqual([
					expect.objectContaining({ author: CORPUS.comment.author, text: CORPUS.comment.text })
				]);
				expect(built.anchors.map((a) => [a.quote, a.found])).toEqual([
					[CORPUS.comment.passage, true]
				]);
				// Tracked changes accepted: the insertion kept, the deletion gone, both listed.
				expect(document.trackedChanges.map((c) => [c.kind, c.text])).toEqual([
					['insertion', CORPUS.insertion],
					['deletion', CORPUS.deletion]
				]);
			}
			expect(hits).toEqual([]);
		},
		120_000
	);
});

async function refusal(data: Uint8Array, name: string): Promise<string> {
	try {
		await converter.convert(data, name);
	} catch (error) {
		if (error instanceof ImportError) return error.id;
		throw error;
	}
	return 'accepted';
}

describe('bad files', () => {
	let word: Uint8Array;
	beforeAll(async () => {
		word = await wordProtocol();
		hits = [];
	});

	it('refuses each one with the error that names it', async () => {
		const cases: [string, () => Uint8Array, string][] = [
			['vide.docx', () => new Uint8Array(0), 'empty'],
			['corrompu.docx', () => bad.garbage(), 'corrupt'],
			['xml-casse.docx', () => bad.brokenXml(word), 'corrupt'],
			['tronque.docx', () => bad.truncated(word), 'truncated'],
			['protege.docx', () => bad.passwordProtected(), 'encrypted'],
			['protege.odt', () => bad.encryptedOdt(), 'encrypted'],
			['ancien.doc', () => bad.legacyDoc(), 'legacy_doc'],
			['macros.docm', () => bad.macroEnabled(word), 'macro'],
			['bombe.docx', () => bad.zipBomb(word), 'zip_bomb'],
			['milliers.docx', () => bad.entryFlood(), 'zip_bomb'],
			['xxe.docx', () => bad.externalEntities(word, `${trapUrl}/xxe`), 'external_entities'],
			['programme.docx', () => bad.windowsExecutable(), 'executable'],
			['programme.odt', () => bad.linuxExecutable(), 'executable'],
			['binaire.md', () => bad.garbage(2048, 23), 'not_text'],
			['enorme.docx', () => new Uint8Array(200 * 1024 * 1024), 'too_large']
		];
		const results: Record<string, string> = {};
		const files = cases.map(([name, build, expected]) => [name, build(), expected] as const);
		// The event loop of the server side never waits on a conversion: ticks stay on time.
		let worstLag = 0;
		let last = performance.now();
		const ticker = setInterval(() => {
			const now = performance.now();
			worstLag = Math.max(worstLag, now - last - 20);
			last = now;
		}, 20);
		try {
			for (const [name, data, expected] of files) {
				results[name] = await refusal(data, name);
				expect(results[name], name).toBe(expected);
			}
		} finally {
			clearInterval(ticker);
		}
		expect(hits).toEqual([]);
		// Generous for a loaded CI machine; a conversion in-process would block for seconds.
		expect(worstLag).toBeLessThan(1_000);
	}, 180_000);

	it('lists images linked by URL without fetching them (DOCX, ODT, HTML, Markdown)', async () => {
		hits = [];
		const docx = await converter.convert(
			bad.externalImage(word, `${trapUrl}/logo.png`),
			'lien.docx'
		);
		expect(docx.document.images.filter((i) => i.external)).toHaveLength(1);
		const odt = await converter.convert(bad.odtWithLinkedImage(`${trapUrl}/logo.png`), 'lien.odt');
		expect(JSON.stringify(odt.document.doc)).toContain('Le logo de la commune');
		const html = await converter.convert(
			new TextEncoder().encode(
				`<h1>T</h1><p>a</p><img src="${trapUrl}/a.png" alt="A"><link rel="stylesheet" href="${trapUrl}/s.css"><iframe src="${trapUrl}/f"></iframe><script src="${trapUrl}/s.js"></script>`
			),
			'page.html'
		);
		expect(html.document.images).toEqual([{ alt: 'A', contentType: '', bytes: 0, external: true }]);
		const md = await converter.convert(
			new TextEncoder().encode(`# T\n\n![B](${trapUrl}/b.png)\n\n<img src="${trapUrl}/c.png">`),
			'notes.md'
		);
		expect(md.document.images).toEqual([{ alt: 'B', contentType: '', bytes: 0, external: true }]);
		// Raw HTML in Markdown is text, never markup.
		expect(JSON.stringify(md.document.doc)).toContain('<img src=');
		// Give any stray request time to arrive.
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(hits).toEqual([]);
	}, 120_000);

	it('stops a conversion past its time limit, and the next one still works', async () => {
		const slow = createImportConverter({ timeoutMs: 300 });
		await expect(slow.convert(await wordProtocol(), 'p.docx')).rejects.toMatchObject({
			id: 'timeout'
		});
		const ok = await converter.convert(new TextEncoder().encode('# Titre\n\nTexte.'), 'a.md');
		expect(ok.document.title).toBe('Titre');
	}, 60_000);
});

describe('document shapes', () => {
	it('types a protocol section by section even when headings are H1', async () => {
		const { merged } = await imported(
			'h1.md',
			new TextEncoder().encode(
				'# Calendrier\n\nEn trois temps.\n\n# Budget\n\nModeste.\n\n## Détail\n\nVoir annexe.'
			)
		);
		expect(merged.sections.map((s) => s.section)).toEqual(['8. Calendrier', '9. Moyens et budget']);
		const headings = (merged.doc.content ?? [])
			.filter((n) => n.type === 'heading')
			.map((n) => `${n.attrs?.level}:${plainText(n)}`);
		expect(headings).toContain('3:Détail');
	}, 60_000);

	it('writes a document that is the same JSON when read back from its Yjs state', async () => {
		const { built } = await imported('word.docx');
		const { stateToProseMirror } = await import('../../src/lib/server/review/doc-state');
		expect(stateToProseMirror(built.state)).toEqual(built.doc);
	}, 60_000);
});

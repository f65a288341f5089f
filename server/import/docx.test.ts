/**
 * The DOCX reader's additions to mammoth, in process: comment ranges kept as markers, a reply
 * (Word 2013+ `commentsExtended.xml`) attached to its comment, tracked changes listed, a DTD
 * refused.
 */
import { describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { docxToHtml } from './docx';
import { ImportError } from './errors';
import { wordProtocol, CORPUS } from '../../tests/support/import-corpus';
import { MARK_START, MARK_END } from '../../src/lib/domain/import/types';

const W15 = 'http://schemas.microsoft.com/office/word/2012/wordml';

async function entries(): Promise<Map<string, Uint8Array>> {
	return new Map(Object.entries(unzipSync(await wordProtocol())));
}

describe('docxToHtml', () => {
	it('keeps the comment passage, its reply and the tracked changes', async () => {
		const files = await entries();
		// Word writes a reply as a comment of its own, linked to its parent by paragraph ids
		// (the `w14` namespace is already declared by the docx library).
		const comments = strFromU8(files.get('word/comments.xml')!)
			.replace(/<w:comment ([^>]*)>\s*<w:p>/, '<w:comment $1><w:p w14:paraId="0000000A">')
			.replace(
				'</w:comments>',
				`<w:comment w:id="1" w:author="${CORPUS.comment.reply.author}" w:date="2026-11-05T08:00:00Z"><w:p w14:paraId="0000000B"><w:r><w:t>${CORPUS.comment.reply.text}</w:t></w:r></w:p></w:comment></w:comments>`
			);
		files.set('word/comments.xml', strToU8(comments));
		files.set(
			'word/commentsExtended.xml',
			strToU8(
				`<w15:commentsEx xmlns:w15="${W15}"><w15:commentEx w15:paraId="0000000A" w15:done="0"/><w15:commentEx w15:paraId="0000000B" w15:paraIdParent="0000000A" w15:done="0"/></w15:commentsEx>`
			)
		);
		const result = await docxToHtml(files);
		expect(result.comments).toEqual([
			{
				id: '0',
				author: CORPUS.comment.author,
				date: '2026-11-03T10:00:00.000Z',
				text: CORPUS.comment.text,
				replies: [
					{
						author: CORPUS.comment.reply.author,
						date: '2026-11-05T08:00:00Z',
						text: CORPUS.comment.reply.text
					}
				]
			}
		]);
		expect(result.html).toContain(
			`${MARK_START}0\uE002${CORPUS.comment.passage}${MARK_END}0\uE002`
		);
		expect(result.trackedChanges.map((c) => c.kind)).toEqual(['insertion', 'deletion']);
		// Accepted: the insertion is in the text, the deletion is not.
		expect(result.html).toContain(CORPUS.insertion);
		expect(result.html).not.toContain(`reste ${CORPUS.deletion}faible`);
	});

	it('refuses a document part that declares a DTD', async () => {
		const files = await entries();
		const xml = strFromU8(files.get('word/document.xml')!);
		files.set(
			'word/document.xml',
			strToU8(xml.replace('?>', '?><!DOCTYPE x [<!ENTITY a "aaaa">]>'))
		);
		await expect(docxToHtml(files)).rejects.toBeInstanceOf(ImportError);
		await expect(docxToHtml(files)).rejects.toMatchObject({ id: 'external_entities' });
	});
});

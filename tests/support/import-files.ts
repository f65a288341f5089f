/**
 * Hostile and broken files for the import, built in the tests from a valid corpus DOCX: each one
 * stands for what arrives in real life (a download cut short, a renamed program, a macro
 * document, a password-protected file, a zip bomb, XML external entities, images by URL).
 */
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

export function entriesOf(docx: Uint8Array): Zippable {
	return unzipSync(docx) as Zippable;
}

/** The first half of a real DOCX: its central directory is gone. */
export function truncated(docx: Uint8Array): Uint8Array {
	return docx.subarray(0, Math.floor(docx.byteLength / 2));
}

/** Random bytes that are no archive at all, named like a DOCX. */
export function garbage(size = 4096, seed = 3): Uint8Array {
	let state = seed;
	return Uint8Array.from(
		{ length: size },
		() => (state = (state * 1103515245 + 12345) >>> 0) >>> 24
	);
}

/** A valid archive whose main part is not XML. */
export function brokenXml(docx: Uint8Array): Uint8Array {
	const entries = entriesOf(docx);
	entries['word/document.xml'] = strToU8('<w:document><w:body><w:p>oups');
	return zipSync(entries);
}

/** What Word writes for a password-protected file: an OLE container holding EncryptedPackage. */
export function passwordProtected(): Uint8Array {
	const header = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
	const names = Buffer.concat(
		['EncryptionInfo', 'EncryptedPackage'].map((name) => Buffer.from(`${name}\0`, 'utf16le'))
	);
	const out = new Uint8Array(4096);
	out.set(header, 0);
	out.set(names, 1024);
	out.set(garbage(1024, 11), 2048);
	return out;
}

/** An old binary .doc (OLE without encryption). */
export function legacyDoc(): Uint8Array {
	const out = new Uint8Array(2048);
	out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
	out.set(Buffer.from('WordDocument\0', 'utf16le'), 512);
	return out;
}

/** A password-protected ODT: LibreOffice lists encryption data in the manifest. */
export function encryptedOdt(): Uint8Array {
	return zipSync({
		mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
		'META-INF/manifest.xml': strToU8(
			'<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry></manifest:manifest>'
		),
		'content.xml': garbage(512, 5)
	});
}

/** The DOCX turned into a macro-enabled document (.docm): a VBA project and its content type. */
export function macroEnabled(docx: Uint8Array): Uint8Array {
	const entries = entriesOf(docx);
	const types = new TextDecoder().decode(entries['[Content_Types].xml'] as Uint8Array);
	entries['[Content_Types].xml'] = strToU8(
		types.replace(
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
			'application/vnd.ms-word.document.macroEnabled.main+xml'
		)
	);
	entries['word/vbaProject.bin'] = garbage(2048, 7);
	return zipSync(entries);
}

/** A DOCX whose document part unpacks to `megabytes` MB of zeros (~1000:1). */
export function zipBomb(docx: Uint8Array, megabytes = 200): Uint8Array {
	const entries = entriesOf(docx);
	entries['word/document.xml'] = [new Uint8Array(megabytes * 1024 * 1024), { level: 1 }];
	return zipSync(entries);
}

/** An archive of thousands of empty entries. */
export function entryFlood(count = 6000): Uint8Array {
	const entries: Zippable = {};
	for (let i = 0; i < count; i++) entries[`word/media/x${i}.bin`] = new Uint8Array(0);
	entries['[Content_Types].xml'] = strToU8('<Types/>');
	return zipSync(entries);
}

/** XML external entities in the document part, pointing at `url`. */
export function externalEntities(docx: Uint8Array, url: string): Uint8Array {
	const entries = entriesOf(docx);
	const xml = new TextDecoder().decode(entries['word/document.xml'] as Uint8Array);
	entries['word/document.xml'] = strToU8(
		xml
			.replace(
				/^(<\?xml[^>]*\?>)?/,
				`$1<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "${url}"><!ENTITY lol "lol">]>`
			)
			.replace('<w:body>', '<w:body><w:p><w:r><w:t>&xxe;&lol;</w:t></w:r></w:p>')
	);
	return zipSync(entries);
}

/** The DOCX with an image linked by URL (TargetMode="External") instead of embedded. */
export function externalImage(docx: Uint8Array, url: string): Uint8Array {
	const entries = entriesOf(docx);
	const relsName = 'word/_rels/document.xml.rels';
	const rels = new TextDecoder().decode(entries[relsName] as Uint8Array);
	entries[relsName] = strToU8(
		rels.replace(
			'</Relationships>',
			`<Relationship Id="rIdRemote" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${url}" TargetMode="External"/></Relationships>`
		)
	);
	const xml = new TextDecoder().decode(entries['word/document.xml'] as Uint8Array);
	const drawing = `<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="952500" cy="952500"/><wp:docPr id="99" name="Logo" descr="Logo distant"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="99" name="Logo"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:link="rIdRemote"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`;
	entries['word/document.xml'] = strToU8(xml.replace('<w:body>', `<w:body>${drawing}`));
	return zipSync(entries);
}

/** A minimal ODT with a heading, a paragraph and an image linked by URL. */
export function odtWithLinkedImage(url: string): Uint8Array {
	const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3"><office:body><office:text>
<text:h text:outline-level="1">Calendrier</text:h><text:p>Le logo de la commune :</text:p>
<text:p><draw:frame draw:name="logo" svg:width="2cm" svg:height="2cm"><draw:image xlink:href="${url}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/><svg:desc>Logo de la commune</svg:desc></draw:frame></text:p>
</office:text></office:body></office:document-content>`;
	return zipSync({
		mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
		'META-INF/manifest.xml': strToU8(
			'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
		),
		'content.xml': strToU8(content)
	});
}

/** A Windows program renamed to protocole.docx, and a Linux one. */
export function windowsExecutable(): Uint8Array {
	const out = garbage(4096, 13);
	out.set([0x4d, 0x5a, 0x90, 0x00], 0);
	out.set(strToU8('This program cannot be run in DOS mode.'), 78);
	return out;
}

export function linuxExecutable(): Uint8Array {
	const out = garbage(4096, 17);
	out.set([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01], 0);
	return out;
}

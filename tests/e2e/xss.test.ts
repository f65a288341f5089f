/**
 * Hostile content never runs in another member's browser: HTML pasted into the editor, raw Yjs
 * content sent from Node by an editor (javascript: links, on* attributes, unknown nodes, img
 * onerror), and hostile experiment/document titles. Traps: dialogs, `window.__pwned`, CSP
 * violations. Valid content around what is dropped stays, for everyone.
 */
import type { BrowserContext, Page } from '@playwright/test';
import * as Y from 'yjs';
import { within } from '../../server/testing/within';
import { nodeClient, scratchExperiment, type ScratchExperiment } from './collab-node';
import { editorOf, expect, saveStatus, signIn, test } from './support';

const EDITOR_EMAIL = 'coordination@trame.demo';
const MEMBER_EMAIL = 'evaluation@trame.demo';
const PAYLOAD = 'window.__pwned=(window.__pwned||0)+1;alert(document.domain)';
const HOSTILE_EXPERIMENT = `Expé <img src=x onerror="${PAYLOAD}"><script>${PAYLOAD}</script>`;
const HOSTILE_DOCUMENT = `"><svg onload="${PAYLOAD}"> Protocole <iframe src="javascript:${PAYLOAD}">`;

interface Trap {
	dialogs: string[];
}

/** Records dialogs and CSP violations from the first script of every page of the context. */
async function armTraps(context: BrowserContext, page: Page): Promise<Trap> {
	await context.addInitScript(() => {
		const w = window as unknown as { __csp: string[] };
		w.__csp = [];
		document.addEventListener('securitypolicyviolation', (event) => {
			w.__csp.push(`${event.violatedDirective} ${event.blockedURI}`);
		});
	});
	const trap: Trap = { dialogs: [] };
	page.on('dialog', (dialog) => {
		trap.dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	return trap;
}

/**
 * `parsedHandlers`: inline handlers the page itself parsed (a paste: ProseMirror reads the HTML
 * in a detached document, and Chromium's CSP refuses each `on*` attribute there, reporting a
 * `script-src-attr` violation per attribute without running anything).
 */
async function expectNothingRan(page: Page, trap: Trap, parsedHandlers = 0): Promise<void> {
	const state = await page.evaluate(() => {
		const w = window as unknown as { __pwned?: number; __csp?: string[] };
		const handlers: string[] = [];
		for (const element of document.querySelectorAll('*')) {
			for (const attribute of element.attributes) {
				const name = attribute.name.toLowerCase();
				const value = attribute.value.trim().toLowerCase();
				if (name.startsWith('on') || value.startsWith('javascript:')) {
					handlers.push(`<${element.tagName.toLowerCase()} ${name}="${attribute.value}">`);
				}
			}
		}
		return {
			pwned: w.__pwned ?? 0,
			csp: w.__csp ?? [],
			handlers,
			scripts: document.querySelectorAll('.ProseMirror script, .ProseMirror iframe').length
		};
	});
	expect(trap.dialogs).toEqual([]);
	expect(state).toEqual({
		pwned: 0,
		csp: Array.from({ length: parsedHandlers }, () => 'script-src-attr inline'),
		handlers: [],
		scripts: 0
	});
}

let scratch: ScratchExperiment;

test.beforeAll(async () => {
	scratch = await scratchExperiment(HOSTILE_EXPERIMENT, EDITOR_EMAIL, [MEMBER_EMAIL]);
});

test.afterAll(async () => {
	await scratch?.dispose();
});

test('hostile pastes, raw Yjs content and titles never run in a member’s browser', async ({
	browser,
	browserErrors
}) => {
	// The CSP refuses the pasted on* attributes (counted exactly by expectNothingRan).
	browserErrors.allow(
		/Executing inline event handler violates the following Content Security Policy/
	);
	const documentId = await scratch.newDocument(HOSTILE_DOCUMENT);
	const path = `/documents/${documentId}`;
	const member = await signIn(browser, MEMBER_EMAIL);
	const memberTrap = await armTraps(member.context, member.page);
	const editor = await signIn(browser, EDITOR_EMAIL);
	const editorTrap = await armTraps(editor.context, editor.page);

	// Titles: dashboard, experiment page, document page show them as text.
	await member.page.goto('/');
	await expect(member.page.getByText(HOSTILE_EXPERIMENT).first()).toBeVisible();
	await member.page.goto(`/experiences/${scratch.id}`);
	await expect(member.page.getByText(HOSTILE_DOCUMENT).first()).toBeVisible();
	await member.page.goto(path);
	await expect(editorOf(member.page)).toBeVisible();
	await expectNothingRan(member.page, memberTrap);

	// 1. The editor pastes hostile HTML between valid paragraphs.
	await editor.page.goto(path);
	const box = editorOf(editor.page);
	await expect(saveStatus(editor.page)).toHaveText(/Enregistré/);
	await box.click();
	await box.evaluate((element, html) => {
		const data = new DataTransfer();
		data.setData('text/html', html);
		data.setData('text/plain', 'Texte valide collé');
		element.dispatchEvent(
			new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
		);
	}, pastedHtml());
	await expect(box).toContainText('Texte valide collé après');
	await expect(saveStatus(editor.page)).toHaveText(/Enregistré/);

	// 2. The same editor sends raw Yjs content from Node, around valid paragraphs.
	const raw = await nodeClient(EDITOR_EMAIL, documentId);
	try {
		await within(raw.synced(), 20_000, 'the raw client to sync');
		raw.doc.transact(() => insertHostileYjs(raw.doc.getXmlFragment('default')));
		await within(raw.save(), 20_000, 'the raw content to be saved');
	} finally {
		raw.destroy();
	}

	// Live, then from a cold load: valid content is there, nothing ran.
	const memberEditor = editorOf(member.page);
	for (const text of VALID_TEXTS) await expect(memberEditor).toContainText(text);
	await expectNothingRan(member.page, memberTrap);
	await member.page.reload();
	for (const text of VALID_TEXTS) await expect(editorOf(member.page)).toContainText(text);
	// The document page shows both titles as text: the tab title, the breadcrumb, the editor label.
	expect(await member.page.title()).toContain(HOSTILE_DOCUMENT);
	await expect(member.page.getByRole('link', { name: HOSTILE_EXPERIMENT })).toBeVisible();
	await expect(editorOf(member.page)).toHaveAccessibleName(
		new RegExp(escapeRegExp(HOSTILE_DOCUMENT))
	);
	await expectNothingRan(member.page, memberTrap);
	for (const text of VALID_TEXTS) await expect(box).toContainText(text);
	await expectNothingRan(editor.page, editorTrap, PASTED_HANDLERS);

	// Neutralised, not just hidden: no javascript: link reached the rendered document.
	const hrefs = await member.page
		.locator('.ProseMirror a')
		.evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
	expect(hrefs.length).toBeGreaterThan(0);
	for (const href of hrefs) expect(href).toMatch(/^(https?:|mailto:|$)/);

	// And for a client that is not a browser: the valid text is in the shared document.
	const reader = await nodeClient(MEMBER_EMAIL, documentId);
	try {
		await within(reader.synced(), 20_000, 'a reader to sync');
		const xml = reader.doc.getXmlFragment('default').toString();
		for (const text of VALID_TEXTS) expect(xml).toContain(text);
	} finally {
		reader.destroy();
	}

	await member.page.screenshot({ path: test.info().outputPath('member.png'), fullPage: true });
	await member.context.close();
	await editor.context.close();
});

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const VALID_TEXTS = [
	'Texte valide collé avant',
	'Texte valide collé après',
	'Paragraphe valide avant',
	'Paragraphe valide après',
	'lien neutralisé'
];

/** The `on*` attributes in pastedHtml(). */
const PASTED_HANDLERS = 4;

function pastedHtml(): string {
	return [
		'<p>Texte valide collé avant</p>',
		`<p><a href="javascript:${PAYLOAD}">lien collé</a> <b onmouseover="${PAYLOAD}">gras</b></p>`,
		`<img src="x" onerror="${PAYLOAD}">`,
		`<script>${PAYLOAD}</script>`,
		`<iframe src="javascript:${PAYLOAD}"></iframe>`,
		`<svg><animate onbegin="${PAYLOAD}" attributeName="x" dur="1s"></animate></svg>`,
		`<p style="background:url(javascript:${PAYLOAD})" onclick="${PAYLOAD}">Texte valide collé après</p>`
	].join('');
}

/** What a hostile editor can put in the shared document without going through the editor. */
function insertHostileYjs(fragment: Y.XmlFragment): void {
	const paragraph = (text: string, attributes: Record<string, string> = {}) => {
		const element = new Y.XmlElement('paragraph');
		for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
		element.insert(0, [new Y.XmlText(text)]);
		return element;
	};
	const linked = new Y.XmlElement('paragraph');
	const linkText = new Y.XmlText();
	linked.insert(0, [linkText]);
	const script = new Y.XmlElement('script');
	script.insert(0, [new Y.XmlText(PAYLOAD)]);
	const image = new Y.XmlElement('img');
	image.setAttribute('src', 'x');
	image.setAttribute('onerror', PAYLOAD);
	const iframe = new Y.XmlElement('iframe');
	iframe.setAttribute('src', `javascript:${PAYLOAD}`);
	const heading = paragraph('titre piégé', {
		onclick: PAYLOAD,
		level: `1" onmouseover="${PAYLOAD}`
	});
	const nestedUnknown = new Y.XmlElement('paragraph');
	const inner = new Y.XmlElement('object');
	inner.setAttribute('data', `javascript:${PAYLOAD}`);
	nestedUnknown.insert(0, [inner]);
	fragment.insert(fragment.length, [
		paragraph('Paragraphe valide avant'),
		linked,
		script,
		image,
		paragraph('attribut piégé', { onmouseover: PAYLOAD, style: `x:expression(${PAYLOAD})` }),
		heading,
		iframe,
		nestedUnknown,
		paragraph('Paragraphe valide après')
	]);
	// Formatting applies once the text is in the document.
	linkText.insert(0, 'lien neutralisé', {
		link: { href: `javascript:${PAYLOAD}`, target: '_self', onclick: PAYLOAD }
	});
	linkText.insert(linkText.length, ' et ', {});
	linkText.insert(linkText.length, 'data', {
		link: { href: `data:text/html,<script>${PAYLOAD}</script>` }
	});
}

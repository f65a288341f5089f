/**
 * The room's devices: phone (375 px), tablet (768 and 1024 px, touch) and projector (1920 px).
 * For the editor and the round views: no horizontal scrolling, no control cut off or overlapping
 * another, touch targets of at least 44 px on coarse pointers. Screenshots go to test-results/.
 */
import type { Page } from '@playwright/test';
import {
	editorOf,
	expect,
	expectNoViolations,
	freshProtocol,
	openConsentRound,
	seed,
	signIn,
	test
} from './support';

const TOUCH_WIDTHS = [375, 768, 1024];
/** Where the screenshots go (several engineers share test-results/: set your own). */
const SHOT_DIR = process.env.TRAME_VIEWPORT_DIR ?? 'test-results/viewports';

interface Problem {
	kind: 'cut' | 'overlap' | 'small';
	what: string;
}

/** Visible controls that are cut off, overlap each other or (coarse pointers) are too small. */
async function layoutProblems(page: Page, minTarget: number): Promise<Problem[]> {
	return page.evaluate((min) => {
		const problems: Problem[] = [];
		const describe = (el: Element) =>
			`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
		/** The part of a box that is not clipped by a scrolling or clipping ancestor. */
		const visibleRect = (el: Element, rect: DOMRect): DOMRect | null => {
			let { left, top, right, bottom } = rect;
			for (let p = el.parentElement; p; p = p.parentElement) {
				const style = getComputedStyle(p);
				if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
				const clip = p.getBoundingClientRect();
				left = Math.max(left, clip.left);
				top = Math.max(top, clip.top);
				right = Math.min(right, clip.right);
				bottom = Math.min(bottom, clip.bottom);
			}
			return right - left > 1 && bottom - top > 1
				? new DOMRect(left, top, right - left, bottom - top)
				: null;
		};
		/** A checkbox or radio inside its label is targeted through the whole label. */
		const targetOf = (el: HTMLElement): Element =>
			el instanceof HTMLInputElement &&
			['checkbox', 'radio'].includes(el.type) &&
			el.closest('label')
				? el.closest('label')!
				: el;
		const controls = [
			...document.querySelectorAll<HTMLElement>(
				'button, a[href], input:not([type=hidden]), select, textarea, [role=button]'
			)
		].filter((el) => {
			const style = getComputedStyle(el);
			const rect = el.getBoundingClientRect();
			return (
				style.visibility !== 'hidden' &&
				rect.width > 1 &&
				rect.height > 1 &&
				!el.closest('.visually-hidden, dialog:not([open]), .skip-link') &&
				// The content of a closed <details> is not rendered, whatever its boxes say.
				!(el.closest('details:not([open])') && !el.closest('summary'))
			);
		});
		const width = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth > width + 1)
			problems.push({
				kind: 'cut',
				what: `page scrolls sideways (${document.documentElement.scrollWidth} > ${width}): ${[
					...document.querySelectorAll('body *')
				]
					.filter(
						(el) =>
							el.getBoundingClientRect().right > width + 1 &&
							![...el.children].some((c) => c.getBoundingClientRect().right > width + 1)
					)
					.slice(0, 5)
					.map(describe)
					.join(', ')}`
			});
		/** A toolbar that scrolls sideways (one line on phones) shows its tools as they come. */
		const inScrollingToolbar = (el: Element) => {
			const bar = el.closest('[role="toolbar"]');
			return !!bar && bar.scrollWidth > bar.clientWidth + 1;
		};
		for (const el of controls) {
			if (!visibleRect(el, el.getBoundingClientRect())) continue;
			if (inScrollingToolbar(el)) continue;
			const rect = targetOf(el).getBoundingClientRect();
			if (rect.left < -1 || rect.right > width + 1)
				problems.push({ kind: 'cut', what: describe(el) });
			// Inline links inside running text are exempt from the target size (WCAG 2.5.8).
			const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline';
			const contentEditable = el.isContentEditable;
			if (
				min > 0 &&
				!inline &&
				!contentEditable &&
				(rect.width < min - 0.5 || rect.height < min - 0.5)
			)
				problems.push({
					kind: 'small',
					what: `${describe(el)} ${Math.round(rect.width)}×${Math.round(rect.height)}`
				});
		}
		for (let i = 0; i < controls.length; i++) {
			for (let j = i + 1; j < controls.length; j++) {
				const a = controls[i]!;
				const b = controls[j]!;
				if (a.contains(b) || b.contains(a) || a.closest('label')?.contains(b)) continue;
				const clippedA = [...a.getClientRects()]
					.map((r) => visibleRect(a, r))
					.filter((r) => r !== null);
				const clippedB = [...b.getClientRects()]
					.map((r) => visibleRect(b, r))
					.filter((r) => r !== null);
				for (const ra of clippedA)
					for (const rb of clippedB) {
						const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
						const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
						if (x > 2 && y > 2)
							problems.push({ kind: 'overlap', what: `${describe(a)} × ${describe(b)}` });
					}
			}
		}
		return problems;
	}, minTarget);
}

async function check(page: Page, name: string, width: number, touch: boolean) {
	await page.setViewportSize({
		width,
		height: width < 400 ? 640 : width < 800 ? 900 : width === 1920 ? 1080 : 800
	});
	await page.waitForTimeout(150);
	await page.screenshot({ path: `${SHOT_DIR}/${name}-${width}.png`, fullPage: true });
	const problems = await layoutProblems(page, touch ? 44 : 0);
	expect(problems, `${name} at ${width} px`).toEqual([]);
}

test('editor and round views on phones and tablets (touch)', async ({ browser }) => {
	test.setTimeout(120_000);
	const { experimentId, protocolId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo', { hasTouch: true });
	expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);

	await page.goto(`/documents/${protocolId}`);
	await expect(editorOf(page)).toHaveAttribute('contenteditable', 'true');
	for (const width of TOUCH_WIDTHS) await check(page, 'editor', width, true);

	const round = await openConsentRound(page, experimentId, 'Horaires des permanences', [
		/Camille Rousseau/,
		/Karim Benali/
	]);
	await page.getByRole('button', { name: 'Passer à : Clarification' }).click();
	await page.getByRole('button', { name: 'Lancer le tour de parole' }).click();
	await expect(page.getByTestId('current-speaker')).toBeVisible();
	for (const width of TOUCH_WIDTHS) await check(page, 'round', width, true);
	await page.goto(`${round}/projection`);
	for (const width of TOUCH_WIDTHS) await check(page, 'projection', width, true);
	await context.close();
});

test('editor, round and projection on the room’s screen (1920 px)', async ({ browser }) => {
	const { experimentId, protocolId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	await page.goto(`/documents/${protocolId}`);
	await expect(editorOf(page)).toHaveAttribute('contenteditable', 'true');
	await check(page, 'editor', 1920, false);
	const round = await openConsentRound(page, experimentId, 'Salle des ateliers', [
		/Camille Rousseau/,
		/Karim Benali/
	]);
	await page.getByRole('button', { name: 'Passer à : Clarification' }).click();
	await page.getByRole('button', { name: 'Lancer le tour de parole' }).click();
	await check(page, 'round', 1920, false);
	await page.goto(`${round}/projection`);
	await expect(page.getByTestId('current-speaker')).toBeVisible();
	// Readable from the back of the room: the speaker's name in large type.
	const size = await page
		.getByTestId('current-speaker')
		.evaluate((el) => parseFloat(getComputedStyle(el.querySelector('strong') ?? el).fontSize));
	expect(size).toBeGreaterThanOrEqual(48);
	await check(page, 'projection', 1920, false);
	await context.close();
});

test('register (exports with progress) and the dashboard guide on every device', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { experimentId } = seed();
	for (const touch of [true, false]) {
		const { context, page } = await signIn(browser, 'elue@trame.demo', { hasTouch: touch });
		for (const width of touch ? TOUCH_WIDTHS : [1920]) {
			await page.goto('/');
			await expect(page.getByRole('region', { name: 'Bienvenue dans Trame' })).toBeVisible();
			await check(page, 'dashboard-guide', width, touch);
			await page.goto(`/experiences/${experimentId}/decisions`);
			await expect(page.getByRole('link', { name: /Exporter/ })).toBeVisible();
			await check(page, 'register', width, touch);
		}
		await context.close();
	}
});

test('every page reflows at 320 px (400 % zoom): no sideways scrolling, nothing cut off', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const { experimentId, protocolId } = seed();
	const visitor = await browser.newContext({ viewport: { width: 320, height: 640 } });
	const anonymous = await visitor.newPage();
	for (const [name, path] of [
		['signin', '/connexion'],
		['accessibility', '/accessibilite'],
		['help', '/aide']
	] as const) {
		await anonymous.goto(path);
		await check(anonymous, `reflow-${name}`, 320, false);
	}
	await visitor.close();

	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	const round = await openConsentRound(page, experimentId, 'Reflow à 320 px', [
		/Camille Rousseau/,
		/Karim Benali/
	]);
	for (const [name, path] of [
		['dashboard', '/'],
		['experiment', `/experiences/${experimentId}`],
		['members', `/experiences/${experimentId}/membres`],
		['experiment-edit', `/experiences/${experimentId}/modifier`],
		['experiment-new', '/experiences/nouvelle'],
		['register', `/experiences/${experimentId}/decisions`],
		['proposal-new', `/experiences/${experimentId}/decisions/nouvelle`],
		['document', `/documents/${protocolId}`],
		['versions', `/documents/${protocolId}/versions`],
		['notifications', '/notifications'],
		['round', round]
	] as const) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
		await check(page, `reflow-${name}`, 320, false);
	}
	await context.close();
});

test('on a phone the site header folds into one line, its menu opens and closes by keyboard', async ({
	browser
}) => {
	const { protocolId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo', {
		viewport: { width: 390, height: 844 },
		hasTouch: true
	});
	await page.goto(`/documents/${protocolId}`);
	await expect(editorOf(page)).toHaveAttribute('contenteditable', 'true');
	const header = page.locator('header.site-header');
	const menu = header.getByRole('button', { name: 'Menu' });
	// Folded: brand, notifications and the button only; the editor's header comes right after.
	await expect(menu).toHaveAttribute('aria-expanded', 'false');
	await expect(header.getByRole('link', { name: 'Notifications' })).toBeVisible();
	await expect(header.getByRole('link', { name: 'Mon compte' })).toBeHidden();
	expect((await header.boundingBox())!.height).toBeLessThan(70);

	await page.goto('/');
	await menu.focus();
	await page.keyboard.press('Enter');
	await expect(menu).toHaveAttribute('aria-expanded', 'true');
	await expect(header.getByRole('link', { name: 'Mon compte' })).toBeVisible();
	await expect(header.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
	await expectNoViolations(page, 'phone menu open');
	await check(page, 'phone-menu-open', 390, true);
	await page.keyboard.press('Escape');
	await expect(menu).toHaveAttribute('aria-expanded', 'false');
	await expect(menu).toBeFocused();

	// Following a link from the menu lands on the page with the menu folded again.
	await menu.click();
	await header.getByRole('link', { name: 'Mon compte' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');
	await expect(menu).toHaveAttribute('aria-expanded', 'false');

	// At desktop width there is no menu button: the whole navigation is shown.
	await page.setViewportSize({ width: 1440, height: 900 });
	await expect(menu).toBeHidden();
	await expect(header.getByRole('link', { name: 'Mon compte' })).toBeVisible();
	await context.close();
});

/**
 * Where the caret is, against what is pinned over the text: the top of what is fixed at the bottom
 * of the screen (the toolbar docked on phones, or anything else pinned there) and the bottom of
 * what stays pinned at the top (the sticky header, the toolbar under it). Read after the caret's
 * scrolling (ProseMirror's and the browser's) has been drawn.
 */
async function caretAgainstPinnedUi(page: Page) {
	return page.evaluate(
		() =>
			new Promise<{
				caretTop: number;
				caretBottom: number;
				coverTop: number;
				coverBottom: number;
				scrollY: number;
			}>((done) =>
				requestAnimationFrame(() =>
					requestAnimationFrame(() => {
						const range = getSelection()!.getRangeAt(0);
						let rect = range.getBoundingClientRect();
						if (rect.height === 0) {
							const node = range.startContainer;
							rect = (node instanceof Element ? node : node.parentElement!).getBoundingClientRect();
						}
						const height = window.visualViewport?.height ?? innerHeight;
						let coverTop = height;
						let coverBottom = 0;
						for (const el of document.querySelectorAll('body *')) {
							const style = getComputedStyle(el);
							if (style.position !== 'fixed' && style.position !== 'sticky') continue;
							if (style.visibility === 'hidden') continue;
							const box = el.getBoundingClientRect();
							const onScreen =
								box.width > 1 && box.height > 1 && box.left < innerWidth && box.right > 0;
							if (!onScreen) continue;
							// Pinned to the bottom: fixed, reaching the bottom edge from its lower half.
							if (style.position === 'fixed' && box.bottom >= height - 1 && box.top > height / 2)
								coverTop = Math.min(coverTop, box.top);
							// Pinned at the top: starts in the upper part of the screen, over the text.
							if (box.top < height / 3 && box.top >= -1)
								coverBottom = Math.max(coverBottom, box.bottom);
						}
						done({ caretTop: rect.top, caretBottom: rect.bottom, coverTop, coverBottom, scrollY });
					})
				)
			)
	);
}

test('typing at the end of the text: the caret stays above the toolbar docked at the bottom', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const protocolId = await freshProtocol('Saisie en fin de texte sur téléphone');
	const { context, page } = await signIn(browser, 'coordination@trame.demo', {
		viewport: { width: 390, height: 844 },
		hasTouch: true
	});
	const cases = [
		['fr', 390, 844],
		['en', 390, 844],
		['fr', 768, 1024],
		['en', 768, 1024],
		['en', 1440, 900]
	] as const;
	for (const [locale, width, height] of cases) {
		await context.addCookies([
			{ name: 'PARAGLIDE_LOCALE', value: locale, url: process.env.TRAME_E2E_BASE_URL! }
		]);
		await page.setViewportSize({ width, height });
		await page.goto(`/documents/${protocolId}`);
		const editor = page.locator('#editor-content');
		await expect(editor).toHaveAttribute('contenteditable', 'true');
		// The text is longer than the screen: its end is reached by scrolling.
		expect(
			await page.evaluate(() => document.documentElement.scrollHeight > innerHeight * 1.5)
		).toBe(true);
		await editor.click();
		await page.keyboard.press('Control+End');
		await page.keyboard.press('Enter');
		const last = `Seconde ligne (${locale}, ${width} px)`;
		await page.keyboard.type(
			`Première ligne tapée en fin de texte, assez longue pour revenir à la ligne.`
		);
		await page.keyboard.press('Enter');
		await page.keyboard.type(last);
		await expect(editor).toContainText(last);
		const at = await caretAgainstPinnedUi(page);
		console.log(
			`${locale} ${width}×${height}: caret ${at.caretTop.toFixed(1)}–${at.caretBottom.toFixed(1)}, bottom UI top ${at.coverTop.toFixed(1)}`
		);
		await page.screenshot({ path: `${SHOT_DIR}/caret-at-end-${locale}-${width}.png` });
		expect(at.caretBottom, `${locale} at ${width} px`).toBeLessThanOrEqual(at.coverTop);
		expect(at.caretTop, `${locale} at ${width} px`).toBeGreaterThanOrEqual(0);
	}
	await context.close();
});

test('moving up through the text: the caret stays below the header and toolbar pinned at the top', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const protocolId = await freshProtocol('Remontée dans le texte');
	const { context, page } = await signIn(browser, 'coordination@trame.demo', {
		viewport: { width: 390, height: 844 },
		hasTouch: true
	});
	for (const [locale, width, height] of [
		['fr', 390, 844],
		['en', 1440, 900]
	] as const) {
		await context.addCookies([
			{ name: 'PARAGLIDE_LOCALE', value: locale, url: process.env.TRAME_E2E_BASE_URL! }
		]);
		await page.setViewportSize({ width, height });
		await page.goto(`/documents/${protocolId}`);
		const editor = page.locator('#editor-content');
		await expect(editor).toHaveAttribute('contenteditable', 'true');
		await editor.click();
		await page.keyboard.press('Control+End');
		// Up, line by line, until the text has scrolled under the pinned header.
		let at = await caretAgainstPinnedUi(page);
		const bottomScroll = at.scrollY;
		for (let line = 0; line < 80 && at.scrollY > bottomScroll - height / 2; line++) {
			await page.keyboard.press('ArrowUp');
			at = await caretAgainstPinnedUi(page);
			// Inside a paragraph the browser moves the caret itself and scrolls its line clear of the
			// scroll padding: the caret's own box may then start a few pixels higher (seen: 3).
			expect(at.caretTop, `${locale} at ${width} px, line ${line}`).toBeGreaterThanOrEqual(
				at.coverBottom - 4
			);
		}
		console.log(
			`${locale} ${width}×${height}: scrolled up ${(bottomScroll - at.scrollY).toFixed(0)} px; caret top ${at.caretTop.toFixed(1)}, top UI bottom ${at.coverBottom.toFixed(1)}`
		);
		// The caret did reach the pinned part's edge: the page scrolled half a screen up.
		expect(at.scrollY).toBeLessThanOrEqual(bottomScroll - height / 2);
	}
	await context.close();
});

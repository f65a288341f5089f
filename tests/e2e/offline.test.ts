/**
 * Offline editing: a member edits while the browser is offline (kept in IndexedDB by
 * y-indexeddb), another edits online; back online, both changes are there exactly once, for
 * both, also when the offline page was reloaded before reconnecting.
 * Playwright's setOffline does not close open WebSockets: the session reacts to the browser's
 * offline/online events (collab-session.svelte.ts), which setOffline does fire.
 */
import type { Page } from '@playwright/test';
import { scratchExperiment, type ScratchExperiment } from './collab-node';
import { editorOf, expect, saveStatus, signIn, test, typeAtEnd } from './support';

const OFFLINE_EMAIL = 'coordination@trame.demo';
const ONLINE_EMAIL = 'evaluation@trame.demo';

let scratch: ScratchExperiment;

test.beforeAll(async () => {
	scratch = await scratchExperiment('Expérimentation hors ligne', OFFLINE_EMAIL, [ONLINE_EMAIL]);
});

test.afterAll(async () => {
	await scratch?.dispose();
});

async function expectOnce(page: Page, texts: string[]): Promise<void> {
	const editor = editorOf(page);
	for (const text of texts) await expect(editor).toContainText(text);
	const content = await editor.innerText();
	for (const text of texts) expect(content.split(text).length - 1, text).toBe(1);
}

for (const reload of [false, true]) {
	test(`offline edits merge once with online edits${reload ? ' across a reload' : ''}`, async ({
		browser
	}) => {
		const documentId = await scratch.newDocument(`Hors ligne${reload ? ' rechargé' : ''}`);
		const path = `/documents/${documentId}`;
		const away = await signIn(browser, OFFLINE_EMAIL);
		const here = await signIn(browser, ONLINE_EMAIL);
		await away.page.goto(path);
		await here.page.goto(path);
		await expect(saveStatus(away.page)).toHaveText(/Enregistré/);
		await expect(saveStatus(here.page)).toHaveText(/Enregistré/);
		await typeAtEnd(away.page, 'Commun avant la coupure.');
		await expect(editorOf(here.page)).toContainText('Commun avant la coupure.');

		await away.context.setOffline(true);
		await expect(saveStatus(away.page)).toHaveText(/Hors ligne/);
		const offline = ['Écrit hors ligne, premier.', 'Écrit hors ligne, second.'];
		for (const text of offline) await typeAtEnd(away.page, text);
		await typeAtEnd(here.page, 'Écrit en ligne pendant la coupure.');
		await expect(saveStatus(here.page)).toHaveText(/Enregistré/);
		// Offline edits never reach the other member while the connection is down.
		await away.page.waitForTimeout(1_000);
		await expect(editorOf(here.page)).not.toContainText(offline[0]!);

		if (reload) {
			// No service worker, so a page cannot load offline: the offline page is closed with its
			// edits only in IndexedDB, and a new page opened once back online must send them.
			await away.page.close();
			await away.context.setOffline(false);
			away.page = await away.context.newPage();
			await away.page.goto(path);
		} else {
			await away.context.setOffline(false);
		}

		const all = ['Commun avant la coupure.', ...offline, 'Écrit en ligne pendant la coupure.'];
		await expect(saveStatus(away.page)).toHaveText(/Enregistré/, { timeout: 20_000 });
		await expectOnce(away.page, all);
		await expectOnce(here.page, all);
		// And from the server, for a newcomer.
		await here.page.reload();
		await expectOnce(here.page, all);

		await away.context.close();
		await here.context.close();
	});
}

/**
 * A browser sends the server its own presence only. y-websocket's provider sent every awareness
 * change, other people's included: each cursor move of one person came back from every other
 * browser in the document (N² messages, each decoded and dropped by the server's guard).
 */
import type { Page } from '@playwright/test';
import { scratchExperiment, type ScratchExperiment } from './collab-node';
import { caretAtEnd, editorOf, expect, saveStatus, signIn, test } from './support';

const WATCHER = 'coordination@trame.demo';
const TYPIST = 'evaluation@trame.demo';
/** y-websocket's message type for presence (awareness), the first byte of its frames. */
const AWARENESS = 1;

let scratch: ScratchExperiment;

test.beforeAll(async () => {
	scratch = await scratchExperiment('Expérimentation présence', WATCHER, [TYPIST]);
});

test.afterAll(async () => {
	await scratch?.dispose();
});

/** Counts the presence frames `page` sends and receives on its collaboration socket. */
function presenceFrames(page: Page): { sent: number; received: number } {
	const counts = { sent: 0, received: 0 };
	const firstByte = (payload: string | Buffer) =>
		typeof payload === 'string' ? -1 : (payload[0] ?? -1);
	page.on('websocket', (socket) => {
		if (!socket.url().includes('/collab/')) return;
		socket.on('framesent', ({ payload }) => {
			if (firstByte(payload) === AWARENESS) counts.sent++;
		});
		socket.on('framereceived', ({ payload }) => {
			if (firstByte(payload) === AWARENESS) counts.received++;
		});
	});
	return counts;
}

test("a browser does not send other people's presence back", async ({ browser }) => {
	const documentId = await scratch.newDocument('Présence');
	const watcher = await signIn(browser, WATCHER);
	const typist = await signIn(browser, TYPIST);
	const frames = presenceFrames(watcher.page);
	await watcher.page.goto(`/documents/${documentId}`);
	await typist.page.goto(`/documents/${documentId}`);
	await expect(saveStatus(watcher.page)).toHaveText(/Enregistré/);
	await expect(saveStatus(typist.page)).toHaveText(/Enregistré/);

	const before = { ...frames };
	await caretAtEnd(typist.page);
	for (const key of 'Karim écrit ici.') await typist.page.keyboard.type(key, { delay: 40 });
	await expect(editorOf(watcher.page)).toContainText('Karim écrit ici.');
	// Karim's cursor moves reached Camille's page…
	await expect.poll(() => frames.received - before.received).toBeGreaterThanOrEqual(5);
	// …and her page sent none back (at most its own periodic renewal).
	expect(frames.sent - before.sent).toBeLessThanOrEqual(1);

	await watcher.context.close();
	await typist.context.close();
});

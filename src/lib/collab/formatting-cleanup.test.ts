import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { skipEmptyFormattingCleanup } from './formatting-cleanup';

/** Counts the transactions a document runs (Yjs's clean-up is one of its own). */
function countTransactions(doc: Y.Doc): () => number {
	let count = 0;
	doc.on('afterTransaction', () => count++);
	return () => count;
}

/** A writer whose every change is sent to `receivers` (in order, as a server relays). */
function writer(clientID: number, receivers: Y.Doc[]): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = clientID;
	doc.on('update', (update: Uint8Array) => {
		for (const receiver of receivers) Y.applyUpdate(receiver, update);
	});
	return doc;
}

function receiver(skip: boolean): Y.Doc {
	const doc = new Y.Doc();
	if (skip) skipEmptyFormattingCleanup(doc);
	// Defined before anything arrives, as the editor binds its fragment (Yjs only marks a text
	// as formatted when it integrates a formatting item into a type it already knows as a text).
	doc.getText('t');
	return doc;
}

describe('skipEmptyFormattingCleanup', () => {
	it('runs one transaction for a keystroke typed inside formatted text', () => {
		const plain = receiver(false);
		const skipping = receiver(true);
		const author = writer(1, [plain, skipping]);
		author.getText('t').insert(0, 'abc', { bold: true });
		const plainCount = countTransactions(plain);
		const skippingCount = countTransactions(skipping);
		author.getText('t').insert(3, 'd', { bold: true });
		expect(plainCount()).toBe(2);
		expect(skippingCount()).toBe(1);
		expect(skipping.getText('t').toDelta()).toEqual([
			{ insert: 'abcd', attributes: { bold: true } }
		]);
	});

	const cleanedUp: { name: string; edit: (a: Y.Text, b: Y.Text) => void }[] = [
		{
			name: 'a deletion inside formatted text',
			edit: (a) => a.delete(1, 1)
		},
		{
			name: 'a formatting item added',
			edit: (a) => a.format(0, 2, { italic: true })
		},
		{
			name: 'the same formatting from two people at once (a duplicate to remove)',
			edit: (a, b) => {
				a.format(0, 3, { italic: true });
				b.format(0, 3, { italic: true });
			}
		}
	];
	for (const { name, edit } of cleanedUp) {
		it(`keeps Yjs's clean-up for ${name}, with the same result`, () => {
			const plain = receiver(false);
			const skipping = receiver(true);
			const a = writer(1, []);
			const b = writer(2, []);
			a.getText('t').insert(0, 'abcdef', { bold: true });
			Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
			const updates: Uint8Array[] = [];
			a.on('update', (u: Uint8Array) => updates.push(u));
			b.on('update', (u: Uint8Array) => updates.push(u));
			for (const doc of [plain, skipping]) Y.applyUpdate(doc, Y.encodeStateAsUpdate(a));
			const plainCount = countTransactions(plain);
			const skippingCount = countTransactions(skipping);
			edit(a.getText('t'), b.getText('t'));
			for (const u of updates) for (const doc of [plain, skipping]) Y.applyUpdate(doc, u);
			expect(skippingCount()).toBe(plainCount());
			expect(Y.encodeStateAsUpdate(skipping)).toEqual(Y.encodeStateAsUpdate(plain));
		});
	}

	it('changes nothing in what documents hold, over random formatted edits (fuzz)', () => {
		const seeds = 40;
		const steps = 150;
		let skipped = 0;
		for (let seed = 1; seed <= seeds; seed++) {
			let state = seed;
			const random = () => {
				state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
				return state / 2_147_483_648;
			};
			const plain = receiver(false);
			const skipping = receiver(true);
			const plainCount = countTransactions(plain);
			const skippingCount = countTransactions(skipping);
			// Writers see each other's changes late, in batches, as over a network.
			const writers = [1, 2, 3].map((id) => writer(id, [plain, skipping]));
			const pending: Uint8Array[][] = writers.map(() => []);
			writers.forEach((w, i) =>
				w.on('update', (u: Uint8Array, origin: unknown) => {
					if (origin !== 'peer') pending.forEach((queue, j) => j !== i && queue.push(u));
				})
			);
			const marks = [{ bold: true }, { italic: true }, { bold: null }, {}, { s: 'x' }];
			for (let step = 0; step < steps; step++) {
				const i = Math.floor(random() * writers.length);
				const text = writers[i]!.getText('t');
				const at = Math.floor(random() * (text.length + 1));
				const roll = random();
				const attrs = marks[Math.floor(random() * marks.length)]!;
				if (roll < 0.6) text.insert(at, 'xy'.slice(0, 1 + Math.floor(random() * 2)), attrs);
				else if (roll < 0.8 && at < text.length) text.delete(at, 1);
				else if (at < text.length) text.format(at, 1 + Math.floor(random() * 3), attrs);
				if (random() < 0.3) {
					const queue = pending[i]!.splice(0);
					Y.transact(
						writers[i]!,
						() => queue.forEach((u) => Y.applyUpdate(writers[i]!, u)),
						'peer'
					);
				}
			}
			expect(Y.encodeStateAsUpdate(skipping)).toEqual(Y.encodeStateAsUpdate(plain));
			expect(skipping.getText('t').toDelta()).toEqual(plain.getText('t').toDelta());
			skipped += plainCount() - skippingCount();
		}
		// The fuzz does type inside formatted text: empty clean-ups were skipped.
		expect(skipped).toBeGreaterThan(seeds * 10);
	});
});

import { describe, expect, it } from 'vitest';
import { AppendBatcher, BatchItemRefused, type AppendBatcherOptions } from './append-batcher';

interface Row {
	doc: string;
	size: number;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Lets a settled request's callbacks run, then the batcher's next turn. */
const settle = async () => {
	await turn();
	await turn();
};

/** A store whose requests are recorded and answered by the test. */
function recordingStore(overrides: Partial<AppendBatcherOptions<Row>> = {}) {
	const requests: { rows: Row[]; answer: (ids?: string[]) => void; fail: (e: unknown) => void }[] =
		[];
	const batcher = new AppendBatcher<Row>({
		send: (rows) =>
			new Promise<string[]>((resolve, reject) => {
				requests.push({
					rows: [...rows],
					answer: (ids) => resolve(ids ?? rows.map((row) => `id-${row.doc}`)),
					fail: reject
				});
			}),
		size: (row) => row.size,
		maxItems: 100,
		maxBytes: 1000,
		...overrides
	});
	return { batcher, requests };
}

const row = (doc: string, size = 10): Row => ({ doc, size });

describe('AppendBatcher', () => {
	it('sends the appends of one turn in one request and resolves each with its own id', async () => {
		const { batcher, requests } = recordingStore();
		const ids = Promise.all(['a', 'b', 'c'].map((doc) => batcher.add(row(doc))));
		expect(requests).toHaveLength(0);
		await turn();
		expect(requests.map((r) => r.rows.map((x) => x.doc))).toEqual([['a', 'b', 'c']]);
		requests[0]!.answer();
		expect(await ids).toEqual(['id-a', 'id-b', 'id-c']);
	});

	it('sends a lone append at the end of the turn, without a timer', async () => {
		const { batcher, requests } = recordingStore();
		const id = batcher.add(row('solo'));
		await turn();
		expect(requests).toHaveLength(1);
		requests[0]!.answer();
		expect(await id).toBe('id-solo');
	});

	it('groups appends that arrive while a request is out into the next one', async () => {
		const { batcher, requests } = recordingStore();
		const first = batcher.add(row('a'));
		await turn();
		const later = [batcher.add(row('b')), batcher.add(row('c'))];
		await turn();
		await turn();
		expect(requests).toHaveLength(1);
		expect(batcher.waiting).toBe(2);
		requests[0]!.answer();
		await first;
		await turn();
		expect(requests.map((r) => r.rows.map((x) => x.doc))).toEqual([['a'], ['b', 'c']]);
		requests[1]!.answer();
		expect(await Promise.all(later)).toEqual(['id-b', 'id-c']);
	});

	it('allows maxInFlight requests at once', async () => {
		const { batcher, requests } = recordingStore({ maxItems: 1, maxInFlight: 2 });
		const all = ['a', 'b', 'c'].map((doc) => batcher.add(row(doc)));
		await turn();
		expect(requests).toHaveLength(2);
		requests[0]!.answer();
		await all[0];
		await turn();
		expect(requests).toHaveLength(3);
		requests[1]!.answer();
		requests[2]!.answer();
		expect(await Promise.all(all)).toEqual(['id-a', 'id-b', 'id-c']);
	});

	it('fails every append of a failed request: nothing is acknowledged', async () => {
		const { batcher, requests } = recordingStore();
		const results = ['a', 'b'].map((doc) => batcher.add(row(doc)).catch((e: Error) => e.message));
		await turn();
		requests[0]!.fail(new Error('connection refused'));
		expect(await Promise.all(results)).toEqual(['connection refused', 'connection refused']);
		// The batcher keeps working afterwards.
		const next = batcher.add(row('c'));
		await turn();
		requests[1]!.answer();
		expect(await next).toBe('id-c');
	});

	it('fails only the refused row and sends the others again at once', async () => {
		const { batcher, requests } = recordingStore();
		const results = ['a', 'deleted', 'c', 'd'].map((doc) =>
			batcher.add(row(doc)).catch((e: Error) => `failed: ${e.message}`)
		);
		await turn();
		requests[0]!.fail(new BatchItemRefused(1, new Error('relation not found')));
		await settle();
		expect(requests.map((r) => r.rows.map((x) => x.doc))).toEqual([
			['a', 'deleted', 'c', 'd'],
			['a', 'c', 'd']
		]);
		requests[1]!.answer();
		expect(await Promise.all(results)).toEqual([
			'id-a',
			'failed: relation not found',
			'id-c',
			'id-d'
		]);
	});

	it('retries ahead of newer appends after a refusal', async () => {
		const { batcher, requests } = recordingStore({ maxItems: 2 });
		const results = ['a', 'bad', 'c'].map((doc) => batcher.add(row(doc)).catch(() => 'failed'));
		await turn();
		requests[0]!.fail(new BatchItemRefused(1, new Error('no')));
		await settle();
		expect(requests[1]!.rows.map((x) => x.doc)).toEqual(['a', 'c']);
		requests[1]!.answer();
		expect(await Promise.all(results)).toEqual(['id-a', 'failed', 'id-c']);
	});

	it('caps a request by item count and by bytes; a larger row goes alone', async () => {
		const { batcher, requests } = recordingStore({ maxItems: 3, maxBytes: 100 });
		const sizes = [10, 10, 10, 10, 60, 50, 500, 5];
		const all = sizes.map((size, i) => batcher.add(row(String(i), size)));
		for (let i = 0; i < 6; i++) {
			await turn();
			requests.at(-1)?.answer();
			await turn();
		}
		expect(requests.map((r) => r.rows.map((x) => x.size))).toEqual([
			[10, 10, 10],
			[10, 60],
			[50],
			[500],
			[5]
		]);
		expect(await Promise.all(all)).toHaveLength(sizes.length);
	});

	it('rejects every append when the store returns a wrong number of ids', async () => {
		const { batcher, requests } = recordingStore();
		const results = ['a', 'b'].map((doc) => batcher.add(row(doc)).catch((e: Error) => e.message));
		await turn();
		requests[0]!.answer(['only-one']);
		expect(await Promise.all(results)).toEqual([
			'batch returned 1 ids for 2 rows',
			'batch returned 1 ids for 2 rows'
		]);
	});
});

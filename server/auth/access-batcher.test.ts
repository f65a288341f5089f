import { describe, expect, it } from 'vitest';
import { AccessBatcher } from './access-batcher';
import type { AccessDecision, AccessQuery } from './authenticator';

/** A lookup whose answers the test releases one call at a time. */
function controlledLookup() {
	const calls: { queries: readonly AccessQuery[]; answer: (error?: Error) => void }[] = [];
	const lookup = (queries: readonly AccessQuery[]) =>
		new Promise<AccessDecision[]>((resolve, reject) => {
			calls.push({
				queries,
				answer: (error) =>
					error
						? reject(error)
						: resolve(
								queries.map((q): AccessDecision =>
									q.userId === 'stranger'
										? { kind: 'forbidden' }
										: { kind: 'granted', access: 'edit' }
								)
							)
			});
		});
	return { calls, lookup };
}

const query = (userId: string): AccessQuery => ({ userId, documentName: 'doc000000000001' });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AccessBatcher', () => {
	it('asks at once for a lone query, and together for those arriving meanwhile', async () => {
		const { calls, lookup } = controlledLookup();
		const batcher = new AccessBatcher(lookup);
		const first = batcher.decide(query('alice'));
		expect(calls).toHaveLength(1);
		const others = ['bob', 'stranger', 'carol'].map((id) => batcher.decide(query(id)));
		await tick();
		expect(calls).toHaveLength(1);
		calls[0]!.answer();
		expect(await first).toEqual({ kind: 'granted', access: 'edit' });
		await tick();
		expect(calls).toHaveLength(2);
		expect(calls[1]!.queries.map((q) => q.userId)).toEqual(['bob', 'stranger', 'carol']);
		calls[1]!.answer();
		expect(await Promise.all(others)).toEqual([
			{ kind: 'granted', access: 'edit' },
			{ kind: 'forbidden' },
			{ kind: 'granted', access: 'edit' }
		]);
	});

	it('fails only the batch whose lookup failed', async () => {
		const { calls, lookup } = controlledLookup();
		const batcher = new AccessBatcher(lookup);
		const failed = batcher.decide(query('alice'));
		const next = batcher.decide(query('bob'));
		calls[0]!.answer(new Error('down'));
		await expect(failed).rejects.toThrow('down');
		await tick();
		calls[1]!.answer();
		expect(await next).toEqual({ kind: 'granted', access: 'edit' });
		// Idle again: the next query is asked at once.
		void batcher.decide(query('carol'));
		expect(calls).toHaveLength(3);
	});
});

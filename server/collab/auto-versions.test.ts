import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { silentLogger } from '../log';
import { AutoVersions, combineWatchers } from './auto-versions';

function setup(pauseMs = 1_000, minIntervalMs = 5_000) {
	let clock = 0;
	const written: Uint8Array[] = [];
	const watcher = new AutoVersions({
		logger: silentLogger,
		pauseMs,
		minIntervalMs,
		now: () => clock,
		writer: {
			async write(_name, state) {
				written.push(state);
			}
		}
	});
	const ydoc = new Y.Doc();
	const watch = watcher.watch('doc', ydoc);
	return {
		ydoc,
		watch,
		written,
		advance: async (ms: number) => {
			clock += ms;
			await vi.advanceTimersByTimeAsync(ms);
		}
	};
}

describe('AutoVersions', () => {
	it('takes a version after a pause, not while typing, and keeps the state', async () => {
		vi.useFakeTimers();
		const { ydoc, written, advance, watch } = setup();
		ydoc.getText('t').insert(0, 'a');
		await advance(500);
		ydoc.getText('t').insert(1, 'b');
		await advance(500);
		expect(written).toHaveLength(0);
		await advance(600);
		expect(written).toHaveLength(1);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, written[0]!);
		expect(copy.getText('t').toString()).toBe('ab');
		// No change, no new version; a change too soon waits for the interval.
		await advance(10_000);
		expect(written).toHaveLength(1);
		ydoc.getText('t').insert(2, 'c');
		await advance(1_100);
		expect(written).toHaveLength(2);
		ydoc.getText('t').insert(3, 'd');
		await advance(1_100);
		expect(written).toHaveLength(2);
		// Unloading keeps the unsaved change.
		await watch.flush();
		expect(written).toHaveLength(3);
		await watch.flush();
		expect(written).toHaveLength(3);
		watch.stop();
		vi.useRealTimers();
	});

	it('combines with other watchers', async () => {
		const calls: string[] = [];
		const combined = combineWatchers(
			{
				watch: () => ({ flush: async () => void calls.push('a'), stop: () => calls.push('a-stop') })
			},
			{
				watch: () => ({ flush: async () => void calls.push('b'), stop: () => calls.push('b-stop') })
			}
		);
		const watch = combined.watch('doc', new Y.Doc());
		await watch.flush();
		watch.stop();
		expect(calls).toEqual(['a', 'b', 'a-stop', 'b-stop']);
	});
});

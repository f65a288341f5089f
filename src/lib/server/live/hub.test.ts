import { describe, expect, it } from 'vitest';
import { LiveHub, type LiveMessage } from './hub';
import { formatSse, sseStream } from './sse';
import { parseTopic } from './topics';

describe('LiveHub', () => {
	it('delivers to the topic’s subscribers only, and forgets them on unsubscribe', () => {
		const hub = new LiveHub();
		const got: string[] = [];
		const off = hub.subscribe('round:a', (m) => got.push(`a:${m.type}`));
		hub.subscribe('round:b', (m) => got.push(`b:${m.type}`));
		expect(hub.publish('round:a', { type: 'x' })).toBe(1);
		off();
		off();
		expect(hub.publish('round:a', { type: 'y' })).toBe(0);
		expect(got).toEqual(['a:x']);
		expect(hub.subscriberCount()).toBe(1);
	});

	it('keeps delivering when one listener throws', () => {
		const hub = new LiveHub();
		const got: LiveMessage[] = [];
		hub.subscribe('t:1', () => {
			throw new Error('boom');
		});
		hub.subscribe('t:1', (m) => got.push(m));
		const error = console.error;
		console.error = () => {};
		try {
			expect(hub.publish('t:1', { type: 'z' })).toBe(1);
		} finally {
			console.error = error;
		}
		expect(got).toHaveLength(1);
	});
});

describe('topics', () => {
	it.each([
		['round:abc123', { kind: 'round', id: 'abc123' }],
		['round:', null],
		['Round:abc', null],
		['round:abc:def', null],
		['round:../x', null]
	])('%j', (topic, expected) => expect(parseTopic(topic)).toEqual(expected));
});

describe('sseStream', () => {
	it('confirms, streams notices, and unsubscribes when the client goes away', async () => {
		const hub = new LiveHub();
		const abort = new AbortController();
		const reader = sseStream(hub, 'round:a', abort.signal, 60_000).getReader();
		const decoder = new TextDecoder();
		const first = decoder.decode((await reader.read()).value);
		expect(first).toContain('retry: 3000');
		const ready = decoder.decode((await reader.read()).value);
		expect(ready).toBe(formatSse({ type: 'ready', data: { topic: 'round:a' } }));
		hub.publish('round:a', { type: 'round.changed', data: { revision: 3 } });
		expect(decoder.decode((await reader.read()).value)).toBe(
			'event: round.changed\ndata: {"revision":3}\n\n'
		);
		expect(hub.subscriberCount('round:a')).toBe(1);
		abort.abort();
		expect(hub.subscriberCount('round:a')).toBe(0);
		expect((await reader.read()).done).toBe(true);
	});
});

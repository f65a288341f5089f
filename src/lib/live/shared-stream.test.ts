import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { streamFor, type LiveStatus, type StreamListener } from './shared-stream';

/** The browser's EventSource, as far as the stream uses it (Node has none). */
class FakeEventSource {
	static CLOSED = 2;
	static opened: FakeEventSource[] = [];
	readyState = 1;
	closed = false;
	onerror: (() => void) | null = null;
	readonly listeners = new Map<string, ((event: { data: string }) => void)[]>();
	constructor(readonly url: string) {
		FakeEventSource.opened.push(this);
	}
	addEventListener(type: string, listener: (event: { data: string }) => void) {
		this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
	}
	emit(type: string, data = '{}') {
		for (const listener of this.listeners.get(type) ?? []) listener({ data });
	}
	close() {
		this.closed = true;
	}
}

function listener(types: string[]) {
	const seen: string[] = [];
	let status: LiveStatus = 'connecting';
	const l: StreamListener = {
		types,
		setStatus: (s) => (status = s),
		ready: () => seen.push('ready'),
		message: (type, data) => seen.push(`${type}:${JSON.stringify(data)}`)
	};
	return { l, seen, status: () => status };
}

beforeEach(() => {
	FakeEventSource.opened = [];
	(globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
});
afterEach(() => {
	delete (globalThis as { EventSource?: unknown }).EventSource;
});

describe('one stream per topic for the whole page', () => {
	it('shares one EventSource, dispatches by type, and closes after the last listener', async () => {
		const url = '/api/live?topic=review%3Adoc';
		const review = listener(['review.changed']);
		const decisions = listener(['decisions.changed']);
		streamFor(url).add(review.l);
		streamFor(url).add(decisions.l);
		expect(FakeEventSource.opened).toHaveLength(1);
		const source = FakeEventSource.opened[0]!;
		source.emit('ready');
		source.emit('decisions.changed', '{"n":1}');
		expect(review.seen).toEqual(['ready']);
		expect(decisions.seen).toEqual(['ready', 'decisions.changed:{"n":1}']);
		expect(decisions.status()).toBe('open');

		// A listener joining an open stream refetches at once, as on a reconnection.
		const late = listener(['review.changed']);
		streamFor(url).add(late.l);
		await Promise.resolve();
		expect(late.seen).toEqual(['ready']);

		streamFor(url).remove(review.l);
		streamFor(url).remove(decisions.l);
		expect(source.closed).toBe(false);
		streamFor(url).remove(late.l);
		expect(source.closed).toBe(true);
		// The next listener opens a new one.
		streamFor(url).add(listener(['x']).l);
		expect(FakeEventSource.opened).toHaveLength(2);
	});
});

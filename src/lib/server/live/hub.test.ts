import { describe, expect, it } from 'vitest';
import {
	LiveHub,
	NO_SUBSCRIBER,
	registerLiveCut,
	type LiveMessage,
	type LiveSubscriber
} from './hub';
import { formatSse, sseStream } from './sse';
import { authorizeTopic, parseTopic, registerTopicKind } from './topics';

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

	it('cuts a message per subscriber, with the user and view each was authorized for', () => {
		const hub = new LiveHub();
		const got: string[] = [];
		const seen: LiveSubscriber[] = [];
		hub.subscribe('round:a', (m) => got.push(`ana:${String(m.data?.for)}`), {
			userId: 'ana',
			view: null
		});
		hub.subscribe('round:a', (m) => got.push(`room:${String(m.data?.for)}`), {
			userId: 'ben',
			view: 'projection'
		});
		hub.subscribe('round:a', (m) => got.push(`internal:${String(m.data?.for)}`));
		hub.subscribe('round:b', () => got.push('other topic'), { userId: 'ana', view: null });
		const cut = registerLiveCut('unit.for', (input: { type: string }) => (subscriber) => {
			seen.push(subscriber);
			return {
				type: input.type,
				data: { for: subscriber.view ?? subscriber.userId ?? 'nobody' }
			};
		});
		const delivered = hub.publish('round:a', cut({ type: 'x' }, { type: 'x' }));
		expect(delivered).toBe(3);
		expect(got).toEqual(['ana:ana', 'room:projection', 'internal:nobody']);
		expect(seen).toEqual([
			{ userId: 'ana', view: null },
			{ userId: 'ben', view: 'projection' },
			NO_SUBSCRIBER
		]);
		// A plain message still goes to everyone unchanged.
		got.length = 0;
		expect(hub.publish('round:a', { type: 'y', data: { for: 'all' } })).toBe(3);
		expect(got).toEqual(['ana:all', 'room:all', 'internal:all']);
	});

	it('keeps delivering when cutting one subscriber’s message throws', () => {
		const hub = new LiveHub();
		const got: string[] = [];
		hub.subscribe('t:1', () => got.push('bad'), { userId: 'bad', view: null });
		hub.subscribe('t:1', (m) => got.push(m.type), { userId: 'good', view: null });
		const error = console.error;
		console.error = () => {};
		try {
			const cut = registerLiveCut('unit.throws', () => ({ userId }) => {
				if (userId === 'bad') throw new Error('cannot cut');
				return { type: `for ${userId}` };
			});
			const delivered = hub.publish('t:1', cut(null, { type: 'bare' }));
			expect(delivered).toBe(1);
		} finally {
			console.error = error;
		}
		expect(got).toEqual(['for good']);
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

	it('accepts only the named views a kind offers', async () => {
		registerTopicKind('unit_views', async (userId) => userId === 'ana', ['projection']);
		expect(await authorizeTopic('ana', 'unit_views:x1')).toBe('ok');
		expect(await authorizeTopic('ana', 'unit_views:x1', 'projection')).toBe('ok');
		expect(await authorizeTopic('ben', 'unit_views:x1', 'projection')).toBe('forbidden');
		expect(await authorizeTopic('ana', 'unit_views:x1', 'everything')).toBe('invalid');
		expect(await authorizeTopic('ana', 'unit_views:x1', '')).toBe('invalid');
		expect(await authorizeTopic('ana', 'unit_none:x1')).toBe('invalid');
	});
});

describe('sseStream', () => {
	it('confirms, streams notices, and unsubscribes when the client goes away', async () => {
		const hub = new LiveHub();
		const abort = new AbortController();
		const subscriber = { userId: 'ana', view: null };
		const reader = sseStream(hub, 'round:a', abort.signal, {
			subscriber,
			heartbeatMs: 60_000
		}).getReader();
		const decoder = new TextDecoder();
		const first = decoder.decode((await reader.read()).value);
		expect(first).toContain('retry: 3000');
		const ready = decoder.decode((await reader.read()).value);
		expect(ready).toBe(formatSse({ type: 'ready', data: { topic: 'round:a' } }));
		hub.publish('round:a', { type: 'round.changed', data: { revision: 3 } });
		expect(decoder.decode((await reader.read()).value)).toBe(
			'event: round.changed\ndata: {"revision":3}\n\n'
		);
		// The stream's subscription carries the user it was opened for.
		const cut = registerLiveCut('unit.user', () => (s) => ({
			type: 'cut',
			data: { userId: s.userId }
		}));
		hub.publish('round:a', cut(null, { type: 'cut' }));
		expect(decoder.decode((await reader.read()).value)).toBe(
			'event: cut\ndata: {"userId":"ana"}\n\n'
		);
		expect(hub.subscriberCount('round:a')).toBe(1);
		abort.abort();
		expect(hub.subscriberCount('round:a')).toBe(0);
		expect((await reader.read()).done).toBe(true);
	});

	it('ends the stream when the hub resets its subscriptions (publications possibly missed)', async () => {
		const hub = new LiveHub();
		const reader = sseStream(hub, 'round:a', new AbortController().signal, {
			heartbeatMs: 60_000
		}).getReader();
		await reader.read();
		await reader.read();
		expect(hub.resetSubscriptions()).toBe(1);
		expect(hub.subscriberCount('round:a')).toBe(0);
		expect((await reader.read()).done).toBe(true);
	});
});

describe('relay between instances', () => {
	it('sends every publication to the relay, and cuts relayed ones for local subscribers', () => {
		const here = new LiveHub();
		const there = new LiveHub();
		// What a bus does: JSON across, delivered on the other instance only.
		here.attachRelay({
			send: (topic, publication) => there.deliver(topic, JSON.parse(JSON.stringify(publication)))
		});
		const got: string[] = [];
		there.subscribe('round:a', (m) => got.push(`${m.type}:${String(m.data?.who)}`), {
			userId: 'ana',
			view: null
		});
		const cut = registerLiveCut('unit.relayed', (input: { secret: Record<string, string> }) => {
			return ({ userId }) => ({ type: 'view', data: { who: input.secret[userId ?? ''] } });
		});
		expect(here.publish('round:a', cut({ secret: { ana: 'Ana' } }, { type: 'bare' }))).toBe(0);
		here.publish('round:a', { type: 'notice', data: { who: 'all' } });
		expect(got).toEqual(['view:Ana', 'notice:all']);
	});

	it('delivers the bare notice when the instance does not know the cut', () => {
		const hub = new LiveHub();
		const got: string[] = [];
		hub.subscribe('round:a', (m) => got.push(m.type), { userId: 'ana', view: null });
		hub.deliver('round:a', { cut: 'unit.unknown', input: {}, bare: { type: 'bare' } });
		expect(got).toEqual(['bare']);
	});
});

/**
 * A Server-Sent Events stream of one hub topic: `event: <type>` + `data: <json>` per message, a
 * comment line as heartbeat (keeps proxies and the browser from timing out, and reveals a dead
 * connection), and the subscription removed as soon as the client goes away.
 */
import { NO_SUBSCRIBER, type LiveHub, type LiveMessage, type LiveSubscriber } from './hub';

export const HEARTBEAT_MS = 20_000;

export function formatSse(message: LiveMessage): string {
	return `event: ${message.type}\ndata: ${JSON.stringify(message.data ?? {})}\n\n`;
}

export interface SseOptions {
	/** Who the stream was authorized for: the hub cuts per-subscriber messages for them. */
	subscriber?: LiveSubscriber;
	heartbeatMs?: number;
}

export function sseStream(
	hub: LiveHub,
	topic: string,
	signal: AbortSignal,
	options: SseOptions = {}
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let cleanup = () => {};
	return new ReadableStream<Uint8Array>({
		start(controller) {
			const send = (text: string) => {
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					cleanup(); // the stream is already closed
				}
			};
			// Reset (publications possibly missed in a bus outage): the stream ends, the browser
			// reconnects after `retry` and refetches on `ready`.
			const unsubscribe = hub.subscribe(
				topic,
				(message) => send(formatSse(message)),
				options.subscriber ?? NO_SUBSCRIBER,
				() => cleanup()
			);
			const heartbeat = setInterval(() => send(': ping\n\n'), options.heartbeatMs ?? HEARTBEAT_MS);
			let done = false;
			cleanup = () => {
				if (done) return;
				done = true;
				clearInterval(heartbeat);
				unsubscribe();
				signal.removeEventListener('abort', onAbort);
				try {
					controller.close();
				} catch {
					// already closed
				}
			};
			const onAbort = () => cleanup();
			if (signal.aborted) return cleanup();
			signal.addEventListener('abort', onAbort);
			// Tells the browser how long to wait before reconnecting, then confirms the subscription.
			send(`retry: 3000\n`);
			send(formatSse({ type: 'ready', data: { topic } }));
		},
		cancel() {
			cleanup();
		}
	});
}

/**
 * A Server-Sent Events client for Node: the request a browser's EventSource makes (GET, `Accept:
 * text/event-stream`, the session cookie), read as a stream and parsed per the HTML spec's event
 * stream format (fields `event`, `data`, comments, blank line = dispatch; CRLF, LF or CR).
 * Each event carries the time its bytes were read, before any parsing.
 */

export interface SseEvent {
	type: string;
	data: string;
	/** performance.now() when the chunk holding the end of this event was read. */
	at: number;
}

/** Feeds decoded text in; calls `onEvent` per complete event. */
export function createSseParser(onEvent: (event: SseEvent) => void) {
	let pending = '';
	let type = '';
	let data: string[] = [];
	const line = (text: string, at: number) => {
		if (text === '') {
			// Dispatch: an event without data is dropped (spec), the type resets either way.
			if (data.length > 0) onEvent({ type: type || 'message', data: data.join('\n'), at });
			type = '';
			data = [];
			return;
		}
		if (text.startsWith(':')) return; // comment (heartbeat)
		const colon = text.indexOf(':');
		const field = colon < 0 ? text : text.slice(0, colon);
		let value = colon < 0 ? '' : text.slice(colon + 1);
		if (value.startsWith(' ')) value = value.slice(1);
		if (field === 'event') type = value;
		else if (field === 'data') data.push(value);
		// `id` and `retry` matter for reconnection only, which this client does not do.
	};
	return (text: string, at: number) => {
		pending += text;
		// A CR at the very end may be the first half of a CRLF: keep it for the next chunk.
		const lines = pending.split(/\r\n|\n|\r(?!$)/);
		pending = lines.pop() ?? '';
		for (const l of lines) line(l, at);
	};
}

export interface SseConnection {
	close(): void;
	/** Resolves when the stream ends (closed by either side). */
	ended: Promise<void>;
}

/** Opens `url` as an event stream; rejects unless the server answers 200 text/event-stream. */
export async function openEventStream(
	url: string,
	cookie: string,
	onEvent: (event: SseEvent) => void
): Promise<SseConnection> {
	const abort = new AbortController();
	const response = await fetch(url, {
		headers: { accept: 'text/event-stream', 'cache-control': 'no-store', cookie },
		signal: abort.signal
	});
	const contentType = response.headers.get('content-type') ?? '';
	if (response.status !== 200 || !contentType.startsWith('text/event-stream') || !response.body) {
		abort.abort();
		throw new Error(`event stream ${url} answered ${response.status} ${contentType}`);
	}
	const reader = response.body.getReader();
	const decoder = new TextDecoder();
	const feed = createSseParser(onEvent);
	const ended = (async () => {
		try {
			for (;;) {
				const { done, value } = await reader.read();
				const at = performance.now();
				if (done) break;
				feed(decoder.decode(value, { stream: true }), at);
			}
		} catch {
			// aborted by close(), or the server went away
		}
	})();
	return { close: () => abort.abort(), ended };
}

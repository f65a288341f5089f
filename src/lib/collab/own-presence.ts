import type { WebsocketProvider } from 'y-websocket';

/**
 * y-websocket sends every awareness change to the server, other people's included: each cursor
 * move of one person came back from every other browser (N² messages in a room, each decoded and
 * dropped by the server's guard). Only this browser's own changes go out; the server relays
 * everyone's.
 */
export function sendOwnPresenceOnly(provider: WebsocketProvider): void {
	const send = provider._awarenessUpdateHandler;
	provider.awareness.off('update', send);
	provider._awarenessUpdateHandler = (changes, origin) => {
		if (origin !== provider) send(changes, origin);
	};
	provider.awareness.on('update', provider._awarenessUpdateHandler);
}

/**
 * The live hub across instances: every publication goes to the bus channel `trame:live` as JSON
 * (a notice, or a registered cut's name and input) and each other instance delivers it to its own
 * SSE subscribers, cutting per subscriber itself. Publications sent during a bus outage are lost,
 * so once the bus is back every stream is reset: browsers reconnect and refetch on `ready`.
 */
import { LiveHub, type LivePublication } from '../../src/lib/server/live/hub';
import type { Logger } from '../log';
import type { Bus } from './bus';

export const LIVE_CHANNEL = 'trame:live';

interface Envelope {
	from: string;
	topic: string;
	publication: LivePublication;
}

export function attachLiveRelay(hub: LiveHub, bus: Bus, logger: Logger): () => void {
	const subscription = bus.subscribe(LIVE_CHANNEL, (bytes) => {
		let envelope: Envelope;
		try {
			envelope = JSON.parse(bytes.toString('utf8')) as Envelope;
		} catch {
			logger.warn('live.relay_bad_message', {});
			return;
		}
		if (envelope.from === bus.instanceId) return;
		hub.deliver(envelope.topic, envelope.publication);
	});
	const detach = hub.attachRelay({
		send(topic, publication) {
			const envelope: Envelope = { from: bus.instanceId, topic, publication };
			void bus.publish(LIVE_CHANNEL, Buffer.from(JSON.stringify(envelope), 'utf8'));
		}
	});
	const offReconnect = bus.onReconnect(() => {
		const streams = hub.resetSubscriptions();
		logger.info('live.streams_reset', { streams });
	});
	return () => {
		offReconnect();
		detach();
		subscription.unsubscribe();
	};
}

/**
 * "Someone's access may have changed": published after the app writes memberships, an
 * experiment's status or a document's archive flag. The collaboration server of every instance
 * (through the live hub's relay in a cluster) re-checks its open sockets at once instead of at the
 * next periodic pass, so a removed member's sockets close on every instance together. Not a
 * browser topic: no kind is registered for it, so `/api/live` refuses it.
 */
import { liveHub, type LiveHub } from './hub';

export const ACCESS_TOPIC = 'collab:access';
export const ACCESS_CHANGED = 'access.changed';

export function announceAccessChange(experimentId: string, hub: LiveHub = liveHub()): void {
	hub.publish(ACCESS_TOPIC, { type: ACCESS_CHANGED, data: { experimentId } });
}

/** Runs a write that may change access, then announces it (only if it succeeded). */
export async function changingAccess<T>(experimentId: string, write: () => Promise<T>): Promise<T> {
	const result = await write();
	announceAccessChange(experimentId);
	return result;
}

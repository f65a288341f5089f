/**
 * Pure logic of the save indicator. It only says "saved" when the server has acknowledged, on the
 * current connection or an earlier one, a SaveRequest covering every local change made so far.
 *
 * - every local change (a Y.Doc update not coming from the provider) increments `local`;
 * - after a local change while connected and synced, and after every (re)sync, the client sends
 *   SaveRequest(local); the server answers Saved(k) once everything it received before is durable;
 * - `acked` is the highest k acknowledged.
 */

export type SaveStatus = 'offline' | 'saving' | 'saved';

export interface SaveTrackerState {
	readonly connected: boolean;
	readonly synced: boolean;
	/** Number of local changes so far. */
	readonly local: number;
	/** Highest local count acknowledged as durable by the server. */
	readonly acked: number;
	/** Highest local count sent in a SaveRequest on the current connection, 0 if none. */
	readonly requested: number;
}

export type SaveTrackerEvent =
	| { type: 'local-change' }
	| { type: 'connected' }
	| { type: 'disconnected' }
	| { type: 'synced' }
	| { type: 'saved'; k: number };

export interface SaveTrackerStep {
	state: SaveTrackerState;
	/** k of a SaveRequest to send now, or null. */
	send: number | null;
}

export const initialSaveTrackerState: SaveTrackerState = {
	connected: false,
	synced: false,
	local: 0,
	acked: 0,
	requested: 0
};

export function saveTrackerStep(state: SaveTrackerState, event: SaveTrackerEvent): SaveTrackerStep {
	switch (event.type) {
		case 'local-change': {
			const local = state.local + 1;
			if (state.connected && state.synced) {
				return { state: { ...state, local, requested: local }, send: local };
			}
			return { state: { ...state, local }, send: null };
		}
		case 'connected':
			return { state: { ...state, connected: true, synced: false, requested: 0 }, send: null };
		case 'disconnected':
			return { state: { ...state, connected: false, synced: false, requested: 0 }, send: null };
		case 'synced':
			if (!state.connected) return { state, send: null };
			// Always ask after a (re)sync: changes made offline went out in sync step 2.
			return { state: { ...state, synced: true, requested: state.local }, send: state.local };
		case 'saved': {
			// Acks only ever cover requests of the current connection; ignore nonsense.
			if (!state.connected || !Number.isSafeInteger(event.k) || event.k > state.requested) {
				return { state, send: null };
			}
			return { state: { ...state, acked: Math.max(state.acked, event.k) }, send: null };
		}
	}
}

export function saveStatus(state: SaveTrackerState): SaveStatus {
	if (!state.connected) return 'offline';
	if (!state.synced || state.acked < state.local) return 'saving';
	return 'saved';
}

/** Small stateful wrapper: feeds events, calls `send` for SaveRequests, notifies on change. */
export class SaveTracker {
	#state: SaveTrackerState;

	constructor(
		private readonly send: (k: number) => void,
		private readonly onChange: (state: SaveTrackerState) => void = () => {},
		initial: SaveTrackerState = initialSaveTrackerState
	) {
		this.#state = initial;
	}

	get state(): SaveTrackerState {
		return this.#state;
	}

	get status(): SaveStatus {
		return saveStatus(this.#state);
	}

	dispatch(event: SaveTrackerEvent): void {
		const step = saveTrackerStep(this.#state, event);
		const changed = step.state !== this.#state;
		this.#state = step.state;
		if (step.send !== null) this.send(step.send);
		if (changed) this.onChange(this.#state);
	}
}

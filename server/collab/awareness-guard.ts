/**
 * Presence is only as trustworthy as the server makes it: clients could otherwise claim another
 * client's awareness id (and move "their" cursor) or put any name in the `user` field. The guard
 * binds each connection to the awareness client ids it announces first, drops entries about ids
 * it does not own, and overwrites `user` with the identity the server authenticated.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { equalityDeep } from 'lib0/function';
import type { Awareness } from 'y-protocols/awareness';

export interface AwarenessEntry {
	clientId: number;
	clock: number;
	/** Parsed JSON state; null means "this client left". */
	state: unknown;
	/** The state's JSON as received (decodeAwarenessUpdate), to build the outgoing text from it. */
	json?: string;
}

export interface AwarenessIdentity {
	id: string;
	name: string;
	color: string;
}

/** Owner of awareness ids; one per connection. */
export interface AwarenessOwner {
	readonly key: number;
	readonly identity: AwarenessIdentity;
}

/** A stock y-websocket client uses one id; a few leave room for odd clients, not for squatting. */
const MAX_IDS_PER_CONNECTION = 4;
/** Largest accepted JSON state of one client (cursor + identity are far smaller). */
const MAX_STATE_CHARS = 64 * 1024;
/** A released id stays reserved for its user this long, so echoes cannot capture it. */
const RELEASED_ID_RESERVATION_MS = 60_000;

/** Decodes a y-protocols awareness update. Throws on malformed input. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const json = decoding.readVarString(decoder);
		if (json.length > MAX_STATE_CHARS) {
			entries.push({ clientId, clock, state: TOO_LARGE });
			continue;
		}
		entries.push({ clientId, clock, state: JSON.parse(json) as unknown, json });
	}
	return entries;
}

/**
 * The JSON text of states the guard kept, built from the text received instead of stringified
 * again for every tick that sends them (see `stateJson`). States are never mutated once applied.
 */
const keptJson = new WeakMap<object, string>();
const identityJson = new WeakMap<AwarenessIdentity, string>();

/** The JSON text of an awareness state (the guard's own text when it built the state). */
export function stateJson(state: unknown): string {
	return (
		(typeof state === 'object' && state !== null && keptJson.get(state)) ||
		JSON.stringify(state ?? null)
	);
}

/** Same identity, field for field (what a stock client sends back once it knows its `user`). */
function sameIdentity(user: unknown, identity: AwarenessIdentity): boolean {
	if (typeof user !== 'object' || user === null || Array.isArray(user)) return false;
	const fields = user as Record<string, unknown>;
	let count = 0;
	for (const key in fields) if (Object.hasOwn(fields, key)) count++;
	return (
		count === 3 &&
		fields.id === identity.id &&
		fields.name === identity.name &&
		fields.color === identity.color
	);
}

/**
 * `state` (freshly parsed, owned by the caller) with `user` set to the session's identity, and its
 * JSON text derived from the received `json` when that is safe: unchanged when the client already
 * sent that identity, `user` appended when it sent none; stringified otherwise.
 */
function withIdentity(
	state: Record<string, unknown>,
	json: string | undefined,
	identity: AwarenessIdentity
): Record<string, unknown> {
	let identityText = identityJson.get(identity);
	if (identityText === undefined) {
		identityText = JSON.stringify(identity);
		identityJson.set(identity, identityText);
	}
	const had = Object.hasOwn(state, 'user');
	const unchanged = had && sameIdentity(state.user, identity);
	state.user = { ...identity };
	let text: string | null = null;
	if (json !== undefined) {
		const trimmed = json.trimEnd();
		if (unchanged) text = json;
		else if (!had && trimmed.endsWith('}'))
			text =
				Object.keys(state).length === 1
					? `{"user":${identityText}}`
					: `${trimmed.slice(0, -1)},"user":${identityText}}`;
	}
	keptJson.set(state, text ?? JSON.stringify(state));
	return state;
}

const TOO_LARGE = Symbol('too large');

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const entry of entries) {
		encoding.writeVarUint(encoder, entry.clientId);
		encoding.writeVarUint(encoder, entry.clock);
		encoding.writeVarString(encoder, JSON.stringify(entry.state));
	}
	return encoding.toUint8Array(encoder);
}

/**
 * Applies decoded (and filtered) entries to `awareness` exactly as y-protocols'
 * `applyAwarenessUpdate` applies their encoding — newer clocks win, a null state at the same clock
 * removes — without encoding them only to parse the JSON again. Emits 'change' and 'update'.
 */
export function applyAwarenessEntries(
	awareness: Awareness,
	entries: readonly AwarenessEntry[],
	origin: unknown
): void {
	const now = Date.now();
	// Whether a state really changed only matters to 'change' listeners (the server has none).
	const watchingChanges = (awareness._observers.get('change')?.size ?? 0) > 0;
	const added: number[] = [];
	const updated: number[] = [];
	const changed: number[] = [];
	const removed: number[] = [];
	for (const { clientId, clock, state } of entries) {
		const meta = awareness.meta.get(clientId);
		const currentClock = meta === undefined ? 0 : meta.clock;
		const sameClockRemoval =
			currentClock === clock && state === null && awareness.states.has(clientId);
		if (currentClock >= clock && !sameClockRemoval) continue;
		const previous = awareness.states.get(clientId);
		let newClock = clock;
		if (state === null) {
			// As y-protocols: a remote client never removes this process's own local state.
			if (clientId === awareness.clientID && awareness.getLocalState() !== null) newClock++;
			else awareness.states.delete(clientId);
		} else {
			awareness.states.set(clientId, state as Record<string, unknown>);
		}
		awareness.meta.set(clientId, { clock: newClock, lastUpdated: now });
		if (meta === undefined && state !== null) added.push(clientId);
		else if (meta !== undefined && state === null) removed.push(clientId);
		else if (state !== null) {
			updated.push(clientId);
			if (watchingChanges && !equalityDeep(state, previous)) changed.push(clientId);
		}
	}
	if (added.length > 0 || changed.length > 0 || removed.length > 0)
		awareness.emit('change', [{ added, updated: changed, removed }, origin]);
	if (added.length > 0 || updated.length > 0 || removed.length > 0)
		awareness.emit('update', [{ added, updated, removed }, origin]);
}

/** Stable, pleasant cursor color for a user id (same color in every tab and session). */
export function colorForUser(userId: string): string {
	let hash = 2166136261;
	for (let i = 0; i < userId.length; i++) {
		hash ^= userId.charCodeAt(i);
		hash = Math.imul(hash, 16777619);
	}
	const hue = (hash >>> 0) % 360;
	return hslToHex(hue, 0.65, 0.45);
}

function hslToHex(h: number, s: number, l: number): string {
	const a = s * Math.min(l, 1 - l);
	const channel = (n: number) => {
		const k = (n + h / 30) % 12;
		const value = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
		return Math.round(value * 255)
			.toString(16)
			.padStart(2, '0');
	};
	return `#${channel(0)}${channel(8)}${channel(4)}`;
}

export class AwarenessGuard {
	private readonly owners = new Map<number, AwarenessOwner>();
	private readonly idsByOwner = new Map<number, Set<number>>();
	private readonly reserved = new Map<number, { userId: string; until: number }>();
	/** Ids announced by clients of other instances (cluster), with their user. */
	private readonly remote = new Map<number, string | null>();

	constructor(private readonly now: () => number = Date.now) {}

	/**
	 * Keeps the entries `owner` may publish, with `user` rewritten. Binds ids on the owner's first
	 * message that announces any free id; later unknown ids are dropped.
	 */
	filter(owner: AwarenessOwner, entries: readonly AwarenessEntry[]): AwarenessEntry[] {
		let owned = this.idsByOwner.get(owner.key);
		const binding = owned === undefined;
		const kept: AwarenessEntry[] = [];
		for (const entry of entries) {
			if (entry.state === TOO_LARGE) continue;
			if (entry.state !== null && (typeof entry.state !== 'object' || Array.isArray(entry.state)))
				continue;
			const current = this.owners.get(entry.clientId);
			if (current !== undefined && current.key !== owner.key) continue;
			if (current === undefined) {
				if (!binding || entry.state === null || !this.mayBind(owner, entry.clientId)) continue;
				owned ??= new Set();
				if (owned.size >= MAX_IDS_PER_CONNECTION) continue;
				owned.add(entry.clientId);
				this.owners.set(entry.clientId, owner);
				this.reserved.delete(entry.clientId);
				this.remote.delete(entry.clientId);
			}
			kept.push({
				clientId: entry.clientId,
				clock: entry.clock,
				state:
					entry.state === null
						? null
						: withIdentity(entry.state as Record<string, unknown>, entry.json, owner.identity)
			});
		}
		if (owned !== undefined) this.idsByOwner.set(owner.key, owned);
		return kept;
	}

	/** Forgets the owner (on disconnect); returns the ids whose states must be removed. */
	release(owner: AwarenessOwner): number[] {
		const ids = [...(this.idsByOwner.get(owner.key) ?? [])];
		this.idsByOwner.delete(owner.key);
		const now = this.now();
		for (const [id, reservation] of this.reserved) {
			if (reservation.until <= now) this.reserved.delete(id);
		}
		const until = now + RELEASED_ID_RESERVATION_MS;
		for (const id of ids) {
			this.owners.delete(id);
			this.reserved.set(id, { userId: owner.identity.id, until });
		}
		return ids;
	}

	idsOf(owner: AwarenessOwner): ReadonlySet<number> {
		return this.idsByOwner.get(owner.key) ?? new Set();
	}

	/** True when a connection of this instance owns the id (it wins over remote claims). */
	ownsLocally(clientId: number): boolean {
		return this.owners.has(clientId);
	}

	/**
	 * An id used by a client of another instance: no local connection of another user may take
	 * it (the same user may: that is the tab failing over to this instance).
	 */
	noteRemote(clientId: number, userId: string | null): void {
		this.remote.set(clientId, userId);
	}

	forgetRemote(clientId: number): void {
		this.remote.delete(clientId);
	}

	private mayBind(owner: AwarenessOwner, clientId: number): boolean {
		if (this.remote.has(clientId) && this.remote.get(clientId) !== owner.identity.id) return false;
		const reservation = this.reserved.get(clientId);
		if (reservation === undefined) return true;
		if (reservation.until <= this.now()) {
			this.reserved.delete(clientId);
			return true;
		}
		// A reconnecting tab keeps its awareness id: let the same user take it back.
		return reservation.userId === owner.identity.id;
	}
}

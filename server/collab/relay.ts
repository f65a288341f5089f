/**
 * The collaboration relay between instances (a cluster; absent in a single process). Normally the
 * proxy sends every client of a document to one instance, but during a failover, a rehash or a
 * misrouted request clients of one document sit on several: each instance that loads a document
 * links it to a bus channel of its own, and
 *
 * - each instance stores the updates its own clients sent (or the server made on their behalf)
 *   and relays them; relayed updates are applied with REMOTE_ORIGIN: sent to local clients, never
 *   stored here, never relayed back;
 * - presence is relayed the same way (entries about ids a local connection owns are refused);
 * - an instance that loads a document (or comes back after a bus outage) says Hello with its state
 *   vector; holders answer with what it lacks and their state vector, it answers with what they
 *   lack: stored rows + this exchange make a newcomer converge;
 * - relayed updates stay in a ledger until their instance confirms them durable; a local save ack
 *   waits for those pending when the client's update arrived, and updates not confirmed in time
 *   are stored here (remote-ledger.ts): an acknowledged update survives any instance's death.
 *
 * Nothing is published while no other instance holds the document (with document affinity, the
 * usual case): a message from another holder adds it, Bye removes it, and a publish that reached
 * nobody else forgets them all.
 */
import { applyAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import type { Bus, BusSubscription } from '../cluster/bus';
import type { Logger } from '../log';
import { decodeAwarenessUpdate, encodeAwarenessUpdate } from './awareness-guard';
import { REMOTE_ORIGIN, type CollabDocument, type DocumentLink } from './document';
import { errorMessage } from './persistence';
import { RemoteLedger, type Barrier } from './remote-ledger';
import { RelayType, decodeRelay, encodeRelay, type RelayMessage } from './relay-wire';
import { hopTrace } from './hop-trace';

export interface ClusterRelayOptions {
	bus: Bus;
	logger: Logger;
	/**
	 * How long another instance has to confirm a relayed update durable before this one stores it
	 * itself (default 3 s; its writes normally take ~0.1–0.2 s).
	 */
	remoteDurableTimeoutMs?: number;
}

/** An empty awareness update (no entries). */
const NO_PRESENCE = new Uint8Array([0]);
/** y-protocols' encoding of an update that changes nothing is 2 bytes. */
const hasContent = (update: Uint8Array) => update.byteLength > 2;

export const documentChannel = (name: string) => `trame:doc:${name}`;

export class ClusterRelay {
	private readonly links = new Set<CollabLink>();
	private readonly stopListening: () => void;

	constructor(readonly options: ClusterRelayOptions) {
		// Messages sent during an outage are lost: every linked document exchanges state again.
		const offReconnect = options.bus.onReconnect(() => {
			options.logger.info('collab.relay_resync', { documents: this.links.size });
			for (const link of this.links) link.rejoin();
		});
		this.stopListening = offReconnect;
	}

	get instanceId(): string {
		return this.options.bus.instanceId;
	}

	/** Links a freshly loaded document to the other instances. */
	attach(document: CollabDocument): void {
		const link = new CollabLink(document, this.options, () => this.links.delete(link));
		this.links.add(link);
		document.link = link;
		link.start();
	}

	close(): void {
		this.stopListening();
	}
}

class CollabLink implements DocumentLink {
	/** One load of this document on this instance. */
	readonly sender: string;
	private readonly channel: string;
	private readonly bus: Bus;
	private readonly logger: Logger;
	private readonly timeoutMs: number;
	/** Other holders of the document: sender → when last heard from. */
	private readonly holders = new Map<string, number>();
	/** Presence ids of other instances' clients → their sender. */
	private readonly remoteClients = new Map<number, string>();
	private readonly ledger = new RemoteLedger();
	private subscription: BusSubscription | null = null;
	private overdueTimer: ReturnType<typeof setTimeout> | null = null;
	private resyncTimer: ReturnType<typeof setTimeout> | null = null;
	private adopting = false;
	private stopped = false;

	constructor(
		private readonly document: CollabDocument,
		options: ClusterRelayOptions,
		private readonly onStop: () => void
	) {
		this.bus = options.bus;
		this.logger = options.logger;
		this.timeoutMs = options.remoteDurableTimeoutMs ?? 3_000;
		this.sender = `${this.bus.instanceId}/${randomBytes(4).toString('hex')}`;
		this.channel = documentChannel(document.name);
	}

	start(): void {
		this.subscription = this.bus.subscribe(this.channel, (bytes) => this.receive(bytes));
		this.document.queue.onDurable = (seq) => {
			if (this.holders.size > 0)
				this.send({ type: RelayType.Durable, sender: this.sender, durableSeq: seq });
		};
		// Subscribed first: the answers to Hello must not arrive before we listen.
		void this.subscription.ready.then(() => this.hello());
	}

	/** After a bus outage: forget who held it and exchange state again. */
	rejoin(): void {
		if (this.stopped) return;
		this.holders.clear();
		this.hello();
	}

	stop(): void {
		if (this.stopped) return;
		this.stopped = true;
		this.onStop();
		// Last: everything was flushed before unload or shutdown, so durableSeq covers it all.
		this.send({
			type: RelayType.Bye,
			sender: this.sender,
			durableSeq: this.document.queue.durableSeq
		});
		this.subscription?.unsubscribe();
		this.document.queue.onDurable = null;
		if (this.overdueTimer) clearTimeout(this.overdueTimer);
		if (this.resyncTimer) clearTimeout(this.resyncTimer);
		this.ledger.clear();
	}

	publishUpdate(update: Uint8Array, seq: number): void {
		if (this.holders.size === 0) return;
		this.send({ type: RelayType.Update, sender: this.sender, seq, update });
	}

	publishAwareness(update: Uint8Array): void {
		if (this.holders.size === 0) return;
		this.send({ type: RelayType.Awareness, sender: this.sender, awareness: update });
	}

	barrier(previous: Barrier | null): Barrier | null {
		return this.ledger.barrier(previous);
	}

	wait(barrier: Barrier): Promise<void> {
		return this.ledger.wait(barrier);
	}

	private sendPresence(): void {
		const presence = this.document.localAwarenessUpdate();
		if (presence)
			this.send({ type: RelayType.Awareness, sender: this.sender, awareness: presence });
	}

	private hello(): void {
		const { document } = this;
		this.send({
			type: RelayType.Hello,
			sender: this.sender,
			stateVector: Y.encodeStateVector(document.ydoc),
			durableSeq: document.queue.durableSeq,
			awareness: document.localAwarenessUpdate() ?? NO_PRESENCE
		});
	}

	private send(message: RelayMessage): void {
		const sentAt = Date.now();
		void this.bus.publish(this.channel, encodeRelay(message)).then((receivers) => {
			// Only our own subscription got it: nobody else holds the document any more.
			if (receivers > 1) return;
			for (const [holder, seenAt] of this.holders) if (seenAt < sentAt) this.holders.delete(holder);
		});
	}

	private receive(bytes: Uint8Array): void {
		if (this.stopped) return;
		let message: RelayMessage;
		try {
			message = decodeRelay(bytes);
		} catch (error) {
			this.logger.warn('collab.relay_bad_message', {
				document: this.document.name,
				error: errorMessage(error)
			});
			return;
		}
		const { sender } = message;
		if (sender === this.sender) return;
		if (message.type === RelayType.Bye) {
			this.holders.delete(sender);
			this.ledger.confirm(sender, message.durableSeq);
			this.forgetPresenceOf(sender);
			return;
		}
		const known = this.holders.has(sender);
		this.holders.set(sender, Date.now());
		// A holder we did not know missed our clients' presence so far (a Hello is answered with
		// it anyway; the document itself catches up through the state-vector exchange).
		if (!known && message.type !== RelayType.Hello) this.sendPresence();
		switch (message.type) {
			case RelayType.Hello:
				this.ledger.confirm(sender, message.durableSeq);
				this.applyPresence(sender, message.awareness);
				this.answerHello(sender, message.stateVector);
				return;
			case RelayType.Sync:
				if (message.target !== this.sender) return;
				this.ledger.confirm(sender, message.durableSeq);
				if (hasContent(message.update)) this.applyRemote(sender, message.seq, message.update);
				this.applyPresence(sender, message.awareness);
				this.sendWhatTheyLack(message.stateVector);
				return;
			case RelayType.Update:
				hopTrace?.relayed(message.update);
				this.applyRemote(sender, message.seq, message.update);
				return;
			case RelayType.Awareness:
				this.applyPresence(sender, message.awareness);
				return;
			case RelayType.Durable:
				this.ledger.confirm(sender, message.durableSeq);
				return;
		}
	}

	private answerHello(target: string, stateVector: Uint8Array): void {
		const { document } = this;
		let update: Uint8Array;
		try {
			update = Y.encodeStateAsUpdate(document.ydoc, stateVector);
		} catch {
			update = Y.encodeStateAsUpdate(document.ydoc);
		}
		this.send({
			type: RelayType.Sync,
			sender: this.sender,
			target,
			update,
			stateVector: Y.encodeStateVector(document.ydoc),
			seq: document.queue.lastSeq,
			durableSeq: document.queue.durableSeq,
			awareness: document.localAwarenessUpdate() ?? NO_PRESENCE
		});
	}

	private sendWhatTheyLack(stateVector: Uint8Array): void {
		let update: Uint8Array;
		try {
			update = Y.encodeStateAsUpdate(this.document.ydoc, stateVector);
		} catch {
			return;
		}
		if (!hasContent(update)) return;
		this.send({
			type: RelayType.Update,
			sender: this.sender,
			seq: this.document.queue.lastSeq,
			update
		});
	}

	private applyRemote(sender: string, seq: number, update: Uint8Array): void {
		this.ledger.add(sender, seq, update);
		if (!this.document.applyRemoteUpdate(update)) this.requestResync();
		this.scheduleOverdueCheck();
	}

	/** Part of a relayed update lacked its dependencies: a full exchange brings them. */
	private requestResync(): void {
		if (this.resyncTimer !== null) return;
		this.resyncTimer = setTimeout(() => {
			this.resyncTimer = null;
			if (!this.stopped) this.hello();
		}, 50);
	}

	private applyPresence(sender: string, update: Uint8Array): void {
		if (update.byteLength <= 1) return;
		const { document } = this;
		let entries;
		try {
			entries = decodeAwarenessUpdate(update);
		} catch {
			return;
		}
		const kept = entries.filter(
			(entry) =>
				!document.guard.ownsLocally(entry.clientId) &&
				(entry.state === null || (typeof entry.state === 'object' && !Array.isArray(entry.state)))
		);
		if (kept.length === 0) return;
		for (const entry of kept) {
			if (entry.state === null) {
				this.remoteClients.delete(entry.clientId);
				document.guard.forgetRemote(entry.clientId);
			} else {
				this.remoteClients.set(entry.clientId, sender);
				const user = (entry.state as { user?: { id?: unknown } }).user;
				document.guard.noteRemote(entry.clientId, typeof user?.id === 'string' ? user.id : null);
			}
		}
		applyAwarenessUpdate(document.awareness, encodeAwarenessUpdate(kept), REMOTE_ORIGIN);
	}

	private forgetPresenceOf(sender: string): void {
		const ids = [...this.remoteClients].filter(([, owner]) => owner === sender).map(([id]) => id);
		if (ids.length === 0) return;
		for (const id of ids) {
			this.remoteClients.delete(id);
			this.document.guard.forgetRemote(id);
		}
		const present = ids.filter((id) => this.document.awareness.getStates().has(id));
		if (present.length > 0) removeAwarenessStates(this.document.awareness, present, REMOTE_ORIGIN);
	}

	private scheduleOverdueCheck(): void {
		if (this.overdueTimer !== null || this.stopped) return;
		const deadline = this.ledger.nextDeadline(this.timeoutMs);
		if (deadline === null) return;
		this.overdueTimer = setTimeout(
			() => {
				this.overdueTimer = null;
				void this.adoptOverdue();
			},
			Math.max(0, deadline - Date.now()) + 10
		);
		this.overdueTimer.unref();
	}

	/** Stores, as our own, remote updates their instance did not confirm in time. */
	private async adoptOverdue(): Promise<void> {
		if (this.adopting || this.stopped) return;
		this.adopting = true;
		try {
			for (const { sender, upTo, updates } of this.ledger.overdue(this.timeoutMs)) {
				this.logger.warn('collab.remote_adopted', {
					document: this.document.name,
					from: sender,
					updates: updates.length
				});
				await this.document.adopt(updates);
				this.ledger.confirm(sender, upTo);
			}
		} catch (error) {
			this.logger.error('collab.remote_adopt_failed', {
				document: this.document.name,
				error: errorMessage(error)
			});
		} finally {
			this.adopting = false;
		}
		this.scheduleOverdueCheck();
	}
}

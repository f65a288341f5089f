/**
 * An in-process `Bus` network for unit tests of the cluster code: several "instances" in one
 * process, messages delivered asynchronously and in order, and a partition switch that cuts one
 * instance off (its messages are lost both ways) and heals it (its reconnect listeners run).
 * Production runs either without a bus (one process) or on Redis (`redis-bus.ts`).
 */
import type { Bus, BusHandler, BusSubscription } from './bus';

interface Subscription {
	bus: MemoryBus;
	handler: BusHandler;
}

export class MemoryBusNetwork {
	private readonly channels = new Map<string, Set<Subscription>>();
	private readonly leases = new Map<string, number>();
	private readonly queue: (() => void)[] = [];
	private scheduled = false;
	/** Every message published, for assertions: channel and sender. */
	readonly published: { channel: string; from: string }[] = [];

	bus(instanceId: string): MemoryBus {
		return new MemoryBus(this, instanceId);
	}

	/** @internal */
	deliver(from: MemoryBus, channel: string, message: Uint8Array): number {
		this.published.push({ channel, from: from.instanceId });
		const targets = [...(this.channels.get(channel) ?? [])].filter((s) => s.bus.connected);
		const copy = Buffer.from(message);
		for (const target of targets) {
			this.queue.push(() => {
				if (target.bus.connected && this.channels.get(channel)?.has(target)) target.handler(copy);
			});
		}
		this.schedule();
		return targets.length;
	}

	/** @internal */
	add(channel: string, subscription: Subscription): () => void {
		let set = this.channels.get(channel);
		if (!set) this.channels.set(channel, (set = new Set()));
		set.add(subscription);
		return () => {
			set.delete(subscription);
			if (set.size === 0 && this.channels.get(channel) === set) this.channels.delete(channel);
		};
	}

	/** @internal */
	lease(key: string, ttlMs: number): boolean {
		const now = Date.now();
		const until = this.leases.get(key);
		if (until !== undefined && until > now) return false;
		this.leases.set(key, now + ttlMs);
		return true;
	}

	/** Resolves once every message sent so far has been handled (and those they caused). */
	async settle(): Promise<void> {
		// A few idle turns in a row: handlers (and the promises they start) may publish more.
		let idle = 0;
		for (let i = 0; i < 200 && idle < 5; i++) {
			await new Promise((resolve) => setImmediate(resolve));
			idle = this.queue.length > 0 || this.scheduled ? 0 : idle + 1;
		}
	}

	private schedule(): void {
		if (this.scheduled) return;
		this.scheduled = true;
		setImmediate(() => {
			this.scheduled = false;
			for (const task of this.queue.splice(0)) task();
		});
	}
}

export class MemoryBus implements Bus {
	connected = true;
	private readonly reconnectListeners = new Set<() => void>();
	private readonly disconnectListeners = new Set<() => void>();
	private readonly unsubscribes = new Set<() => void>();

	constructor(
		private readonly network: MemoryBusNetwork,
		readonly instanceId: string
	) {}

	async publish(channel: string, message: Uint8Array): Promise<number> {
		if (!this.connected) return 0;
		return this.network.deliver(this, channel, message);
	}

	subscribe(channel: string, handler: BusHandler): BusSubscription {
		const remove = this.network.add(channel, { bus: this, handler });
		let done = false;
		const unsubscribe = () => {
			if (done) return;
			done = true;
			remove();
			this.unsubscribes.delete(unsubscribe);
		};
		this.unsubscribes.add(unsubscribe);
		return { ready: Promise.resolve(), unsubscribe };
	}

	onReconnect(listener: () => void): () => void {
		this.reconnectListeners.add(listener);
		return () => this.reconnectListeners.delete(listener);
	}

	onDisconnect(listener: () => void): () => void {
		this.disconnectListeners.add(listener);
		return () => this.disconnectListeners.delete(listener);
	}

	async lease(key: string, ttlMs: number): Promise<boolean> {
		return this.connected && this.network.lease(key, ttlMs);
	}

	/** Test switch: cut this instance off the bus (true) or bring it back (false). */
	setPartitioned(partitioned: boolean): void {
		if (partitioned === !this.connected) return;
		this.connected = !partitioned;
		for (const listener of partitioned ? this.disconnectListeners : this.reconnectListeners)
			listener();
	}

	async close(): Promise<void> {
		for (const unsubscribe of [...this.unsubscribes]) unsubscribe();
		this.connected = false;
	}
}

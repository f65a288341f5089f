/**
 * The bus on Redis (Debian's `redis-server`, client `ioredis`): pub/sub for messages, `SET NX PX`
 * for leases. Two connections, as Redis requires (a subscribed connection only receives): one for
 * commands, one subscribed. Both reconnect by themselves (at most 1 s apart); a connection that
 * stops answering (a network partition, not only a closed socket) is noticed by a PING every
 * second and reconnected. Messages published while disconnected are dropped, never queued:
 * users resynchronise on reconnect (see bus.ts).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import type { Bus, BusHandler, BusSubscription } from './bus';

export interface RedisBusOptions {
	/** redis://[:password@]host:port[/db] */
	url: string;
	instanceId?: string;
	logger?: Logger;
	/** How often each connection is pinged; one without an answer for 2× this is reconnected. */
	healthCheckMs?: number;
}

/** A fresh id per process run: `<host>-<pid>-<random>`. */
export function newInstanceId(): string {
	return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export async function connectRedisBus(options: RedisBusOptions): Promise<RedisBus> {
	const bus = new RedisBus(options);
	await bus.ready();
	return bus;
}

export class RedisBus implements Bus {
	readonly instanceId: string;
	private readonly commands: Redis;
	private readonly subscriber: Redis;
	private readonly handlers = new Map<string, Set<BusHandler>>();
	/** Per channel: resolves once Redis confirmed the subscription. */
	private readonly subscribed = new Map<string, Promise<void>>();
	private readonly reconnectListeners = new Set<() => void>();
	private readonly disconnectListeners = new Set<() => void>();
	private readonly logger: Logger;
	private readonly healthTimer: ReturnType<typeof setInterval>;
	private wasConnected = false;
	private up = false;
	private closed = false;

	constructor(options: RedisBusOptions) {
		this.instanceId = options.instanceId ?? newInstanceId();
		this.logger = options.logger ?? silentLogger;
		const healthCheckMs = options.healthCheckMs ?? 1_000;
		const common: RedisOptions = {
			// Reconnect forever, quickly: an instance cut off the bus must come back on its own.
			retryStrategy: (attempt) => Math.min(100 * attempt, 1_000),
			connectTimeout: 2_000,
			maxRetriesPerRequest: 1,
			connectionName: `trame-${this.instanceId}`
		};
		this.commands = new Redis(options.url, {
			...common,
			// Fail at once while disconnected: a stale message delivered later helps nobody.
			enableOfflineQueue: false,
			autoResendUnfulfilledCommands: false,
			commandTimeout: 2 * healthCheckMs
		});
		this.subscriber = new Redis(options.url, { ...common, autoResubscribe: true });
		for (const connection of [this.commands, this.subscriber]) {
			connection.on('ready', () => this.updateStatus());
			connection.on('close', () => this.updateStatus());
			connection.on('error', (error: Error) => {
				this.logger.warn('bus.error', { error: error.message });
			});
		}
		this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
			const handlers = this.handlers.get(channel.toString());
			if (!handlers) return;
			for (const handler of [...handlers]) {
				try {
					handler(message);
				} catch (error) {
					this.logger.error('bus.handler_failed', {
						channel: channel.toString(),
						error: error instanceof Error ? error.message : String(error)
					});
				}
			}
		});
		this.healthTimer = setInterval(() => void this.checkHealth(2 * healthCheckMs), healthCheckMs);
		this.healthTimer.unref();
	}

	get connected(): boolean {
		return this.up;
	}

	/** Resolves once both connections are ready (rejects after 10 s). */
	async ready(): Promise<void> {
		const deadline = Date.now() + 10_000;
		while (!this.up) {
			if (Date.now() > deadline) {
				await this.close();
				throw new Error('Redis (TRAME_REDIS_URL) is not reachable');
			}
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}

	async publish(channel: string, message: Uint8Array): Promise<number> {
		if (!this.up) return 0;
		try {
			const bytes = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
			return await this.commands.publish(channel, bytes);
		} catch {
			return 0;
		}
	}

	subscribe(channel: string, handler: BusHandler): BusSubscription {
		let set = this.handlers.get(channel);
		if (!set) {
			this.handlers.set(channel, (set = new Set()));
			// Queued while disconnected; resubscribed by ioredis after every reconnection.
			this.subscribed.set(
				channel,
				this.subscriber.subscribe(channel).then(
					() => undefined,
					(error: Error) => {
						this.logger.warn('bus.subscribe_failed', { channel, error: error.message });
					}
				)
			);
		}
		set.add(handler);
		let done = false;
		const unsubscribe = () => {
			if (done) return;
			done = true;
			set.delete(handler);
			if (set.size === 0 && this.handlers.get(channel) === set) {
				this.handlers.delete(channel);
				this.subscribed.delete(channel);
				if (!this.closed) this.subscriber.unsubscribe(channel).catch(() => {});
			}
		};
		return { ready: this.subscribed.get(channel) ?? Promise.resolve(), unsubscribe };
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
		if (!this.up) return false;
		try {
			const result = await this.commands.set(
				`trame:lease:${key}`,
				this.instanceId,
				'PX',
				Math.max(1, Math.round(ttlMs)),
				'NX'
			);
			return result === 'OK';
		} catch {
			return false;
		}
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		clearInterval(this.healthTimer);
		this.handlers.clear();
		this.subscriber.disconnect();
		this.commands.disconnect();
		this.up = false;
	}

	private updateStatus(): void {
		const up =
			!this.closed && this.commands.status === 'ready' && this.subscriber.status === 'ready';
		if (up === this.up) return;
		this.up = up;
		if (up) {
			const again = this.wasConnected;
			this.wasConnected = true;
			this.logger.info(again ? 'bus.reconnected' : 'bus.connected', { instance: this.instanceId });
			// ioredis resubscribes just after 'ready'; a PING answered on the subscribed connection
			// comes after those subscriptions, so resynchronising then misses no answer.
			if (again)
				setImmediate(() => {
					void this.subscriber
						.ping()
						.catch(() => undefined)
						.then(() => {
							if (this.up) for (const listener of [...this.reconnectListeners]) listener();
						});
				});
		} else {
			this.logger.warn('bus.disconnected', { instance: this.instanceId });
			for (const listener of [...this.disconnectListeners]) listener();
		}
	}

	/** A connection that does not answer a PING in time is dropped and reconnected. */
	private async checkHealth(timeoutMs: number): Promise<void> {
		if (this.closed) return;
		await Promise.all(
			[this.commands, this.subscriber].map(async (connection) => {
				if (connection.status !== 'ready') return;
				let timer: ReturnType<typeof setTimeout> | undefined;
				const answered = await Promise.race([
					connection.ping().then(
						() => true,
						() => false
					),
					new Promise<boolean>((resolve) => {
						timer = setTimeout(() => resolve(false), timeoutMs);
					})
				]);
				clearTimeout(timer);
				if (!answered && !this.closed && connection.status === 'ready') {
					this.logger.warn('bus.unresponsive', { instance: this.instanceId });
					// Reconnects through retryStrategy; 'close' marks the bus down meanwhile.
					connection.disconnect(true);
				}
			})
		);
	}
}

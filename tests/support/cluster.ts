/**
 * A real Trame cluster for integration tests: PocketBase (passed in), Redis as the bus, N Trame
 * server processes and HAProxy in front, all on 127.0.0.1 with free ports and temp directories.
 * Each instance reaches Redis through its own TCP relay that a test can black-hole (a network
 * partition of that instance's bus connection: bytes silently dropped, nothing closed).
 */
import { createServer, Socket, type Server } from 'node:net';
import { findFreePort } from '../../scripts/lib/pocketbase.mjs';
import {
	startHaproxy,
	startRedis,
	type HaproxyProcess,
	type RedisProcess
} from '../../scripts/lib/cluster.mjs';
import { startTrameServerProcess, type TrameServerProcess } from './trame-server';

export interface BlockableLink {
	port: number;
	/** Drops every byte both ways (connections stay open, as behind a dead router). */
	block(): void;
	/** Lets bytes through again; connections that lost bytes are closed, so clients reconnect. */
	unblock(): void;
	close(): Promise<void>;
}

/** A TCP relay to 127.0.0.1:<targetPort> that can be black-holed. */
export async function startBlockableLink(targetPort: number): Promise<BlockableLink> {
	let blocked = false;
	const pairs = new Set<{ client: Socket; upstream: Socket; dirty: boolean }>();
	const server: Server = createServer((client) => {
		const pair = { client, upstream: new Socket(), dirty: false };
		pairs.add(pair);
		pair.upstream.connect(targetPort, '127.0.0.1');
		const forward = (from: Socket, to: Socket) =>
			from.on('data', (chunk) => {
				if (blocked) {
					pair.dirty = true;
					return;
				}
				to.write(chunk);
			});
		forward(client, pair.upstream);
		forward(pair.upstream, client);
		const end = () => {
			pairs.delete(pair);
			client.destroy();
			pair.upstream.destroy();
		};
		client.on('close', end).on('error', end);
		pair.upstream.on('close', end).on('error', end);
		if (blocked) pair.dirty = true;
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		port,
		block() {
			blocked = true;
		},
		unblock() {
			blocked = false;
			for (const pair of [...pairs]) {
				if (!pair.dirty) continue;
				pair.client.destroy();
				pair.upstream.destroy();
				pairs.delete(pair);
			}
		},
		async close() {
			for (const pair of pairs) {
				pair.client.destroy();
				pair.upstream.destroy();
			}
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

export interface ClusterInstance {
	name: string;
	port: number;
	link: BlockableLink;
	server: TrameServerProcess;
}

export interface TestCluster {
	redis: RedisProcess;
	proxy: HaproxyProcess;
	/** http://127.0.0.1:<proxy port> */
	url: string;
	wsUrl: string;
	instances: ClusterInstance[];
	/** kill -9 of one instance. */
	kill(index: number): Promise<void>;
	/** Starts a killed or stopped instance again on its port (same name, new instance id). */
	restart(index: number): Promise<void>;
	/** Resolves once the proxy routes a path to a live instance whose /health says ok. */
	waitRouted(path?: string): Promise<void>;
	/** An instance's own /health (asked directly, not through the proxy). */
	healthOf(index: number): Promise<InstanceHealth>;
	/** Everything the instances printed. */
	output(): string;
	stop(): Promise<void>;
}

export interface InstanceHealth {
	ok: boolean;
	instance: string;
	bus: 'up' | 'down';
	documents: number;
	connections: number;
}

export interface TestClusterOptions {
	pbUrl: string;
	superuser: { email: string; password: string };
	instances: number;
	/** Extra env for every instance (e.g. TRAME_BUILD_DIR for the app). */
	env?: Record<string, string>;
}

export async function startTestCluster(options: TestClusterOptions): Promise<TestCluster> {
	const redis = await startRedis();
	const proxyPort = await findFreePort();
	const url = `http://127.0.0.1:${proxyPort}`;
	const instances: ClusterInstance[] = [];
	let outputs = '';
	const startInstance = (name: string, port: number, link: BlockableLink) =>
		startTrameServerProcess({
			pbUrl: options.pbUrl,
			superuser: options.superuser,
			port,
			origin: url,
			env: {
				TRAME_REDIS_URL: `redis://127.0.0.1:${link.port}`,
				TRAME_INSTANCE_ID: name,
				// Behind the proxy: the browser's address is the last X-Forwarded-For entry.
				ADDRESS_HEADER: 'x-forwarded-for',
				XFF_DEPTH: '1',
				...options.env
			}
		});
	let proxy: HaproxyProcess;
	try {
		for (let i = 0; i < options.instances; i++) {
			const name = `i${i + 1}`;
			const port = await findFreePort();
			const link = await startBlockableLink(redis.port);
			instances.push({ name, port, link, server: await startInstance(name, port, link) });
		}
		proxy = await startHaproxy({
			port: proxyPort,
			backends: instances.map((instance) => ({ name: instance.name, port: instance.port }))
		});
	} catch (error) {
		// Nothing left behind when the cluster cannot start.
		for (const instance of instances) {
			await instance.server.kill().catch(() => {});
			await instance.link.close().catch(() => {});
		}
		await redis.dispose().catch(() => {});
		throw error;
	}
	const health = async (path = '/health') => {
		const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(2_000) });
		return (await response.json()) as { ok: boolean; instance?: string };
	};
	const cluster: TestCluster = {
		redis,
		proxy,
		url,
		wsUrl: url.replace('http', 'ws'),
		instances,
		async kill(index) {
			const instance = instances[index]!;
			outputs += instance.server.output();
			await instance.server.kill();
		},
		async restart(index) {
			const instance = instances[index]!;
			instance.server = await startInstance(instance.name, instance.port, instance.link);
		},
		async waitRouted(path = '/health') {
			const deadline = Date.now() + 20_000;
			for (;;) {
				try {
					if ((await health(path)).ok) return;
				} catch {
					// not yet
				}
				if (Date.now() > deadline) throw new Error(`the proxy does not route ${path}`);
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		},
		async healthOf(index) {
			const response = await fetch(`http://127.0.0.1:${instances[index]!.port}/health`, {
				signal: AbortSignal.timeout(2_000)
			});
			return (await response.json()) as InstanceHealth;
		},
		output: () => outputs + instances.map((instance) => instance.server.output()).join('\n'),
		async stop() {
			await proxy.stop().catch(() => {});
			for (const instance of instances) {
				outputs += instance.server.output();
				await instance.server.stop().catch(() => {});
				await instance.link.close().catch(() => {});
			}
			await redis.dispose().catch(() => {});
		}
	};
	await cluster.waitRouted();
	return cluster;
}

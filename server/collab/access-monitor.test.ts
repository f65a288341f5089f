import { describe, expect, it } from 'vitest';
import type { AccessDecision, AccessQuery, Authenticator } from '../auth/authenticator';
import { AuthBackendUnavailable } from '../auth/authenticator';
import { createMemoryLogger } from '../log';
import { startAccessMonitor, type MonitoredConnection } from './access-monitor';
import { CollabErrorId, type CollabError } from './errors';

class Connection implements MonitoredConnection {
	closedWith: CollabError | null = null;
	constructor(
		readonly userId: string,
		readonly documentName: string,
		readonly access: string
	) {}
	closeWith(error: CollabError): void {
		this.closedWith = error;
	}
}

/** Answers from a table and records every batch it was asked. */
class TableAuth implements Pick<Authenticator, 'recheckMany'> {
	batches: AccessQuery[][] = [];
	failing = false;
	constructor(readonly table: Map<string, AccessDecision>) {}
	async recheckMany(queries: readonly AccessQuery[]): Promise<AccessDecision[]> {
		this.batches.push([...queries]);
		if (this.failing) throw new AuthBackendUnavailable('down');
		return queries.map(
			(q) => this.table.get(`${q.userId}/${q.documentName}`) ?? { kind: 'not_found' }
		);
	}
}

function monitor(auth: TableAuth, connections: Connection[]) {
	const logger = createMemoryLogger();
	const started = startAccessMonitor({
		auth: {
			authenticate: () => Promise.reject(new Error('not used by the monitor')),
			recheckMany: (queries) => auth.recheckMany(queries)
		},
		connections: () => connections,
		intervalMs: 60_000,
		logger
	});
	return { started, logger };
}

describe('access monitor', () => {
	it('asks once per pass for every (user, document), whatever the number of tabs', async () => {
		const table = new Map<string, AccessDecision>();
		const connections: Connection[] = [];
		for (let i = 0; i < 300; i++) {
			table.set(`u${i}/d${i % 100}`, { kind: 'granted', access: 'edit' });
			connections.push(new Connection(`u${i}`, `d${i % 100}`, 'edit'));
			// A second tab of the same user on the same document.
			if (i % 3 === 0) connections.push(new Connection(`u${i}`, `d${i % 100}`, 'edit'));
		}
		const auth = new TableAuth(table);
		const { started } = monitor(auth, connections);
		await started.checkNow();
		started.stop();
		expect(auth.batches).toHaveLength(1);
		expect(auth.batches[0]).toHaveLength(300);
		expect(connections.every((c) => c.closedWith === null)).toBe(true);
	});

	it('closes exactly the connections whose access changed, every tab of them', async () => {
		const table = new Map<string, AccessDecision>([
			['alice/doc', { kind: 'granted', access: 'edit' }],
			['bob/doc', { kind: 'granted', access: 'read' }],
			['carol/doc', { kind: 'forbidden' }]
		]);
		const alice = new Connection('alice', 'doc', 'edit');
		const bob = [new Connection('bob', 'doc', 'edit'), new Connection('bob', 'doc', 'edit')];
		const carol = new Connection('carol', 'doc', 'comment');
		const dave = new Connection('dave', 'gone', 'read');
		const { started } = monitor(new TableAuth(table), [alice, ...bob, carol, dave]);
		await started.checkNow();
		started.stop();
		expect(alice.closedWith).toBeNull();
		for (const c of [...bob, carol, dave]) {
			expect(c.closedWith?.id).toBe(CollabErrorId.AccessChanged);
		}
	});

	it('keeps every connection when the backend cannot answer', async () => {
		const auth = new TableAuth(new Map());
		auth.failing = true;
		const connection = new Connection('alice', 'doc', 'edit');
		const { started, logger } = monitor(auth, [connection]);
		await started.checkNow();
		started.stop();
		expect(connection.closedWith).toBeNull();
		expect(logger.entries.map((e) => e.event)).toContain('collab.access_recheck_failed');
	});

	it('asks nothing when nobody is connected', async () => {
		const auth = new TableAuth(new Map());
		const { started } = monitor(auth, []);
		await started.checkNow();
		started.stop();
		expect(auth.batches).toHaveLength(0);
	});
});
